//===- BuildReport.cpp - Assemble the compatibility report -----------------===//
//
// For each requested target: run hwc-target-coverage (the decisions), read
// the decisions back from the IR, estimate every node on the target or its
// fallback device, partition, and summarize. Then score the targets against
// each other and collect the changes that unlock the most MACs.
//
// Fallback and transfer costs use a documented first-order host model
// (docs/report.md): 100 GFLOP/s, 20 GB/s memory, a 16 GB/s link and 10 us per
// boundary crossing.
//
//===----------------------------------------------------------------------===//

#include "compiler/report/Report.h"

#include "targets/Coverage.h"
#include "targets/Passes.h"
#include "targets/Registry.h"
#include "targets/RuleHelpers.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <set>

using namespace mlir;

namespace hwc::report {

namespace {

constexpr double kHostFlops = 100e9;
constexpr double kHostBytesPerSecond = 20e9;
constexpr double kLinkBytesPerSecond = 16e9;
constexpr double kCrossingSeconds = 10e-6;

/// Cost of a node on the host CPU: a roofline with the constants above.
target::LayerCost hostCost(const target::NodeFacts &node) {
  target::LayerCost cost;
  if (node.compileTimeConstant || target::isShapeOnlyOp(node.opType))
    return cost;
  cost.macs = node.macs;
  cost.bytes = node.activationBytes + node.weightBytes;
  double flops = node.macs > 0 ? 2.0 * node.macs : node.outputElements;
  double compute = flops / kHostFlops, memory = cost.bytes / kHostBytesPerSecond;
  cost.seconds = std::max(compute, memory);
  cost.bound = compute >= memory ? "compute" : "memory";
  return cost;
}

std::string describeTypes(TypeRange types) {
  std::string text;
  for (Type type : types) {
    if (llvm::isa<NoneType>(type))
      continue;
    if (!text.empty())
      text += ", ";
    text += target::typeText(type);
  }
  return text;
}

/// The device that runs what `target` cannot, and its cost model.
struct FallbackDevice {
  std::string name;
  const target::Target *target = nullptr;
  std::unique_ptr<target::TargetConfig> config;

  target::LayerCost estimate(const target::NodeFacts &node) const {
    if (!target)
      return hostCost(node);
    target::Decision native;
    return target->estimate(node, native, *config);
  }
};

class ReportBuilder {
public:
  ReportBuilder(ModuleOp module, StringRef path, const ReportOptions &options,
                std::vector<std::string> &errors)
      : module(module), options(options), errors(errors) {
    report.modelPath = path.str();
    report.options = options;
  }

  std::optional<Report> build() {
    auto funcs = module.getOps<func::FuncOp>();
    if (funcs.empty()) {
      errors.push_back(report.modelPath + ": error: the module has no function");
      return std::nullopt;
    }
    main = *funcs.begin();
    std::vector<const target::Target *> targets;
    for (const std::string &name : options.targets) {
      const target::Target *found = target::lookupTarget(name);
      if (!found) {
        errors.push_back("error: unknown target '" + name +
                         "' (targets: gpu, asic, neuromorphic)");
        return std::nullopt;
      }
      targets.push_back(found);
    }
    if (failed(runCoverage(targets)))
      return std::nullopt;
    facts = target::collectModelFacts(main, report.modelPath);
    summarizeModel();
    for (const auto &[index, target] : llvm::enumerate(targets))
      if (failed(addTarget(index, *target)))
        return std::nullopt;
    scoreTargets();
    collectUnlocks(targets);
    assessShapeReadiness();
    decideExitCode();
    return std::move(report);
  }

private:
  std::string configFor(const target::Target &target) const {
    auto found = options.configs.find(target.name().str());
    return found != options.configs.end() ? found->second : target.defaultPreset().str();
  }

  LogicalResult runCoverage(llvm::ArrayRef<const target::Target *> targets) {
    PassManager pm(module.getContext());
    for (const target::Target *target : targets) {
      TargetCoveragePassOptions passOptions;
      passOptions.targetName = target->name().str();
      passOptions.config = configFor(*target);
      passOptions.quantize = options.quantize;
      passOptions.remarks = "none";
      pm.addPass(createTargetCoveragePass(passOptions));
    }
    // The pass reports bad configs as diagnostics; the caller's handler
    // prints them, so only the failure is recorded here.
    return pm.run(module);
  }

  void summarizeModel() {
    report.opset = facts.opset;
    report.producer = facts.producer;
    report.nodes = facts.nodes.size();
    report.parameters = facts.parameters;
    report.parameterBytes = facts.parameterBytes;
    report.macs = facts.macs;
    report.dynamicDims = facts.dynamicInputDims;
    for (const target::NodeFacts &node : facts.nodes) {
      NodeRow row;
      row.name = node.name;
      row.opType = node.domain.empty() ? node.opType : node.domain + "." + node.opType;
      row.inputs = describeTypes(node.op->getOperandTypes());
      row.outputs = describeTypes(node.op->getResultTypes());
      row.macs = node.macs;
      row.params = node.weightElements;
      row.folded = node.compileTimeConstant;
      report.rows.push_back(std::move(row));
    }
  }

  FallbackDevice fallbackFor(const target::Target &target) {
    FallbackDevice device;
    if (options.fallback == "none")
      return device;
    device.name = options.fallback;
    if (options.fallback == "gpu" && target.name() != "gpu") {
      device.target = target::lookupTarget("gpu");
      std::vector<std::string> problems;
      device.config =
          target::loadTargetConfig(*device.target, configFor(*device.target), problems);
      if (!device.config)
        device.target = nullptr;
    } else {
      device.name = "host";
    }
    return device;
  }

  LogicalResult addTarget(unsigned column, const target::Target &target) {
    std::vector<std::string> problems;
    std::unique_ptr<target::TargetConfig> config =
        target::loadTargetConfig(target, configFor(target), problems);
    if (!config) {
      errors.insert(errors.end(), problems.begin(), problems.end());
      return failure();
    }
    TargetSummary summary;
    summary.name = target.name().str();
    summary.description = target.description().str();
    summary.preset = config->name;
    summary.configSource = config->source;
    summary.configHash = config->hash;
    if (auto notes = config->json.getString("notes"))
      summary.notes = notes->str();
    if (auto description = config->json.getString("description"))
      summary.presetDescription = description->str();
    FallbackDevice fallback = fallbackFor(target);
    summary.fallbackDevice = fallback.name;

    std::vector<target::Decision> decisions;
    std::vector<bool> onTarget;
    for (const target::NodeFacts &node : facts.nodes) {
      decisions.push_back(readDecision(node.op, target).value_or(target::Decision{}));
      onTarget.push_back(decisions.back().mapping == target::Mapping::Native ||
                         decisions.back().mapping == target::Mapping::Degraded);
    }
    summary.partition = target::partitionModel(facts, onTarget);
    std::vector<target::LayerCost> targetCosts;
    double totalParams = 0, mappedParams = 0;
    for (const target::NodeFacts &node : facts.nodes) {
      TargetCell cell;
      cell.decision = decisions[node.index];
      cell.onTarget = onTarget[node.index];
      if (!cell.onTarget && !fallback.name.empty())
        cell.decision.mapping = target::Mapping::Fallback;
      if (cell.onTarget) {
        cell.cost = target.estimate(node, cell.decision, *config);
        targetCosts.push_back(cell.cost);
      } else {
        cell.cost = fallback.estimate(node);
        summary.fallbackSeconds += cell.cost.seconds;
      }
      int mapping = static_cast<int>(cell.decision.mapping);
      summary.nodesByMapping[mapping] += 1;
      summary.macsByMapping[mapping] += node.macs;
      totalParams += node.weightElements;
      if (cell.onTarget)
        mappedParams += node.weightElements;
      if (!cell.onTarget && summary.firstBlocking.empty() &&
          !cell.decision.findings.empty())
        summary.firstBlocking = "'" + node.name + "' (" + node.opType + ", " +
                                cell.decision.findings.front().rule->id + ")";
      report.rows[node.index].cells.push_back(std::move(cell));
    }
    for (const target::Segment &segment : summary.partition.segments)
      for (unsigned index : segment.nodes)
        report.rows[index].cells[column].segment =
            &segment - summary.partition.segments.data();
    summarizeCosts(summary, target, *config, targetCosts);
    summary.memory = target.memoryFit(facts, decisions, *config);
    int64_t nodes = std::max<int64_t>(1, facts.nodes.size());
    summary.mappedNodeShare =
        double(summary.nodesByMapping[0] + summary.nodesByMapping[1]) / nodes;
    summary.mappedMacShare =
        facts.macs > 0
            ? (summary.macsByMapping[0] + summary.macsByMapping[1]) / facts.macs
            : summary.mappedNodeShare;
    summary.mappedParamShare = totalParams > 0 ? mappedParams / totalParams : 1.0;
    summary.status = summary.nodesByMapping[3] > 0   ? "not mappable"
                     : summary.nodesByMapping[2] > 0 ? "mapped with fallback"
                                                     : "mapped";
    report.targets.push_back(std::move(summary));
    return success();
  }

  void summarizeCosts(TargetSummary &summary, const target::Target &target,
                      const target::TargetConfig &config,
                      const std::vector<target::LayerCost> &targetCosts) {
    summary.targetSeconds = target.totalSeconds(targetCosts, config);
    bool energyKnown = !targetCosts.empty();
    double joules = 0;
    for (const target::LayerCost &cost : targetCosts) {
      if (cost.seconds > 0 && cost.joules < 0)
        energyKnown = false;
      joules += std::max(0.0, cost.joules);
    }
    bool hasFallback = summary.partition.segments.size() > 1 ||
                       (!summary.partition.segments.empty() &&
                        !summary.partition.segments.front().onTarget);
    if (hasFallback) {
      summary.transferSeconds = summary.partition.boundaryBytes / kLinkBytesPerSecond +
                                summary.partition.crossings * kCrossingSeconds;
      // The host model gives no energies; a fallback on the GPU does.
      energyKnown = false;
    }
    summary.energyJoules = energyKnown ? joules : -1;
    summary.latencySeconds =
        summary.targetSeconds + summary.fallbackSeconds + summary.transferSeconds;
    // Devices pipeline consecutive inferences: the busiest one sets the pace.
    double bottleneck = std::max(
        {summary.targetSeconds, summary.fallbackSeconds, summary.transferSeconds});
    summary.throughputPerSecond = bottleneck > 0 ? 1.0 / bottleneck : 0;
  }

  void scoreTargets() {
    double bestLatency = INFINITY, bestThroughput = 0, bestEnergy = INFINITY;
    for (TargetSummary &summary : report.targets) {
      double total = std::max(1.0, double(report.macs));
      double unmapped = summary.macsByMapping[2] + summary.macsByMapping[3];
      double degraded = summary.macsByMapping[1];
      summary.risk = report.macs > 0 ? (unmapped + 0.5 * degraded) / total
                                     : 1.0 - summary.mappedNodeShare;
      summary.risk = std::min(1.0, summary.risk + 0.02 * summary.partition.crossings +
                                       (summary.memory.fits ? 0.0 : 0.1));
      if (summary.latencySeconds > 0)
        bestLatency = std::min(bestLatency, summary.latencySeconds);
      bestThroughput = std::max(bestThroughput, summary.throughputPerSecond);
      if (summary.energyJoules > 0)
        bestEnergy = std::min(bestEnergy, summary.energyJoules);
    }
    ScoreWeights w = options.weights;
    double sum = w.latency + w.throughput + w.energy + w.risk;
    const TargetSummary *best = nullptr;
    for (TargetSummary &summary : report.targets) {
      double latency =
          summary.latencySeconds > 0 ? bestLatency / summary.latencySeconds : 1;
      double throughput =
          bestThroughput > 0 ? summary.throughputPerSecond / bestThroughput : 1;
      // Unknown energy scores zero: an unmeasured claim earns nothing.
      double energy = summary.energyJoules > 0 ? bestEnergy / summary.energyJoules : 0;
      summary.score = 100 *
                      (w.latency * latency + w.throughput * throughput +
                       w.energy * energy + w.risk * (1 - summary.risk)) /
                      sum;
      if (!best || summary.score > best->score)
        best = &summary;
    }
    if (best)
      report.recommendation =
          llvm::formatv("{0} ({1}) scores highest: {2:f1}/100 with {3:P} of MACs mapped, "
                        "estimated {4} per inference",
                        best->name, best->preset, best->score, best->mappedMacShare,
                        formatSeconds(best->latencySeconds));
  }

  void collectUnlocks(llvm::ArrayRef<const target::Target *> targets) {
    for (auto [column, target] : llvm::enumerate(targets)) {
      std::map<std::string, Unlock> byRule;
      for (const auto &[index, row] : llvm::enumerate(report.rows)) {
        const TargetCell &cell = row.cells[column];
        if (cell.onTarget)
          continue;
        std::set<std::string> blocking;
        for (const target::Finding &finding : cell.decision.findings)
          if (finding.rule->mapping == target::Mapping::Unsupported)
            blocking.insert(finding.rule->id);
        for (const std::string &rule : blocking) {
          Unlock &unlock = byRule[rule];
          unlock.target = target->name().str();
          unlock.rule = rule;
          if (unlock.hint.empty())
            for (const target::Finding &finding : cell.decision.findings)
              if (finding.rule->id == rule)
                unlock.hint = finding.hint;
          unlock.nodes += 1;
          // Only nodes this rule alone blocks are unlocked by fixing it.
          if (blocking.size() == 1)
            unlock.macs += row.macs;
        }
      }
      for (auto &[rule, unlock] : byRule) {
        unlock.share = report.macs > 0 ? unlock.macs / report.macs : 0;
        report.unlocks.push_back(unlock);
      }
    }
    std::stable_sort(report.unlocks.begin(), report.unlocks.end(),
                     [](const Unlock &a, const Unlock &b) {
                       return a.macs != b.macs ? a.macs > b.macs : a.nodes > b.nodes;
                     });
    if (report.unlocks.size() > 10)
      report.unlocks.resize(10);
  }

  void assessShapeReadiness() {
    ShapeReadiness &readiness = report.shapeReadiness;
    readiness.dynamicDims = facts.dynamicInputDims;
    readiness.suggestedFlags = target::suggestedBindFlags(facts);
    for (size_t column = 0; column < report.targets.size(); ++column) {
      int64_t blocked = 0;
      for (const NodeRow &row : report.rows)
        for (const target::Finding &finding : row.cells[column].decision.findings)
          if (llvm::StringRef(finding.rule->id).contains("-SHAPE-")) {
            ++blocked;
            break;
          }
      readiness.blockedNodes.push_back(blocked);
    }
  }

  void decideExitCode() {
    report.exitCode = 0;
    for (const TargetSummary &summary : report.targets) {
      if (summary.status == "not mappable" ||
          (options.failOn == "fallback" && summary.status == "mapped with fallback"))
        report.exitCode = 20;
      else if (summary.status == "mapped with fallback" && report.exitCode == 0)
        report.exitCode = 10;
    }
  }

  ModuleOp module;
  func::FuncOp main;
  const ReportOptions &options;
  std::vector<std::string> &errors;
  target::ModelFacts facts;
  Report report;
};

} // namespace

std::optional<Report> buildReport(ModuleOp module, StringRef modelPath,
                                  const ReportOptions &options,
                                  std::vector<std::string> &errors) {
  return ReportBuilder(module, modelPath, options, errors).build();
}

/// `value` in `unit` with the largest prefix (none, m, u, n) that keeps it
/// at least 1, with two decimals.
static std::string formatScaled(double value, const char *unit) {
  const std::pair<double, const char *> scales[] = {{1, ""}, {1e-3, "m"}, {1e-6, "u"}};
  for (auto [factor, prefix] : scales)
    if (value >= factor)
      return llvm::formatv("{0:f2} {1}{2}", value / factor, prefix, unit).str();
  return llvm::formatv("{0:f2} n{1}", value * 1e9, unit).str();
}

std::string formatSeconds(double seconds) {
  return seconds <= 0 ? "0 s" : formatScaled(seconds, "s");
}

std::string formatJoules(double joules) {
  return joules < 0 ? "n/a" : formatScaled(joules, "J");
}

/// Efficiencies and rates as percentages, ratios with three decimals,
/// everything else (counts, cycles) as an integer.
std::string formatMetric(llvm::StringRef name, double value) {
  if (name.contains("efficiency") || name.contains("rate"))
    return llvm::formatv("{0:P2}", value).str();
  if (name.contains("_per_"))
    return llvm::formatv("{0:F3}", value).str();
  return llvm::formatv("{0}", int64_t(std::llround(value))).str();
}

LayerFigures layerFigures(const Report &report, size_t targetColumn) {
  LayerFigures figures;
  for (const NodeRow &row : report.rows) {
    const target::LayerCost &cost = row.cells[targetColumn].cost;
    if (cost.metrics.empty())
      continue;
    if (figures.columns.empty())
      for (const auto &metric : cost.metrics)
        figures.columns.push_back(metric.first);
    LayerFigures::Row figureRow{row.name, row.opType, {}, cost.cycles, cost.bound};
    for (const auto &[name, value] : cost.metrics)
      figureRow.values.push_back(formatMetric(name, value));
    figures.hasCycles |= cost.cycles > 0;
    figures.rows.push_back(std::move(figureRow));
  }
  return figures;
}

} // namespace hwc::report
