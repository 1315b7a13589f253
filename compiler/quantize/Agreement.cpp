//===- Agreement.cpp - Student vs teacher on evaluation data ---------------===//

#include "compiler/quantize/Agreement.h"

#include "runtime/core/DType.h"
#include "runtime/interpreter/Interpreter.h"

#include <algorithm>
#include <cmath>

namespace hwc::quant {
namespace {

std::vector<double> valuesOf(const rt::Tensor &tensor) {
  rt::Tensor values = rt::castTensor(tensor, rt::DType::Float32).contiguous();
  const float *data = values.data<float>();
  return std::vector<double>(data, data + values.numElements());
}

/// Sums over all samples, turned into the reported figures at the end.
struct Accumulator {
  double signal = 0, noise = 0;
};

void compareSample(const rt::Tensor &teacher, const rt::Tensor &student,
                   OutputAgreement &agreement, Accumulator &sums) {
  std::vector<double> t = valuesOf(teacher), s = valuesOf(student);
  double dot = 0, tt = 0, ss = 0;
  for (size_t i = 0; i < t.size() && i < s.size(); ++i) {
    dot += t[i] * s[i];
    tt += t[i] * t[i];
    ss += s[i] * s[i];
    sums.signal += t[i] * t[i];
    sums.noise += (t[i] - s[i]) * (t[i] - s[i]);
  }
  double cosine = tt > 0 && ss > 0 ? dot / std::sqrt(tt * ss) : (tt == ss ? 1.0 : 0.0);
  agreement.minCosine = std::min(agreement.minCosine, cosine);
  // Classes along the last axis; each leading index is one prediction.
  int64_t classes = teacher.rank() ? teacher.dim(teacher.rank() - 1) : 1;
  if (classes < 2 || t.size() != s.size())
    return;
  for (size_t row = 0; row + size_t(classes) <= t.size(); row += size_t(classes)) {
    auto first = [&](const std::vector<double> &v) {
      return std::max_element(v.begin() + long(row), v.begin() + long(row) + classes) -
             v.begin();
    };
    agreement.top1Agreeing += first(t) == first(s);
    ++agreement.top1Total;
  }
}

} // namespace

Agreement measureAgreement(const rt::Model &model, const rt::QuantizationPlan &plan,
                           const CalibrationSet &data, size_t count, int threads) {
  size_t samples = count == 0 ? data.size() : std::min(count, data.size());
  rt::Interpreter interpreter(model, threads);
  rt::RunOptions studentOptions;
  studentOptions.quantizationPlan = &plan;
  Agreement result;
  result.samples = samples;
  std::vector<Accumulator> sums;
  for (size_t index = 0; index < samples; ++index) {
    std::map<std::string, rt::Tensor> inputs = data.sample(index);
    rt::RunResult teacher = interpreter.run(inputs);
    rt::RunResult student = interpreter.run(inputs, studentOptions);
    if (result.outputs.empty()) {
      for (const auto &[name, value] : teacher.outputs)
        result.outputs.push_back({name});
      sums.resize(result.outputs.size());
    }
    for (size_t i = 0; i < result.outputs.size(); ++i)
      if (rt::isFloatingPoint(teacher.outputs[i].second.dtype()))
        compareSample(teacher.outputs[i].second, student.outputs[i].second,
                      result.outputs[i], sums[i]);
  }
  constexpr double kExactDb = 200.0;
  for (size_t i = 0; i < result.outputs.size(); ++i)
    result.outputs[i].sqnrDb =
        sums[i].noise == 0 ? kExactDb
                           : std::min(kExactDb, 10.0 * std::log10(sums[i].signal / sums[i].noise));
  return result;
}

} // namespace hwc::quant
