//===- JsonWriter.cpp - The report as schema-versioned JSON ----------------===//
//
// Keys are stable (docs/report.schema.json); numbers are raw SI units
// (seconds, joules, bytes), never formatted text, so CI can compare them.
//
//===----------------------------------------------------------------------===//

#include "compiler/report/Report.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

namespace hwc::report {

namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

Value optionalNumber(double value) { return value < 0 ? Value(nullptr) : Value(value); }

Object mappingCounts(const int64_t counts[4]) {
  return Object{{"native", counts[0]},
                {"degraded", counts[1]},
                {"fallback", counts[2]},
                {"unsupported", counts[3]}};
}

Object mappingMacs(const double macs[4]) {
  return Object{{"native", macs[0]},
                {"degraded", macs[1]},
                {"fallback", macs[2]},
                {"unsupported", macs[3]}};
}

Array findingsJson(const target::Decision &decision) {
  Array findings;
  for (const target::Finding &finding : decision.findings)
    findings.push_back(Object{{"rule", finding.rule->id},
                              {"mapping", target::mappingName(finding.rule->mapping)},
                              {"reason", finding.reason},
                              {"hint", finding.hint},
                              {"efficiency", finding.efficiency}});
  return findings;
}

Object targetJson(const Report &report, const TargetSummary &t) {
  Array segments;
  for (const target::Segment &segment : t.partition.segments) {
    Array inputs;
    for (const target::BoundaryTensor &tensor : segment.inputs)
      inputs.push_back(Object{{"name", tensor.name}, {"bytes", tensor.bytes}});
    segments.push_back(
        Object{{"device", segment.onTarget           ? t.name
                          : t.fallbackDevice.empty() ? std::string("unmapped")
                                                     : t.fallbackDevice},
               {"nodes", static_cast<int64_t>(segment.nodes.size())},
               {"first_node", report.rows[segment.nodes.front()].name},
               {"last_node", report.rows[segment.nodes.back()].name},
               {"inputs", std::move(inputs)},
               {"input_bytes", segment.inputBytes}});
  }
  Array memoryLines;
  for (const std::string &line : t.memory.lines)
    memoryLines.push_back(line);
  return Object{
      {"name", t.name},
      {"description", t.description},
      {"preset", t.preset},
      {"preset_description", t.presetDescription},
      {"config_source", t.configSource},
      {"config_sha256", t.configHash},
      {"notes", t.notes},
      {"status", t.status},
      {"nodes", mappingCounts(t.nodesByMapping)},
      {"macs", mappingMacs(t.macsByMapping)},
      {"mapped_node_share", t.mappedNodeShare},
      {"mapped_mac_share", t.mappedMacShare},
      {"mapped_param_share", t.mappedParamShare},
      {"fallback_device",
       t.fallbackDevice.empty() ? Value(nullptr) : Value(t.fallbackDevice)},
      {"segments", std::move(segments)},
      {"crossings", static_cast<int64_t>(t.partition.crossings)},
      {"boundary_bytes", t.partition.boundaryBytes},
      {"latency_s", t.latencySeconds},
      {"target_s", t.targetSeconds},
      {"fallback_s", t.fallbackSeconds},
      {"transfer_s", t.transferSeconds},
      {"throughput_per_s", t.throughputPerSecond},
      {"energy_j", optionalNumber(t.energyJoules)},
      {"memory", Object{{"fits", t.memory.fits}, {"lines", std::move(memoryLines)}}},
      {"risk", t.risk},
      {"score", t.score},
      {"first_blocking",
       t.firstBlocking.empty() ? Value(nullptr) : Value(t.firstBlocking)},
  };
}

Object metricsJson(const target::LayerCost &cost) {
  Object metrics;
  for (const auto &[name, value] : cost.metrics)
    metrics[name] = value;
  return metrics;
}

Object nodeJson(const Report &report, size_t index, const NodeRow &row) {
  Object targets;
  for (const auto &[column, cell] : llvm::enumerate(row.cells)) {
    const target::Decision &decision = cell.decision;
    const target::Finding *primary =
        decision.findings.empty() ? nullptr : &decision.findings.front();
    targets[report.targets[column].name] = Object{
        {"mapping", target::mappingName(decision.mapping)},
        {"rule", primary ? Value(primary->rule->id) : Value(nullptr)},
        {"reason", primary ? Value(primary->reason) : Value(nullptr)},
        {"hint", primary ? Value(primary->hint) : Value(nullptr)},
        {"note", decision.note.empty() ? Value(nullptr) : Value(decision.note)},
        {"efficiency", decision.efficiency},
        {"segment", static_cast<int64_t>(cell.segment)},
        {"findings", findingsJson(decision)},
        {"cost", Object{{"cycles", cell.cost.cycles},
                        {"seconds", cell.cost.seconds},
                        {"joules", optionalNumber(cell.cost.joules)},
                        {"bytes", cell.cost.bytes},
                        {"bound", cell.cost.bound},
                        {"metrics", metricsJson(cell.cost)}}},
    };
  }
  return Object{{"index", static_cast<int64_t>(index)},
                {"name", row.name},
                {"op", row.opType},
                {"inputs", row.inputs},
                {"outputs", row.outputs},
                {"macs", row.macs},
                {"params", row.params},
                {"folded", row.folded},
                {"targets", std::move(targets)}};
}

} // namespace

void writeJson(const Report &report, llvm::raw_ostream &os) {
  Array dynamicDims;
  for (const target::DynamicInputDim &dim : report.dynamicDims)
    dynamicDims.push_back(Object{{"input", dim.input},
                                 {"dim", static_cast<int64_t>(dim.dim)},
                                 {"param", dim.param}});
  Array targets, nodes, ranking, unlocks, targetNames;
  for (const TargetSummary &t : report.targets) {
    targets.push_back(targetJson(report, t));
    ranking.push_back(Object{{"target", t.name}, {"score", t.score}, {"risk", t.risk}});
  }
  for (const std::string &name : report.options.targets)
    targetNames.push_back(name);
  for (const auto &[index, row] : llvm::enumerate(report.rows))
    nodes.push_back(nodeJson(report, index, row));
  for (const Unlock &unlock : report.unlocks)
    unlocks.push_back(Object{{"target", unlock.target},
                             {"rule", unlock.rule},
                             {"hint", unlock.hint},
                             {"nodes", unlock.nodes},
                             {"macs", unlock.macs},
                             {"mac_share", unlock.share}});
  Array blocked;
  for (const auto &[column, t] : llvm::enumerate(report.targets))
    blocked.push_back(Object{{"target", t.name},
                             {"nodes", report.shapeReadiness.blockedNodes[column]}});
  const ScoreWeights &w = report.options.weights;
  auto weights = [&] {
    return Object{{"latency", w.latency},
                  {"throughput", w.throughput},
                  {"energy", w.energy},
                  {"risk", w.risk}};
  };
  Object root{
      {"schema_version", kSchemaVersion},
      {"hwc_version", report.hwcVersion},
      {"model", Object{{"path", report.modelPath},
                       {"producer", report.producer},
                       {"opset", report.opset},
                       {"nodes", report.nodes},
                       {"parameters", report.parameters},
                       {"parameter_bytes", report.parameterBytes},
                       {"macs", report.macs},
                       {"dynamic_dims", std::move(dynamicDims)}}},
      {"shape_readiness",
       Object{{"dynamic_input_dims", static_cast<int64_t>(report.dynamicDims.size())},
              {"nodes_needing_static_shapes", std::move(blocked)},
              {"suggested_flags", report.shapeReadiness.suggestedFlags}}},
      {"options", Object{{"targets", std::move(targetNames)},
                         {"simplified", report.options.simplified},
                         {"fallback", report.options.fallback},
                         {"quantize", report.options.quantize},
                         {"fail_on", report.options.failOn},
                         {"weights", weights()}}},
      {"targets", std::move(targets)},
      {"nodes", std::move(nodes)},
      {"decision", Object{{"weights", weights()},
                          {"ranking", std::move(ranking)},
                          {"recommendation", report.recommendation}}},
      {"what_would_it_take", std::move(unlocks)},
      {"exit_code", report.exitCode},
  };
  if (report.quantization)
    root["quantization"] = quant::quantizationJson(*report.quantization);
  os << llvm::formatv("{0:2}", Value(std::move(root))) << "\n";
}

} // namespace hwc::report
