//===- RangeSelection.cpp - Calibration statistics and ranges --------------===//
//
// Every method works on the histograms alone, so choosing a range costs no
// model execution and is exactly reproducible from the statistics.
//
//===----------------------------------------------------------------------===//

#include "compiler/quantize/RangeSelection.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hwc::quant {

Histogram::Histogram(double lo, double hi, int bins)
    : lo(lo), hi(hi), counts(size_t(bins), 0.0),
      binsPerUnit(hi > lo ? double(bins) / (hi - lo) : 0.0) {}

double Histogram::total() const {
  double sum = 0;
  for (double count : counts)
    sum += count;
  return sum;
}

double TensorStatistics::absMax() const { return std::max(std::fabs(min), std::fabs(max)); }

void TensorStatistics::prepareHistograms() {
  values = Histogram(std::min(min, 0.0), std::max(max, 0.0));
  magnitudes = Histogram(0.0, absMax());
}

std::optional<RangeMethod> parseRangeMethod(const std::string &name) {
  for (RangeMethod method : {RangeMethod::MinMax, RangeMethod::Percentile,
                             RangeMethod::Entropy, RangeMethod::Mse, RangeMethod::Auto})
    if (name == rangeMethodName(method))
      return method;
  return std::nullopt;
}

const char *rangeMethodName(RangeMethod method) {
  switch (method) {
  case RangeMethod::MinMax:
    return "minmax";
  case RangeMethod::Percentile:
    return "percentile";
  case RangeMethod::Entropy:
    return "entropy";
  case RangeMethod::Mse:
    return "mse";
  case RangeMethod::Auto:
    return "auto";
  }
  return "?";
}

Grid asymmetricGrid(double lo, double hi, int bits) {
  Grid grid;
  grid.minLevel = -(int64_t(1) << (bits - 1));
  grid.maxLevel = (int64_t(1) << (bits - 1)) - 1;
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  if (!(hi > lo))
    return grid; // an all-zero tensor: any scale represents it exactly
  grid.scale = (hi - lo) / double(grid.maxLevel - grid.minLevel);
  double zero = std::nearbyint(double(grid.minLevel) - lo / grid.scale);
  grid.zeroPoint = std::clamp<int64_t>(int64_t(zero), grid.minLevel, grid.maxLevel);
  return grid;
}

namespace {

/// Sum of squared quantization errors (and of squared values) of the
/// histogram's bin centers on the grid of [lo, hi].
std::pair<double, double> quantizationError(const Histogram &values, double lo, double hi,
                                            int bits) {
  Grid grid = asymmetricGrid(lo, hi, bits);
  double error = 0, signal = 0;
  for (size_t bin = 0; bin < values.counts.size(); ++bin) {
    double count = values.counts[bin];
    if (count == 0)
      continue;
    double x = values.center(bin);
    double level = std::nearbyint(x / grid.scale) + double(grid.zeroPoint);
    level = std::clamp(level, double(grid.minLevel), double(grid.maxLevel));
    double restored = (level - double(grid.zeroPoint)) * grid.scale;
    error += count * (x - restored) * (x - restored);
    signal += count * x * x;
  }
  return {error, signal};
}

Range percentileRange(const TensorStatistics &stats, double percentile) {
  const Histogram &values = stats.values;
  double total = values.total();
  double tail = total * (1.0 - percentile / 100.0);
  Range range{std::min(stats.min, 0.0), std::max(stats.max, 0.0), RangeMethod::Percentile};
  double below = 0;
  for (size_t bin = 0; bin < values.counts.size(); ++bin) {
    below += values.counts[bin];
    if (below > tail) {
      range.lo = std::min(0.0, values.lo + double(bin) * values.binWidth());
      break;
    }
  }
  double above = 0;
  for (size_t bin = values.counts.size(); bin-- > 0;) {
    above += values.counts[bin];
    if (above > tail) {
      range.hi = std::max(0.0, values.lo + double(bin + 1) * values.binWidth());
      break;
    }
  }
  return range;
}

/// KL(P || Q) of the |x| histogram clipped at bin `edge` against its
/// 128-level quantization (TensorRT's entropy calibration).
double clippedDivergence(const std::vector<double> &counts, size_t edge, size_t levels) {
  std::vector<double> reference(counts.begin(), counts.begin() + long(edge));
  for (size_t bin = edge; bin < counts.size(); ++bin)
    reference[edge - 1] += counts[bin];
  std::vector<double> expanded(edge, 0.0);
  double perLevel = double(edge) / double(levels);
  for (size_t level = 0; level < levels; ++level) {
    size_t start = size_t(double(level) * perLevel);
    size_t stop = level + 1 == levels ? edge : size_t(double(level + 1) * perLevel);
    double sum = 0;
    size_t nonzero = 0;
    for (size_t bin = start; bin < stop; ++bin) {
      sum += counts[bin];
      nonzero += counts[bin] != 0;
    }
    for (size_t bin = start; bin < stop && nonzero; ++bin)
      if (counts[bin] != 0)
        expanded[bin] = sum / double(nonzero);
  }
  double referenceTotal = 0, expandedTotal = 0;
  for (size_t bin = 0; bin < edge; ++bin) {
    referenceTotal += reference[bin];
    expandedTotal += expanded[bin];
  }
  if (referenceTotal == 0 || expandedTotal == 0)
    return std::numeric_limits<double>::infinity();
  // Bins P has and Q lost (the clipped outliers) get a small probability
  // instead of an infinite divergence, as TensorRT smooths.
  constexpr double kFloor = 1e-4;
  double divergence = 0;
  for (size_t bin = 0; bin < edge; ++bin) {
    if (reference[bin] == 0)
      continue;
    double p = reference[bin] / referenceTotal;
    double q = std::max(expanded[bin] / expandedTotal, kFloor / double(edge));
    divergence += p * std::log(p / q);
  }
  return divergence;
}

Range entropyRange(const TensorStatistics &stats, int bits) {
  const Histogram &magnitudes = stats.magnitudes;
  size_t levels = size_t(1) << (bits - 1);
  size_t bins = magnitudes.counts.size();
  // The exact zeros of a ReLU output would dominate the distribution and
  // pull the threshold down; like NVIDIA's pytorch-quantization, the zero
  // bin counts as much as its neighbour.
  std::vector<double> counts = magnitudes.counts;
  if (counts.size() > 1)
    counts[0] = counts[1];
  size_t bestEdge = bins;
  double best = std::numeric_limits<double>::infinity();
  for (size_t edge = levels; edge <= bins; ++edge) {
    double divergence = clippedDivergence(counts, edge, levels);
    if (divergence < best) {
      best = divergence;
      bestEdge = edge;
    }
  }
  double threshold = double(bestEdge) * magnitudes.binWidth();
  return {std::max(stats.min, -threshold), std::min(stats.max, threshold), RangeMethod::Entropy};
}

Range mseRange(const TensorStatistics &stats, int bits) {
  constexpr int kSteps = 100;
  Range best{std::min(stats.min, 0.0), std::max(stats.max, 0.0), RangeMethod::Mse};
  double bestError = std::numeric_limits<double>::infinity();
  for (int step = 0; step < kSteps; ++step) {
    double factor = 1.0 - double(step) / double(kSteps);
    double lo = std::min(stats.min, 0.0) * factor, hi = std::max(stats.max, 0.0) * factor;
    double error = quantizationError(stats.values, lo, hi, bits).first;
    if (error < bestError) {
      bestError = error;
      best.lo = lo;
      best.hi = hi;
    }
  }
  return best;
}

Range candidate(const TensorStatistics &stats, RangeMethod method, double percentile,
                int bits) {
  switch (method) {
  case RangeMethod::Percentile:
    return percentileRange(stats, percentile);
  case RangeMethod::Entropy:
    return entropyRange(stats, bits);
  case RangeMethod::Mse:
    return mseRange(stats, bits);
  case RangeMethod::MinMax:
  case RangeMethod::Auto:
    break;
  }
  return {std::min(stats.min, 0.0), std::max(stats.max, 0.0), RangeMethod::MinMax};
}

} // namespace

double histogramSqnrDb(const Histogram &values, double lo, double hi, int bits) {
  auto [error, signal] = quantizationError(values, lo, hi, bits);
  constexpr double kExact = 200.0; // no error at all: report a ceiling
  if (signal == 0)
    return error == 0 ? kExact : 0.0;
  if (error == 0)
    return kExact;
  return std::min(kExact, 10.0 * std::log10(signal / error));
}

Range selectRange(const TensorStatistics &stats, RangeMethod method, double percentile,
                  int bits) {
  std::vector<RangeMethod> methods = {method};
  if (method == RangeMethod::Auto)
    methods = {RangeMethod::MinMax, RangeMethod::Percentile, RangeMethod::Entropy,
               RangeMethod::Mse};
  Range best;
  best.sqnrDb = -std::numeric_limits<double>::infinity();
  for (RangeMethod each : methods) {
    Range range = candidate(stats, each, percentile, bits);
    range.sqnrDb = histogramSqnrDb(stats.values, range.lo, range.hi, bits);
    if (range.sqnrDb > best.sqnrDb)
      best = range;
  }
  return best;
}

} // namespace hwc::quant
