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

double scoreNmse(const QuantPlan &plan, TeacherComparison &teacher) {
  return divergence(teacher.compare(toRuntimePlan(plan)), DivergenceMetric::Nmse).value_or(0);
}

/// The teacher-guided choices before any precision search: which range
/// method (with --method=auto: the per-tensor choice, by each tensor's
/// expected SQNR, and each single method) and whether bias correction
/// helps, all scored end to end by NMSE against the teacher. Per-tensor
/// SQNR does not see how errors add up through the network; the teacher
/// does.
void chooseAgainstTeacher(const rt::Model &model, const Calibration &calibration,
                          const QuantizeOptions &options, QuantPlan &plan,
                          TeacherComparison &teacher, std::vector<std::string> &fixes) {
  std::vector<std::pair<std::string, QuantPlan>> candidates;
  candidates.emplace_back(rangeMethodName(options.plan.method), plan);
  if (options.plan.method == RangeMethod::Auto)
    for (RangeMethod method :
         {RangeMethod::MinMax, RangeMethod::Percentile, RangeMethod::Mse, RangeMethod::Entropy})
      candidates.emplace_back(rangeMethodName(method),
                              buildPlan(model, calibration, {method, options.plan.percentile}));
  std::optional<double> bestNmse;
  std::string line, chosen;
  for (auto &[name, candidate] : candidates) {
    double nmse = scoreNmse(candidate, teacher);
    line += (line.empty() ? "" : ", ") + name + " " + formatSignificant(nmse);
    if (!bestNmse || nmse < *bestNmse) {
      bestNmse = nmse;
      chosen = name;
      plan = candidate;
    }
    if (!options.biasCorrection)
      continue;
    QuantPlan corrected = candidate;
    correctBiases(model, corrected, teacher);
    if (corrected.biasCorrections.empty())
      continue;
    double correctedNmse = scoreNmse(corrected, teacher);
    line += " (bias-corrected " + formatSignificant(correctedNmse) + ")";
    if (correctedNmse < *bestNmse) {
      bestNmse = correctedNmse;
      chosen = name + " with bias correction";
      plan = std::move(corrected);
    }
  }
  fixes.push_back("NMSE against the teacher: " + line + "; chose " + chosen);
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
  bool guided = options.plan.method == RangeMethod::Auto || options.biasCorrection;
  if (guided || search || options.analyze) {
    // Every choice is scored on the calibration data; the evaluation set
    // only measures the result.
    TeacherComparison teacher(model, data, options.calibrationCount, options.threads);
    if (guided)
      chooseAgainstTeacher(model, calibration, options, result.plan, teacher, result.fixes);
    if (search || options.analyze) {
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
    }
  }
  if (!options.evaluationDirectory.empty())
    result.agreement = measureAgreement(model, toRuntimePlan(result.plan),
                                        CalibrationSet(options.evaluationDirectory, model),
                                        options.evaluationCount, options.threads);
  return result;
}

} // namespace hwc::quant
