//===- QuantizeDriver.cpp - Calibration to a checked plan ------------------===//

#include "compiler/quantize/QuantizeDriver.h"

#include "compiler/quantize/BiasCorrection.h"

#include "runtime/core/Error.h"

namespace hwc::quant {
namespace {

/// Samples the accumulated-SQNR pass keeps whole activations for.
constexpr size_t kSqnrSamples = 4;

} // namespace

namespace {

/// Bias correction, kept only when the student's NMSE against the teacher
/// goes down.
void tryBiasCorrection(const rt::Model &model, QuantPlan &plan, TeacherComparison &teacher,
                       std::vector<std::string> &fixes) {
  QuantPlan corrected = plan;
  correctBiases(model, corrected, teacher);
  if (corrected.biasCorrections.empty()) {
    fixes.push_back("bias correction: no layer has a bias to correct");
    return;
  }
  double before =
      divergence(teacher.compare(toRuntimePlan(plan)), DivergenceMetric::Nmse).value_or(0);
  double after =
      divergence(teacher.compare(toRuntimePlan(corrected)), DivergenceMetric::Nmse).value_or(0);
  bool keep = after < before;
  fixes.push_back("bias correction on " + std::to_string(corrected.biasCorrections.size()) +
                  " layers: NMSE " + formatSignificant(before) + " -> " +
                  formatSignificant(after) + (keep ? ", kept" : ", dropped"));
  if (keep)
    plan = std::move(corrected);
}

} // namespace

QuantizeResult quantizeModel(const rt::Model &model, const QuantizeOptions &options) {
  CalibrationSet data(options.calibrationDirectory, model);
  if (data.size() == 0)
    rt::fail(options.calibrationDirectory, ": no calibration samples");
  Calibration calibration =
      calibrate(model, data, options.calibrationCount, options.threads, options.progress);
  QuantizeResult result;
  result.plan = buildPlan(model, calibration, options.plan);
  bool search = options.budget.maxDrop.has_value();
  bool separate = !options.evaluationDirectory.empty();
  if (!options.analyze && !search && !options.biasCorrection && !separate)
    return result;
  CalibrationSet evaluation(separate ? options.evaluationDirectory
                                     : options.calibrationDirectory,
                            model);
  TeacherComparison teacher(model, evaluation,
                            separate ? options.evaluationCount : options.calibrationCount,
                            options.threads);
  if (options.biasCorrection)
    tryBiasCorrection(model, result.plan, teacher, result.fixes);
  if (!options.analyze && !search) {
    result.agreement = teacher.compare(toRuntimePlan(result.plan));
    return result;
  }
  std::vector<QuantizerGroup> groups = quantizerGroups(model, result.plan, calibration);
  PrecisionContext context{model, result.plan, calibration, options.plan, groups};
  BudgetResult budget = selectPrecisions(context, teacher, options.budget);
  result.report =
      buildQuantizationReport(context, budget, teacher, options.budget, kSqnrSamples);
  result.report->fixes = result.fixes;
  result.agreement = budget.agreement;
  result.withinBudget = budget.withinBudget;
  if (search)
    result.plan = std::move(budget.plan);
  return result;
}

} // namespace hwc::quant
