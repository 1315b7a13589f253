//===- Agreement.h - Student vs teacher on evaluation data ------*- C++ -*-===//
//
// The fp32 model is the teacher; the same model run with a quantization
// plan (fake quantization in the runtime) is the student. A
// TeacherComparison runs the teacher once over an evaluation set and keeps
// its outputs, so that every candidate plan (sensitivity analysis, mixed
// precision search) costs one student run per sample. Per model output it
// measures top-1 agreement along the class axis (when the output has one),
// NMSE, mean KL divergence of the softmax over classes, SQNR and the lowest
// per-sample cosine similarity.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_AGREEMENT_H
#define HWC_COMPILER_QUANTIZE_AGREEMENT_H

#include "compiler/quantize/Calibration.h"

#include "runtime/interpreter/Interpreter.h"
#include "runtime/interpreter/QuantizationPlan.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hwc::quant {

struct OutputAgreement {
  std::string name;
  /// Predictions (positions along the class axis) whose arg-max agrees.
  size_t top1Agreeing = 0, top1Total = 0;
  /// sum (t - s)^2 / sum t^2 over all samples.
  double nmse = 0;
  /// Mean over predictions of KL(softmax(teacher) || softmax(student)).
  double kl = 0;
  double sqnrDb = 0;
  /// Lowest per-sample cosine similarity.
  double minCosine = 1;

  bool hasClasses() const { return top1Total > 0; }
  double top1Agreement() const {
    return top1Total ? double(top1Agreeing) / double(top1Total) : 1.0;
  }
};

struct Agreement {
  size_t samples = 0;
  std::vector<OutputAgreement> outputs;
};

/// What a precision budget is measured in.
enum class DivergenceMetric { Top1Agreement, Nmse, Kl };

std::optional<DivergenceMetric> parseDivergenceMetric(const std::string &name);
const char *divergenceMetricName(DivergenceMetric metric);

/// The student's loss against the teacher in `metric`, the worst over the
/// outputs: 1 - top-1 agreement, NMSE or KL (0 = identical). Outputs
/// without a class axis do not count for top-1 and KL; nullopt when no
/// output counts.
std::optional<double> divergence(const Agreement &agreement, DivergenceMetric metric);

class TeacherComparison {
public:
  /// Loads the first `count` samples (all when 0) and runs the teacher.
  TeacherComparison(const rt::Model &model, const CalibrationSet &data, size_t count,
                    int threads);

  /// Runs the student with `plan` on every sample.
  Agreement compare(const rt::QuantizationPlan &plan);

  /// Per named tensor, the SQNR (dB) of the student's value against the
  /// teacher's, over the first `samples` samples: the accumulated error at
  /// that point of the network.
  std::map<std::string, double> tensorSqnr(const rt::QuantizationPlan &plan,
                                           const std::set<std::string> &names,
                                           size_t samples);

  /// Runs the teacher (`plan` null) or the student on the first `samples`
  /// samples with `observer` watching every stored tensor.
  void observe(const rt::QuantizationPlan *plan, size_t samples,
               const std::function<void(const std::string &, const rt::Tensor &)> &observer);

  size_t samples() const { return inputs.size(); }
  /// Student runs so far, one per compare() (tensorSqnr not counted).
  size_t evaluations() const { return evaluationCount; }

private:
  rt::Interpreter interpreter;
  std::vector<std::map<std::string, rt::Tensor>> inputs;
  std::vector<rt::NamedTensors> teacherOutputs;
  size_t evaluationCount = 0;
};

/// Teacher and student on the first `count` samples (all when 0).
Agreement measureAgreement(const rt::Model &model, const rt::QuantizationPlan &plan,
                           const CalibrationSet &data, size_t count, int threads);

/// `value` with 4 significant digits ("0.003125", "1.2e-05"), as figures
/// are printed in messages and reports.
std::string formatSignificant(double value);

/// SQNR in dB from summed signal and noise energy, capped for exact results.
double sqnrDb(double signal, double noise);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_AGREEMENT_H
