//===- QuantReport.h - What quantization chose and why ----------*- C++ -*-===//
//
// The quantization report: per quantizer group the chosen precision,
// granularity, scale statistics, local SQNR (its own tensors) and
// accumulated SQNR (its output in the final student against the teacher),
// sensitivity rank and why it was kept above int8; the student's global
// agreement with the teacher; every measured configuration of the budget
// search as a cost vs divergence curve with its Pareto front. Rendered as
// JSON (embedded in `hwc report --format=json`), Markdown and an SVG chart
// (embedded in the HTML report).
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_QUANTREPORT_H
#define HWC_COMPILER_QUANTIZE_QUANTREPORT_H

#include "compiler/quantize/MixedPrecision.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace hwc::quant {

struct GroupReport {
  std::string name, opType, precision, granularity;
  /// Over the group's integer scales (0 when it has none).
  double minScale = 0, maxScale = 0;
  double localSqnrDb = 0;
  /// The lowest over the group's activations; absent when none is planned.
  std::optional<double> accumulatedSqnrDb;
  int sensitivityRank = 0;
  double sensitivityDrop = 0, sensitivityNmse = 0;
  std::string reason;
};

struct QuantizationReport {
  std::string method, metric;
  std::optional<double> maxDrop;
  double drop = 0, cost = 0;
  bool withinBudget = true;
  size_t samples = 0, sensitivityEvaluations = 0, searchEvaluations = 0;
  Agreement agreement;
  /// Teacher-guided fixes applied before the search, one line each.
  std::vector<std::string> fixes;
  std::vector<GroupReport> groups;
  std::vector<PlanPoint> points;
  /// Indices into `points`: the configurations no other is both cheaper
  /// than and closer to the teacher than, by ascending cost.
  std::vector<size_t> paretoFront;
};

/// Gathers the report; measures accumulated SQNR on up to
/// `sqnrSamples` samples.
QuantizationReport buildQuantizationReport(const PrecisionContext &context,
                                           const BudgetResult &result,
                                           TeacherComparison &teacher,
                                           const BudgetOptions &options, size_t sqnrSamples);

llvm::json::Value quantizationJson(const QuantizationReport &report);
void writeQuantizationMarkdown(const QuantizationReport &report, llvm::raw_ostream &os);
/// The cost vs divergence curve, self-contained inline SVG.
void writeParetoSvg(const QuantizationReport &report, llvm::raw_ostream &os);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_QUANTREPORT_H
