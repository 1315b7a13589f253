//===- QuantizeDriver.h - Calibration to a checked plan ---------*- C++ -*-===//
//
// The steps `hwc calibrate`, `hwc compile --quantize` and `hwc report
// --quantize` share: calibrate on a data set, build the int8 plan, and,
// choose the range method and bias correction by their effect on the
// student, then, when asked, analyse sensitivity and search for the
// cheapest mixed precision plan within an accuracy budget. Every choice is
// scored against the fp32 teacher on the calibration data; a separate
// evaluation set, when given, only measures the final plan.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_QUANTIZEDRIVER_H
#define HWC_COMPILER_QUANTIZE_QUANTIZEDRIVER_H

#include "compiler/quantize/QuantReport.h"

#include <optional>
#include <string>
#include <vector>

namespace hwc::quant {

struct QuantizeOptions {
  std::string calibrationDirectory;
  size_t calibrationCount = 0;
  PlanOptions plan;
  int threads = 1;
  /// Held-out set the final plan is measured on (nothing is chosen on it).
  std::string evaluationDirectory;
  size_t evaluationCount = 0;
  /// Empirical bias correction, kept when it brings the student closer to
  /// the teacher (NMSE on the evaluation set).
  bool biasCorrection = true;
  /// Sensitivity analysis and the report, also without a budget.
  bool analyze = false;
  BudgetOptions budget;
  CalibrationProgress progress;
};

struct QuantizeResult {
  QuantPlan plan;
  /// When analysed or searched.
  std::optional<QuantizationReport> report;
  /// The final plan against the teacher: on the evaluation set when one
  /// was given, else on the calibration data when a report was made.
  std::optional<Agreement> agreement;
  bool withinBudget = true;
  /// What each teacher-guided fix did ("bias correction: NMSE a -> b, kept").
  std::vector<std::string> fixes;
};

/// Throws rt::Error on bad data (the message names the file or input).
QuantizeResult quantizeModel(const rt::Model &model, const QuantizeOptions &options);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_QUANTIZEDRIVER_H
