//===- Agreement.cpp - Student vs teacher on evaluation data ---------------===//
//
// Sums over samples are kept per output (signal and noise energy, KL,
// agreeing predictions) and turned into the reported figures at the end,
// so the result does not depend on how the samples are batched.
//
//===----------------------------------------------------------------------===//

#include "compiler/quantize/Agreement.h"

#include "runtime/core/DType.h"
#include "runtime/core/Error.h"
#include "runtime/parity/Metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hwc::quant {
namespace {

std::vector<double> valuesOf(const rt::Tensor &tensor) {
  rt::Tensor values = rt::castTensor(tensor, rt::DType::Float64).contiguous();
  const double *data = values.data<double>();
  return std::vector<double>(data, data + values.numElements());
}

struct Sums {
  double signal = 0, noise = 0, kl = 0;
};

/// KL(softmax(t) || softmax(s)) over `classes` values `stride` apart.
double softmaxKl(const double *t, const double *s, int64_t classes, int64_t stride) {
  double tMax = -INFINITY, sMax = -INFINITY;
  for (int64_t c = 0; c < classes; ++c) {
    tMax = std::max(tMax, t[c * stride]);
    sMax = std::max(sMax, s[c * stride]);
  }
  double tSum = 0, sSum = 0;
  for (int64_t c = 0; c < classes; ++c) {
    tSum += std::exp(t[c * stride] - tMax);
    sSum += std::exp(s[c * stride] - sMax);
  }
  double kl = 0;
  for (int64_t c = 0; c < classes; ++c) {
    double logP = t[c * stride] - tMax - std::log(tSum);
    double logQ = s[c * stride] - sMax - std::log(sSum);
    kl += std::exp(logP) * (logP - logQ);
  }
  return std::max(0.0, kl);
}

/// Top-1 agreement and KL along the class axis, prediction by prediction.
void compareClasses(const rt::Shape &shape, int64_t axis, const std::vector<double> &t,
                    const std::vector<double> &s, OutputAgreement &agreement, Sums &sums) {
  int64_t classes = shape[size_t(axis)], inner = 1;
  for (size_t d = size_t(axis) + 1; d < shape.size(); ++d)
    inner *= shape[d];
  int64_t outer = int64_t(t.size()) / (classes * inner);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      const double *tp = t.data() + o * classes * inner + i;
      const double *sp = s.data() + o * classes * inner + i;
      int64_t tBest = 0, sBest = 0;
      for (int64_t c = 1; c < classes; ++c) {
        tBest = tp[c * inner] > tp[tBest * inner] ? c : tBest;
        sBest = sp[c * inner] > sp[sBest * inner] ? c : sBest;
      }
      agreement.top1Agreeing += tBest == sBest;
      ++agreement.top1Total;
      sums.kl += softmaxKl(tp, sp, classes, inner);
    }
}

void compareSample(const rt::Tensor &teacher, const rt::Tensor &student,
                   OutputAgreement &agreement, Sums &sums) {
  std::vector<double> t = valuesOf(teacher), s = valuesOf(student);
  if (t.size() != s.size())
    rt::fail("output '", agreement.name, "' has ", s.size(), " values with the plan and ",
             t.size(), " without");
  double dot = 0, tt = 0, ss = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    dot += t[i] * s[i];
    tt += t[i] * t[i];
    ss += s[i] * s[i];
    sums.noise += (t[i] - s[i]) * (t[i] - s[i]);
  }
  sums.signal += tt;
  double cosine = tt > 0 && ss > 0 ? dot / std::sqrt(tt * ss) : (tt == ss ? 1.0 : 0.0);
  agreement.minCosine = std::min(agreement.minCosine, cosine);
  if (std::optional<int64_t> axis = rt::classAxis(teacher.shape()))
    compareClasses(teacher.shape(), *axis, t, s, agreement, sums);
}

} // namespace

std::string formatSignificant(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

double sqnrDb(double signal, double noise) {
  constexpr double kExactDb = 200.0;
  if (noise == 0)
    return kExactDb;
  return std::min(kExactDb, 10.0 * std::log10(signal / noise));
}

std::optional<DivergenceMetric> parseDivergenceMetric(const std::string &name) {
  if (name == "top1-agreement")
    return DivergenceMetric::Top1Agreement;
  if (name == "nmse")
    return DivergenceMetric::Nmse;
  if (name == "kl")
    return DivergenceMetric::Kl;
  return std::nullopt;
}

const char *divergenceMetricName(DivergenceMetric metric) {
  switch (metric) {
  case DivergenceMetric::Top1Agreement:
    return "top1-agreement";
  case DivergenceMetric::Nmse:
    return "nmse";
  case DivergenceMetric::Kl:
    return "kl";
  }
  return "?";
}

std::optional<double> divergence(const Agreement &agreement, DivergenceMetric metric) {
  std::optional<double> worst;
  for (const OutputAgreement &output : agreement.outputs) {
    if (metric != DivergenceMetric::Nmse && !output.hasClasses())
      continue;
    double loss = metric == DivergenceMetric::Nmse  ? output.nmse
                  : metric == DivergenceMetric::Kl ? output.kl
                                                   : 1.0 - output.top1Agreement();
    worst = std::max(worst.value_or(0.0), loss);
  }
  return worst;
}

TeacherComparison::TeacherComparison(const rt::Model &model, const CalibrationSet &data,
                                     size_t count, int threads)
    : interpreter(model, threads) {
  size_t samples = count == 0 ? data.size() : std::min(count, data.size());
  for (size_t index = 0; index < samples; ++index) {
    inputs.push_back(data.sample(index));
    teacherOutputs.push_back(interpreter.run(inputs.back()).outputs);
  }
}

Agreement TeacherComparison::compare(const rt::QuantizationPlan &plan) {
  ++evaluationCount;
  rt::RunOptions options;
  options.quantizationPlan = &plan;
  Agreement result;
  result.samples = inputs.size();
  std::vector<Sums> sums;
  for (size_t index = 0; index < inputs.size(); ++index) {
    rt::NamedTensors student = interpreter.run(inputs[index], options).outputs;
    const rt::NamedTensors &teacher = teacherOutputs[index];
    if (result.outputs.empty()) {
      for (const auto &[name, value] : teacher)
        result.outputs.push_back({name});
      sums.resize(result.outputs.size());
    }
    for (size_t i = 0; i < result.outputs.size(); ++i)
      if (rt::isFloatingPoint(teacher[i].second.dtype()))
        compareSample(teacher[i].second, student[i].second, result.outputs[i], sums[i]);
  }
  for (size_t i = 0; i < result.outputs.size(); ++i) {
    OutputAgreement &output = result.outputs[i];
    output.sqnrDb = sqnrDb(sums[i].signal, sums[i].noise);
    output.nmse = sums[i].signal > 0 ? sums[i].noise / sums[i].signal
                                     : (sums[i].noise > 0 ? 1.0 : 0.0);
    output.kl = output.top1Total ? sums[i].kl / double(output.top1Total) : 0.0;
  }
  return result;
}

void TeacherComparison::observe(
    const rt::QuantizationPlan *plan, size_t samples,
    const std::function<void(const std::string &, const rt::Tensor &)> &observer) {
  rt::RunOptions options;
  options.quantizationPlan = plan;
  options.observeTensor = observer;
  for (size_t index = 0; index < std::min(samples, inputs.size()); ++index)
    interpreter.run(inputs[index], options);
}

std::map<std::string, double>
TeacherComparison::tensorSqnr(const rt::QuantizationPlan &plan,
                              const std::set<std::string> &names, size_t samples) {
  std::map<std::string, Sums> sums;
  for (size_t index = 0; index < std::min(samples, inputs.size()); ++index) {
    std::map<std::string, rt::Tensor> teacher;
    rt::RunOptions teacherOptions;
    teacherOptions.observeTensor = [&](const std::string &name, const rt::Tensor &value) {
      if (names.count(name) && rt::isFloatingPoint(value.dtype()))
        teacher.emplace(name, value.clone());
    };
    interpreter.run(inputs[index], teacherOptions);
    rt::RunOptions studentOptions;
    studentOptions.quantizationPlan = &plan;
    studentOptions.observeTensor = [&](const std::string &name, const rt::Tensor &value) {
      auto reference = teacher.find(name);
      if (reference == teacher.end())
        return;
      std::vector<double> t = valuesOf(reference->second), s = valuesOf(value);
      Sums &sum = sums[name];
      for (size_t i = 0; i < t.size() && i < s.size(); ++i) {
        sum.signal += t[i] * t[i];
        sum.noise += (t[i] - s[i]) * (t[i] - s[i]);
      }
    };
    interpreter.run(inputs[index], studentOptions);
  }
  std::map<std::string, double> result;
  for (const auto &[name, sum] : sums)
    result[name] = sqnrDb(sum.signal, sum.noise);
  return result;
}

Agreement measureAgreement(const rt::Model &model, const rt::QuantizationPlan &plan,
                           const CalibrationSet &data, size_t count, int threads) {
  TeacherComparison comparison(model, data, count, threads);
  return comparison.compare(plan);
}

} // namespace hwc::quant
