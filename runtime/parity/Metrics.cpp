//===- Metrics.cpp - Numerical parity between two tensors -----------------===//
//
// All statistics are computed in double over the float64 view of both
// tensors in one pass; top-k agreement in a second pass over rows.
//
//===----------------------------------------------------------------------===//

#include "runtime/parity/Metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <sstream>

namespace hwc::rt {

namespace {

bool sameSpecial(double a, double r) {
  if (std::isnan(a) || std::isnan(r))
    return std::isnan(a) && std::isnan(r);
  if (std::isinf(a) || std::isinf(r))
    return a == r;
  return false;
}

void topKAgreement(const Tensor &actual, const Tensor &reference,
                   ParityMetrics &m) {
  if (reference.rank() < 1 || reference.rank() > 2 ||
      !isFloatingPoint(reference.dtype()))
    return;
  int64_t classes = reference.dim(reference.rank() - 1);
  if (classes < 2 || reference.numElements() == 0)
    return;
  int64_t rows = reference.numElements() / classes;
  Tensor a = castTensor(actual, DType::Float64), r = castTensor(reference, DType::Float64);
  int64_t top1 = 0, top5 = 0;
  std::vector<int64_t> order(static_cast<size_t>(classes));
  for (int64_t row = 0; row < rows; ++row) {
    const double *pa = a.data<double>() + row * classes;
    const double *pr = r.data<double>() + row * classes;
    int64_t bestR = std::max_element(pr, pr + classes) - pr;
    int64_t bestA = std::max_element(pa, pa + classes) - pa;
    top1 += bestR == bestA;
    std::iota(order.begin(), order.end(), 0);
    int64_t k = std::min<int64_t>(5, classes);
    std::partial_sort(order.begin(), order.begin() + k, order.end(),
                      [&](int64_t x, int64_t y) { return pa[x] > pa[y]; });
    top5 += std::find(order.begin(), order.begin() + k, bestR) != order.begin() + k;
  }
  m.top1Agreement = double(top1) / double(rows);
  m.top5Agreement = double(top5) / double(rows);
}

} // namespace

std::optional<int64_t> classAxis(const Shape &shape) {
  int64_t rank = int64_t(shape.size());
  std::vector<int64_t> longAxes;
  for (int64_t axis = 1; axis < rank; ++axis)
    if (shape[size_t(axis)] > 1)
      longAxes.push_back(axis);
  if (longAxes.size() == 1)
    return longAxes.front();
  if (longAxes.empty())
    return std::nullopt;
  if (rank == 4)
    return shape[1] > 1 ? std::optional<int64_t>(1) : std::nullopt;
  if (rank <= 3)
    return rank - 1;
  return std::nullopt;
}

ParityMetrics compareTensors(const Tensor &actual, const Tensor &reference,
                             const Tolerance &tol) {
  ParityMetrics m;
  m.shapeMatches = actual.shape() == reference.shape();
  m.dtypeMatches = actual.dtype() == reference.dtype();
  if (!m.shapeMatches) {
    m.mismatches = std::max(actual.numElements(), reference.numElements());
    return m;
  }
  Tensor a = castTensor(actual, DType::Float64);
  Tensor r = castTensor(reference, DType::Float64);
  const double *pa = a.data<double>(), *pr = r.data<double>();
  m.count = a.numElements();
  double dot = 0, normA = 0, normR = 0, noise = 0;
  for (int64_t i = 0; i < m.count; ++i) {
    double x = pa[i], y = pr[i];
    if (sameSpecial(x, y))
      continue;
    double diff = std::abs(x - y);
    if (std::isnan(diff)) {
      ++m.mismatches;
      m.maxAbsError = m.maxRelError = std::numeric_limits<double>::infinity();
      m.requiredAtol = m.requiredRtol = std::numeric_limits<double>::infinity();
      continue;
    }
    double rel = y != 0 ? diff / std::abs(y)
                        : (diff == 0 ? 0 : std::numeric_limits<double>::infinity());
    m.maxAbsError = std::max(m.maxAbsError, diff);
    m.maxRelError = std::max(m.maxRelError, rel);
    if (diff > tol.atol + tol.rtol * std::abs(y))
      ++m.mismatches;
    m.requiredAtol = std::max(m.requiredAtol, diff - tol.rtol * std::abs(y));
    if (diff > tol.atol)
      m.requiredRtol = std::max(
          m.requiredRtol, y != 0 ? (diff - tol.atol) / std::abs(y)
                                 : std::numeric_limits<double>::infinity());
    dot += x * y;
    normA += x * x;
    normR += y * y;
    noise += (x - y) * (x - y);
  }
  m.requiredAtol = std::max(m.requiredAtol, 0.0);
  m.cosine = normA > 0 && normR > 0 ? dot / std::sqrt(normA * normR)
                                    : (normA == normR ? 1.0 : 0.0);
  m.sqnrDb = noise > 0 ? 10 * std::log10(normR / noise)
                       : std::numeric_limits<double>::infinity();
  m.nmse = normR > 0 ? noise / normR : (noise > 0 ? std::numeric_limits<double>::infinity() : 0);
  if (!isFloatingPoint(reference.dtype()) && reference.dtype() != DType::Bool)
    m.maxLsbError = int64_t(std::llround(m.maxAbsError));
  topKAgreement(actual, reference, m);
  return m;
}

std::string formatMetrics(const ParityMetrics &m, const Tolerance &tol) {
  std::ostringstream out;
  out << (m.passed() ? "PASS" : "FAIL");
  if (!m.shapeMatches) {
    out << " shape mismatch";
    return out.str();
  }
  if (!m.dtypeMatches)
    out << " dtype mismatch;";
  char line[512];
  std::snprintf(line, sizeof(line),
                " max_abs=%.3g max_rel=%.3g mismatches=%lld/%lld "
                "(rtol=%g atol=%g; passes with atol>=%.3g or rtol>=%.3g) "
                "cos=%.6f sqnr=%.1fdB nmse=%.3g",
                m.maxAbsError, m.maxRelError, (long long)m.mismatches,
                (long long)m.count, tol.rtol, tol.atol, m.requiredAtol,
                m.requiredRtol, m.cosine, m.sqnrDb, m.nmse);
  out << line;
  if (m.top1Agreement)
    out << " top1=" << *m.top1Agreement * 100 << "% top5="
        << *m.top5Agreement * 100 << "%";
  if (m.maxLsbError)
    out << " max_lsb=" << *m.maxLsbError;
  return out.str();
}

} // namespace hwc::rt
