//===- Report.h - The compatibility report (`hwc report`) ---------*- C++ -*-===//
//
// One in-memory structure behind every rendering of the report (text, JSON,
// Markdown, HTML; DESIGN.md §7): the model summary, per-target summaries
// (mapped share by nodes and MACs, partition, latency, energy, memory fit),
// one row per node with every target's decision, a weighted decision and
// the few changes that would unlock the most MACs.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_REPORT_REPORT_H
#define HWC_COMPILER_REPORT_REPORT_H

#include "compiler/quantize/QuantReport.h"
#include "targets/Partition.h"
#include "targets/Target.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hwc::report {

/// Bumped whenever a JSON key changes meaning or disappears.
constexpr int kSchemaVersion = 1;

/// Weights of the decision score (normalized to sum to 1).
struct ScoreWeights {
  double latency = 0.3, throughput = 0.2, energy = 0.3, risk = 0.2;
};

struct ReportOptions {
  /// Targets to check, in order.
  std::vector<std::string> targets = {"gpu", "asic", "neuromorphic"};
  /// Preset name or JSON file per target (absent: the default preset).
  std::map<std::string, std::string> configs;
  /// Where nodes a target cannot run go: "none", "gpu" or "host".
  std::string fallback = "none";
  /// "none" or "int8": the precision compile would quantize to.
  std::string quantize = "none";
  /// "unsupported" (default) or "fallback": what makes the exit code 20.
  std::string failOn = "unsupported";
  /// Whether the model was simplified (constants folded, no-op nodes
  /// removed) before the analysis; recorded in the report.
  bool simplified = true;
  ScoreWeights weights;
};

/// One target's verdict and cost for one node.
struct TargetCell {
  target::Decision decision;
  target::LayerCost cost;
  bool onTarget = true;
  unsigned segment = 0;
};

struct NodeRow {
  std::string name, opType, inputs, outputs;
  int64_t macs = 0, params = 0;
  bool folded = false;
  /// One per ReportOptions::targets entry, same order.
  std::vector<TargetCell> cells;
};

struct TargetSummary {
  std::string name, description, preset, presetDescription, configSource, configHash,
      notes;
  /// Node and MAC counts per Mapping (Native, Degraded, Fallback, Unsupported).
  int64_t nodesByMapping[4] = {0, 0, 0, 0};
  double macsByMapping[4] = {0, 0, 0, 0};
  double mappedNodeShare = 0, mappedMacShare = 0, mappedParamShare = 0;
  target::Partition partition;
  /// "gpu", "host" or "" (no fallback).
  std::string fallbackDevice;
  double targetSeconds = 0, fallbackSeconds = 0, transferSeconds = 0;
  double latencySeconds = 0, throughputPerSecond = 0;
  /// Joules, negative when unknown.
  double energyJoules = -1;
  target::MemoryFit memory;
  /// "mapped", "mapped with fallback" or "not mappable".
  std::string status;
  double risk = 0, score = 0;
  /// The first node (program order) the target cannot run, with its rule.
  std::string firstBlocking;
};

/// A change that would move MACs onto a target.
struct Unlock {
  std::string target, rule, hint;
  int64_t nodes = 0;
  double macs = 0, share = 0;
};

/// What stands between the model and static shapes, per target.
struct ShapeReadiness {
  /// Input dims still dynamic after --shape/--dim.
  std::vector<target::DynamicInputDim> dynamicDims;
  /// Per target (report order): nodes blocked by a *-SHAPE-* rule.
  std::vector<int64_t> blockedNodes;
  /// The flags that would bind every dynamic input dim ("" when none).
  std::string suggestedFlags;
};

struct Report {
  std::string hwcVersion, modelPath, producer;
  int64_t opset = 0, nodes = 0, parameters = 0, parameterBytes = 0, macs = 0;
  std::vector<target::DynamicInputDim> dynamicDims;
  ReportOptions options;
  std::vector<TargetSummary> targets;
  std::vector<NodeRow> rows;
  std::vector<Unlock> unlocks;
  ShapeReadiness shapeReadiness;
  /// The best-scoring target and why, one sentence.
  std::string recommendation;
  /// With --quantize=int8 --calib: what quantization chose and the
  /// precision/cost vs accuracy curve.
  std::optional<quant::QuantizationReport> quantization;
  /// 0 all fully mapped, 10 mapped with fallback, 20 some target not mappable.
  int exitCode = 0;
};

/// Resolves --target-config values (TARGET=PRESET|FILE, a bare preset name,
/// or a JSON file whose "target" field names its target) into
/// `options.configs`.
mlir::LogicalResult resolveTargetConfigs(const std::vector<std::string> &specs,
                                         ReportOptions &options,
                                         std::vector<std::string> &errors);
/// Checks that every requested target exists and its config loads.
mlir::LogicalResult checkTargets(const ReportOptions &options,
                                 std::vector<std::string> &errors);
/// How a model is prepared before it is analysed or written back.
struct PrepareOptions {
  /// --shape NAME=DIMS and --dim PARAM=SIZE (hwc-specialize-shapes).
  std::vector<std::string> shapes, dims;
  /// Fail, listing every input dim still dynamic after binding.
  bool allStatic = false;
  /// Fold constant subgraphs and remove no-op nodes (hwc-fold-constants,
  /// hwc-remove-identity); off with --no-simplify.
  bool simplify = true;
  int64_t foldLimitMiB = 512;
};

/// Binds shapes and simplifies `module` as `options` say.
mlir::LogicalResult prepareModule(mlir::ModuleOp module, const PrepareOptions &options);

/// Builds the report for an imported (and shape-specialized) module by
/// running hwc-target-coverage for each target. Returns nullopt after
/// appending one line per problem (unknown target, bad config) to `errors`.
std::optional<Report> buildReport(mlir::ModuleOp module, llvm::StringRef modelPath,
                                  const ReportOptions &options,
                                  std::vector<std::string> &errors);

void writeText(const Report &report, llvm::raw_ostream &os);
void writeJson(const Report &report, llvm::raw_ostream &os);
void writeMarkdown(const Report &report, llvm::raw_ostream &os);
void writeHtml(const Report &report, llvm::raw_ostream &os);

/// docs/rules.md: every target's rule table, generated from the code.
void writeRulesMarkdown(llvm::raw_ostream &os);

/// "1.23 ms"-style text.
std::string formatSeconds(double seconds);
/// "4.2 mJ"-style text, or "n/a" when negative.
std::string formatJoules(double joules);

/// A target's per-layer figures (LayerCost::metrics) as a table: the
/// metric names, then one row per node that has them. Empty when the target
/// reports none.
struct LayerFigures {
  std::vector<std::string> columns;
  struct Row {
    std::string node, opType;
    std::vector<std::string> values;
    double cycles = 0;
    std::string bound;
  };
  std::vector<Row> rows;
  /// Whether the target estimates cycles (the spiking target does not:
  /// its columns are rates and synaptic operations).
  bool hasCycles = false;
};
LayerFigures layerFigures(const Report &report, size_t targetColumn);

} // namespace hwc::report

#endif // HWC_COMPILER_REPORT_REPORT_H
