//===- TextWriter.cpp - The report for a terminal --------------------------===//

#include "compiler/report/Report.h"

#include "targets/RuleHelpers.h"

#include "llvm/Support/FormatVariadic.h"

namespace hwc::report {

namespace {

std::string dynamicDimsText(const Report &report) {
  if (report.dynamicDims.empty())
    return "none";
  std::string text;
  for (const target::DynamicInputDim &dim : report.dynamicDims) {
    if (!text.empty())
      text += ", ";
    text += (dim.param.empty() ? "?" : dim.param) + " (" + dim.input + "[" +
            std::to_string(dim.dim) + "])";
  }
  return text;
}

std::string cellText(const TargetCell &cell) {
  std::string text = target::mappingName(cell.decision.mapping).str();
  if (cell.decision.mapping == target::Mapping::Degraded)
    text += llvm::formatv(" {0:P}", cell.decision.efficiency).str();
  if (!cell.decision.findings.empty())
    text += std::string(" ") + cell.decision.findings.front().rule->id;
  return text;
}

void writeModel(const Report &report, llvm::raw_ostream &os) {
  os << "hwc report: " << report.modelPath << "\n";
  os << llvm::formatv("model: opset {0}, {1} nodes, {2} parameters ({3}), {4}MACs; "
                      "dynamic dims: {5}\n",
                      report.opset, report.nodes, target::formatCount(report.parameters),
                      target::formatBytes(report.parameterBytes),
                      target::formatCount(report.macs) + " ", dynamicDimsText(report));
  if (!report.dynamicDims.empty())
    os << "  (dynamic dims count as 1 in the estimates)\n";
  os << "\n";
}

void writeSummaryTable(const Report &report, llvm::raw_ostream &os) {
  os << llvm::formatv("{0,-13} {1,-8} {2,-21} {3,+7} {4,+7} {5,+8} {6,+11} {7,+10} "
                      "{8}\n",
                      "target", "preset", "status", "nodes", "MACs", "segments",
                      "latency", "energy", "memory");
  for (const TargetSummary &t : report.targets)
    os << llvm::formatv("{0,-13} {1,-8} {2,-21} {3,+7:P} {4,+7:P} {5,+8} {6,+11} {7,+10} "
                        "{8}\n",
                        t.name, t.preset, t.status, t.mappedNodeShare, t.mappedMacShare,
                        t.partition.segments.size(), formatSeconds(t.latencySeconds),
                        formatJoules(t.energyJoules), t.memory.fits ? "fits" : "exceeds");
  os << "\n";
}

void writeTargetDetails(const Report &report, llvm::raw_ostream &os) {
  for (const TargetSummary &t : report.targets) {
    os << t.name << " (" << t.preset << "): "
       << (t.presetDescription.empty() ? t.description : t.presetDescription) << "\n";
    os << llvm::formatv(
        "  nodes: {0} native, {1} degraded, {2} fallback, {3} unsupported",
        t.nodesByMapping[0], t.nodesByMapping[1], t.nodesByMapping[2],
        t.nodesByMapping[3]);
    if (!t.firstBlocking.empty())
      os << "; first blocking: " << t.firstBlocking;
    os << "\n";
    os << llvm::formatv("  on the target: {0:P} of nodes, {1:P} of MACs, {2:P} of "
                        "parameters\n",
                        t.mappedNodeShare, t.mappedMacShare, t.mappedParamShare);
    os << llvm::formatv("  partition: {0} segment(s), {1} crossing(s), {2} across "
                        "boundaries{3}\n",
                        t.partition.segments.size(), t.partition.crossings,
                        target::formatBytes(t.partition.boundaryBytes),
                        t.nodesByMapping[2] == 0 ? ""
                                                 : "; fallback on " + t.fallbackDevice);
    os << llvm::formatv("  latency {0} (target {1}, fallback {2}, transfers {3}); "
                        "throughput {4:f1}/s; energy {5}\n",
                        formatSeconds(t.latencySeconds), formatSeconds(t.targetSeconds),
                        formatSeconds(t.fallbackSeconds),
                        formatSeconds(t.transferSeconds), t.throughputPerSecond,
                        formatJoules(t.energyJoules));
    for (const std::string &line : t.memory.lines)
      os << "  memory: " << line << "\n";
  }
  os << "\n";
}

void writeNodes(const Report &report, llvm::raw_ostream &os) {
  // Columns are padded for alignment; the last one is not, so no line
  // ends in spaces.
  auto emit = [&os](std::string line) {
    line.erase(line.find_last_not_of(' ') + 1);
    os << line << "\n";
  };
  std::string header =
      llvm::formatv("{0,+4} {1,-28} {2,-18} {3,-24}", "#", "node", "op", "output").str();
  for (const TargetSummary &t : report.targets)
    header += llvm::formatv(" {0,-26}", t.name).str();
  emit(header);
  for (const auto &[index, row] : llvm::enumerate(report.rows)) {
    std::string output =
        row.outputs.size() > 24 ? row.outputs.substr(0, 21) + "..." : row.outputs;
    std::string name = row.name.size() > 28 ? row.name.substr(0, 25) + "..." : row.name;
    std::string line =
        llvm::formatv("{0,+4} {1,-28} {2,-18} {3,-24}", index, name, row.opType, output)
            .str();
    for (const TargetCell &cell : row.cells)
      line += llvm::formatv(" {0,-26}", cellText(cell)).str();
    emit(line);
  }
  os << "\n";
}

void writeFindings(const Report &report, llvm::raw_ostream &os) {
  bool any = false;
  for (const NodeRow &row : report.rows)
    for (const auto &[column, cell] : llvm::enumerate(row.cells))
      for (const target::Finding &finding : cell.decision.findings) {
        if (!any)
          os << "findings:\n";
        any = true;
        os << "  '" << row.name << "' " << report.targets[column].name << " "
           << finding.rule->id << ": " << finding.reason << "; hint: " << finding.hint
           << "\n";
      }
  if (any)
    os << "\n";
}

void writeShapeReadiness(const Report &report, llvm::raw_ostream &os) {
  const ShapeReadiness &readiness = report.shapeReadiness;
  os << "shape readiness" << (report.options.simplified ? "" : " (not simplified)")
     << ":\n";
  os << "  dynamic input dims: " << dynamicDimsText(report) << "\n";
  os << "  nodes that need static shapes:";
  for (const auto &[column, t] : llvm::enumerate(report.targets))
    os << (column ? "," : "") << " " << t.name << " " << readiness.blockedNodes[column];
  os << "\n";
  if (!readiness.suggestedFlags.empty())
    os << "  suggested: " << readiness.suggestedFlags << "\n";
  os << "\n";
}

void writeDecision(const Report &report, llvm::raw_ostream &os) {
  const ScoreWeights &w = report.options.weights;
  os << llvm::formatv("decision (weights: latency {0}, throughput {1}, energy {2}, risk "
                      "{3}):\n",
                      w.latency, w.throughput, w.energy, w.risk);
  for (const TargetSummary &t : report.targets)
    os << llvm::formatv("  {0,-13} score {1,5:f1}  risk {2:f2}\n", t.name, t.score,
                        t.risk);
  os << "  " << report.recommendation << "\n\n";
  os << "what would it take:\n";
  if (report.unlocks.empty())
    os << "  nothing: every node maps on every requested target\n";
  for (const auto &[index, unlock] : llvm::enumerate(report.unlocks))
    os << llvm::formatv("  {0}. {1} {2} ({3} node(s)): {4} -> unlocks {5}MACs ({6:P})\n",
                        index + 1, unlock.target, unlock.rule, unlock.nodes, unlock.hint,
                        target::formatCount(unlock.macs) + " ", unlock.share);
  os << "\n";
}

} // namespace

/// Per target with per-layer figures (the ASIC's GEMM dims, folds and
/// SCALE-Sim-mode cycles): one aligned table.
void writeLayerFigures(const Report &report, llvm::raw_ostream &os) {
  for (const auto &[column, t] : llvm::enumerate(report.targets)) {
    LayerFigures figures = layerFigures(report, column);
    if (figures.rows.empty())
      continue;
    os << "Layers on " << t.name << " (" << t.preset << "):\n";
    std::string header = llvm::formatv("  {0,-28} {1,-12}", "node", "op").str();
    for (const std::string &name : figures.columns)
      header += llvm::formatv(" {0,+18}", name).str();
    if (figures.hasCycles)
      header += llvm::formatv(" {0,+16} {1}", "est. cycles", "bound").str();
    os << header << "\n";
    for (const LayerFigures::Row &row : figures.rows) {
      std::string name = row.node.size() > 28 ? row.node.substr(0, 25) + "..." : row.node;
      os << llvm::formatv("  {0,-28} {1,-12}", name, row.opType);
      for (const std::string &value : row.values)
        os << llvm::formatv(" {0,+18}", value);
      if (figures.hasCycles)
        os << llvm::formatv(" {0,+16} {1}", int64_t(row.cycles), row.bound);
      os << "\n";
    }
    os << "\n";
  }
}

void writeText(const Report &report, llvm::raw_ostream &os) {
  writeModel(report, os);
  writeSummaryTable(report, os);
  writeTargetDetails(report, os);
  writeNodes(report, os);
  writeLayerFigures(report, os);
  writeFindings(report, os);
  writeShapeReadiness(report, os);
  writeDecision(report, os);
  const char *meaning = report.exitCode == 0    ? "all requested targets fully mapped"
                        : report.exitCode == 10 ? "mapped with fallback"
                                                : "some target not mappable";
  os << "exit " << report.exitCode << ": " << meaning << "\n";
}

} // namespace hwc::report
