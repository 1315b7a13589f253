//===- MarkdownWriter.cpp - The report as Markdown and docs/rules.md -------===//

#include "compiler/report/Report.h"

#include "targets/Registry.h"
#include "targets/RuleHelpers.h"

#include "llvm/Support/FormatVariadic.h"

namespace hwc::report {

namespace {

/// Escapes the characters that would break a Markdown table cell.
std::string cell(llvm::StringRef text) {
  std::string escaped;
  for (char c : text) {
    if (c == '|')
      escaped += "\\|";
    else if (c == '\n')
      escaped += ' ';
    else
      escaped += c;
  }
  return escaped;
}

std::string statusText(const TargetCell &c) {
  std::string text = target::mappingName(c.decision.mapping).str();
  if (c.decision.mapping == target::Mapping::Degraded)
    text += llvm::formatv(" ({0:P})", c.decision.efficiency).str();
  if (!c.decision.findings.empty())
    text += std::string(" `") + c.decision.findings.front().rule->id + "`";
  else if (!c.decision.note.empty())
    text += " — " + c.decision.note;
  return text;
}

} // namespace

void writeMarkdown(const Report &report, llvm::raw_ostream &os) {
  os << "# hwc report: `" << report.modelPath << "`\n\n";
  os << llvm::formatv("Opset {0}, {1} nodes, {2} parameters ({3}), {4}MACs.",
                      report.opset, report.nodes, target::formatCount(report.parameters),
                      target::formatBytes(report.parameterBytes),
                      target::formatCount(report.macs) + " ");
  if (report.dynamicDims.empty())
    os << " All input dims are static.\n\n";
  else {
    os << " Dynamic input dims (counted as 1 in the estimates):";
    for (const target::DynamicInputDim &dim : report.dynamicDims)
      os << " `" << (dim.param.empty() ? "?" : dim.param) << "` (" << dim.input << "["
         << dim.dim << "])";
    os << ".\n\n";
  }
  os << "## Targets\n\n| target | preset | status | nodes mapped | MACs mapped | "
        "segments "
        "| crossings | latency | energy | memory "
        "|\n|---|---|---|---|---|---|---|---|---|---|\n";
  for (const TargetSummary &t : report.targets)
    os << llvm::formatv(
        "| {0} | {1} | {2} | {3:P} | {4:P} | {5} | {6} | {7} | {8} | {9} |\n", t.name,
        t.preset, t.status, t.mappedNodeShare, t.mappedMacShare,
        t.partition.segments.size(), t.partition.crossings,
        formatSeconds(t.latencySeconds), formatJoules(t.energyJoules),
        t.memory.fits ? "fits" : "exceeds");
  os << "\n";
  for (const TargetSummary &t : report.targets) {
    os << "**" << t.name << "** (" << t.preset << "): "
       << cell(t.presetDescription.empty() ? t.description : t.presetDescription) << ".";
    for (const std::string &line : t.memory.lines)
      os << " " << cell(line) << ".";
    if (!t.firstBlocking.empty())
      os << " First blocking node: " << cell(t.firstBlocking) << ".";
    os << "\n\n";
  }
  os << "## Shape readiness\n\n";
  if (report.dynamicDims.empty())
    os << "Every input dim is static";
  else
    os << report.dynamicDims.size() << " dynamic input dim(s)";
  os << "; nodes that need static shapes:";
  for (const auto &[column, t] : llvm::enumerate(report.targets))
    os << (column ? "," : "") << " " << t.name << " "
       << report.shapeReadiness.blockedNodes[column];
  os << ".";
  if (!report.shapeReadiness.suggestedFlags.empty())
    os << " Suggested: `" << report.shapeReadiness.suggestedFlags << "`.";
  if (!report.options.simplified)
    os << " (Analysed without simplification.)";
  os << "\n\n";
  os << "## Decision\n\n| target | score | risk |\n|---|---|---|\n";
  for (const TargetSummary &t : report.targets)
    os << llvm::formatv("| {0} | {1:f1} | {2:f2} |\n", t.name, t.score, t.risk);
  const ScoreWeights &w = report.options.weights;
  os << llvm::formatv("\nWeights: latency {0}, throughput {1}, energy {2}, risk {3}. ",
                      w.latency, w.throughput, w.energy, w.risk)
     << report.recommendation << ".\n\n";
  os << "## What would it take\n\n";
  if (report.unlocks.empty())
    os << "Nothing: every node maps on every requested target.\n\n";
  else {
    os << "| target | rule | nodes | change | MACs unlocked |\n|---|---|---|---|---|\n";
    for (const Unlock &unlock : report.unlocks)
      os << llvm::formatv("| {0} | `{1}` | {2} | {3} | {4}({5:P}) |\n", unlock.target,
                          unlock.rule, unlock.nodes, cell(unlock.hint),
                          target::formatCount(unlock.macs) + " ", unlock.share);
    os << "\n";
  }
  os << "## Nodes\n\n| # | node | op | output | MACs |";
  for (const TargetSummary &t : report.targets)
    os << " " << t.name << " |";
  os << "\n|---|---|---|---|---|";
  for (size_t i = 0; i < report.targets.size(); ++i)
    os << "---|";
  os << "\n";
  for (const auto &[index, row] : llvm::enumerate(report.rows)) {
    os << "| " << index << " | " << cell(row.name) << " | " << cell(row.opType) << " | "
       << cell(row.outputs) << " | " << target::formatCount(row.macs) << " |";
    for (const TargetCell &c : row.cells)
      os << " " << cell(statusText(c)) << " |";
    os << "\n";
  }
  for (const auto &[column, t] : llvm::enumerate(report.targets)) {
    LayerFigures figures = layerFigures(report, column);
    if (figures.rows.empty())
      continue;
    os << "\n## Layers on " << t.name << " (" << t.preset << ")\n\n| node | op |";
    for (const std::string &name : figures.columns)
      os << " " << name << " |";
    if (figures.hasCycles)
      os << " estimated cycles | bound |";
    os << "\n|---|---|";
    for (size_t i = 0; i < figures.columns.size(); ++i)
      os << "---|";
    os << (figures.hasCycles ? "---|---|\n" : "\n");
    for (const LayerFigures::Row &row : figures.rows) {
      os << "| " << cell(row.node) << " | " << cell(row.opType) << " |";
      for (const std::string &value : row.values)
        os << " " << value << " |";
      if (figures.hasCycles)
        os << " " << int64_t(row.cycles) << " | " << row.bound << " |";
      os << "\n";
    }
  }
  os << "\n## Findings\n\n";
  bool any = false;
  for (const NodeRow &row : report.rows)
    for (const auto &[column, c] : llvm::enumerate(row.cells))
      for (const target::Finding &finding : c.decision.findings) {
        any = true;
        os << "- `" << cell(row.name) << "` on " << report.targets[column].name << ": `"
           << finding.rule->id << "` " << cell(finding.reason) << ". *Fix:* "
           << cell(finding.hint) << ".\n";
      }
  if (!any)
    os << "None.\n";
  if (report.quantization) {
    os << "\n";
    quant::writeQuantizationMarkdown(*report.quantization, os);
  }
}

void writeRulesMarkdown(llvm::raw_ostream &os) {
  os << "# Capability rules\n\n"
        "<!-- Generated by `hwc report --list-rules` (scripts/gen-rules-doc.sh); do "
        "not edit. -->\n\n"
        "Every node `hwc report` cannot map natively names one of these rules. IDs are "
        "stable: scripts and CI gates may key on them. A report finding adds the "
        "concrete failing value, the limit and a specific fix; the hint here is the "
        "generic one. `Degraded` nodes map at a stated efficiency; `Unsupported` "
        "nodes need a fallback segment (`--fallback=gpu|host`) or a change to the "
        "model.\n\n";
  for (const target::Target *t : target::allTargets()) {
    os << "## " << t->name() << "\n\n" << t->description() << ". Presets: ";
    std::vector<std::string> presets = target::presetNames(*t);
    for (size_t i = 0; i < presets.size(); ++i)
      os << (i ? ", " : "") << "`" << presets[i] << "`";
    os << " (default `" << t->defaultPreset() << "`).\n\n";
    os << "| rule | mapping | what it checks | generic fix |\n|---|---|---|---|\n";
    for (const target::Rule &rule : t->rules())
      os << "| `" << rule.id << "` | " << target::mappingName(rule.mapping) << " | "
         << cell(rule.summary) << " | " << cell(rule.hint) << " |\n";
    os << "\n";
  }
}

} // namespace hwc::report
