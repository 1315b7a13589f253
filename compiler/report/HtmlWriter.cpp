//===- HtmlWriter.cpp - The report as one self-contained HTML page ---------===//
//
// No scripts, no external resources: inline CSS and SVG charts (MAC share
// per target by mapping, and the costliest layers per target), so the file
// can be attached to a ticket or opened offline.
//
//===----------------------------------------------------------------------===//

#include "compiler/report/Report.h"

#include "targets/RuleHelpers.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

namespace hwc::report {

namespace {

std::string escape(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

const char *kColors[4] = {"#2e8b57", "#e0a030", "#4a78c8", "#c8403a"};

void writeStyle(llvm::raw_ostream &os) {
  os << "<style>body{font-family:sans-serif;margin:2em;color:#222}"
        "table{border-collapse:collapse;margin:1em 0;font-size:13px}"
        "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
        "th{background:#f0f0f0}.Native{color:#2e8b57}.Degraded{color:#b07010}"
        ".Fallback{color:#4a78c8}.Unsupported{color:#c8403a;font-weight:bold}"
        "code{font-size:12px}</style>\n";
}

/// One stacked bar per target: share of MACs per mapping.
void writeShareChart(const Report &report, llvm::raw_ostream &os) {
  int height = 30 * report.targets.size() + 40;
  os << llvm::formatv("<svg id=\"mapped-share\" width=\"780\" height=\"{0}\" "
                      "xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">\n",
                      height);
  for (const auto &[row, t] : llvm::enumerate(report.targets)) {
    int y = 10 + 30 * row;
    os << llvm::formatv("<text x=\"0\" y=\"{0}\">{1}</text>\n", y + 15, escape(t.name));
    double total = 0;
    for (double macs : t.macsByMapping)
      total += macs;
    double x = 110;
    for (int m = 0; m < 4; ++m) {
      double share =
          total > 0 ? t.macsByMapping[m] / total : (m == 0 ? t.mappedNodeShare : 0);
      double width = 500 * share;
      if (width > 0)
        os << llvm::formatv("<rect x=\"{0:f1}\" y=\"{1}\" width=\"{2:f1}\" height=\"20\" "
                            "fill=\"{3}\"><title>{4}: {5:P}</title></rect>\n",
                            x, y, width, kColors[m],
                            target::mappingName(static_cast<target::Mapping>(m)), share);
      x += width;
    }
    os << llvm::formatv("<text x=\"620\" y=\"{0}\">{1:P} mapped</text>\n", y + 15,
                        t.mappedMacShare);
  }
  int legendY = height - 12;
  for (int m = 0; m < 4; ++m)
    os << llvm::formatv("<rect x=\"{0}\" y=\"{1}\" width=\"10\" height=\"10\" "
                        "fill=\"{2}\"/><text x=\"{3}\" y=\"{4}\">{5}</text>\n",
                        110 + 120 * m, legendY - 9, kColors[m], 124 + 120 * m, legendY,
                        target::mappingName(static_cast<target::Mapping>(m)));
  os << "</svg>\n";
}

/// The costliest layers of one target (on the target or its fallback).
void writeCostChart(const Report &report, size_t column, llvm::raw_ostream &os) {
  std::vector<size_t> order;
  for (size_t i = 0; i < report.rows.size(); ++i)
    if (report.rows[i].cells[column].cost.seconds > 0)
      order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return report.rows[a].cells[column].cost.seconds >
           report.rows[b].cells[column].cost.seconds;
  });
  if (order.size() > 15)
    order.resize(15);
  if (order.empty())
    return;
  double longest = report.rows[order.front()].cells[column].cost.seconds;
  os << llvm::formatv("<svg class=\"layer-cost\" width=\"720\" height=\"{0}\" "
                      "xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">\n",
                      18 * order.size() + 4);
  for (const auto &[bar, index] : llvm::enumerate(order)) {
    const NodeRow &row = report.rows[index];
    const TargetCell &cell = row.cells[column];
    std::string label = row.name.size() > 30 ? row.name.substr(0, 27) + "..." : row.name;
    double width = 400 * cell.cost.seconds / longest;
    int y = 2 + 18 * bar;
    os << llvm::formatv("<text x=\"0\" y=\"{0}\">{1}</text><rect x=\"200\" y=\"{2}\" "
                        "width=\"{3:f1}\" height=\"14\" fill=\"{4}\"/><text x=\"{5:f1}\" "
                        "y=\"{0}\">{6} {7}</text>\n",
                        y + 11, escape(label), y, std::max(1.0, width),
                        kColors[static_cast<int>(cell.decision.mapping)], 206 + width,
                        formatSeconds(cell.cost.seconds), escape(cell.cost.bound));
  }
  os << "</svg>\n";
}

/// The quantization section: the cost vs divergence curve and the
/// per-group table.
void writeQuantization(const quant::QuantizationReport &quantization, llvm::raw_ostream &os) {
  os << "<h2>Quantization</h2>\n<p>Student against the fp32 teacher on " << quantization.samples
     << " calibration samples, divergence in <code>" << escape(quantization.metric)
     << "</code>";
  if (quantization.maxDrop)
    os << ", budget " << quant::formatSignificant(*quantization.maxDrop) << ": "
       << (quantization.withinBudget ? "met" : "<b>not met</b>");
  os << "; chosen plan: divergence " << quant::formatSignificant(quantization.drop)
     << ", relative cost " << quant::formatSignificant(quantization.cost) << " of fp32.</p>\n";
  for (const std::string &fix : quantization.fixes)
    os << "<p><small>" << escape(fix) << "</small></p>\n";
  quant::writeParetoSvg(quantization, os);
  os << "<table>\n<tr><th>group</th><th>op</th><th>precision</th><th>granularity</th>"
        "<th>local SQNR dB</th><th>accumulated SQNR dB</th><th>sensitivity rank</th>"
        "<th>why</th></tr>\n";
  for (const quant::GroupReport &row : quantization.groups)
    os << "<tr><td>" << escape(row.name) << "</td><td>" << escape(row.opType) << "</td><td>"
       << row.precision << "</td><td>" << escape(row.granularity) << "</td><td>"
       << quant::formatSignificant(row.localSqnrDb) << "</td><td>"
       << (row.accumulatedSqnrDb ? quant::formatSignificant(*row.accumulatedSqnrDb) : "-")
       << "</td><td>" << row.sensitivityRank << "</td><td>" << escape(row.reason)
       << "</td></tr>\n";
  os << "</table>\n";
}

} // namespace

namespace {
/// Per-layer figures of targets that report them (the ASIC's GEMM dims,
/// folds and SCALE-Sim-mode cycles).
void writeLayerFigures(const Report &report, llvm::raw_ostream &os) {
  for (const auto &[column, t] : llvm::enumerate(report.targets)) {
    LayerFigures figures = layerFigures(report, column);
    if (figures.rows.empty())
      continue;
    os << "<h2>Layers on " << escape(t.name) << " (" << escape(t.preset)
       << ")</h2>\n<table><tr><th>node</th><th>op</th>";
    for (const std::string &name : figures.columns)
      os << "<th>" << escape(name) << "</th>";
    if (figures.hasCycles)
      os << "<th>estimated cycles</th><th>bound</th>";
    os << "</tr>\n";
    for (const LayerFigures::Row &row : figures.rows) {
      os << "<tr><td>" << escape(row.node) << "</td><td>" << escape(row.opType) << "</td>";
      for (const std::string &value : row.values)
        os << "<td>" << escape(value) << "</td>";
      if (figures.hasCycles)
        os << "<td>" << int64_t(row.cycles) << "</td><td>" << escape(row.bound) << "</td>";
      os << "</tr>\n";
    }
    os << "</table>\n";
  }
}
} // namespace

void writeHtml(const Report &report, llvm::raw_ostream &os) {
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<title>hwc report: " << escape(report.modelPath) << "</title>\n";
  writeStyle(os);
  os << "</head><body>\n<h1>hwc report: <code>" << escape(report.modelPath)
     << "</code></h1>\n";
  os << llvm::formatv("<p>Opset {0}, {1} nodes, {2} parameters ({3}), {4}MACs; {5} "
                      "dynamic input dims.</p>\n",
                      report.opset, report.nodes, target::formatCount(report.parameters),
                      escape(target::formatBytes(report.parameterBytes)),
                      target::formatCount(report.macs) + " ", report.dynamicDims.size());
  os << "<h2>Mapped share of MACs</h2>\n";
  writeShareChart(report, os);
  os << "<h2>Targets</h2>\n<table><tr><th>target</th><th>preset</th><th>status</th>"
        "<th>nodes mapped</th><th>MACs mapped</th><th>segments</th><th>latency</th>"
        "<th>energy</th><th>memory</th><th>score</th></tr>\n";
  for (const TargetSummary &t : report.targets) {
    std::string memory;
    for (const std::string &line : t.memory.lines)
      memory += escape(line) + "<br>";
    os << llvm::formatv("<tr><td>{0}</td><td>{1}</td><td>{2}</td><td>{3:P}</td>"
                        "<td>{4:P}</td><td>{5}</td><td>{6}</td><td>{7}</td><td>{8}</td>"
                        "<td>{9:f1}</td></tr>\n",
                        escape(t.name), escape(t.preset), escape(t.status),
                        t.mappedNodeShare, t.mappedMacShare, t.partition.segments.size(),
                        formatSeconds(t.latencySeconds), formatJoules(t.energyJoules),
                        memory, t.score);
  }
  os << "</table>\n<p>" << escape(report.recommendation) << ".</p>\n";
  os << "<h2>What would it take</h2>\n<ol>\n";
  for (const Unlock &unlock : report.unlocks)
    os << llvm::formatv("<li>{0} <code>{1}</code> ({2} nodes): {3} &rarr; unlocks "
                        "{4}MACs ({5:P})</li>\n",
                        escape(unlock.target), escape(unlock.rule), unlock.nodes,
                        escape(unlock.hint), target::formatCount(unlock.macs) + " ",
                        unlock.share);
  os << "</ol>\n<h2>Costliest layers</h2>\n";
  for (size_t column = 0; column < report.targets.size(); ++column) {
    os << "<h3>" << escape(report.targets[column].name) << "</h3>\n";
    writeCostChart(report, column, os);
  }
  os << "<h2>Nodes</h2>\n<table><tr><th>#</th><th>node</th><th>op</th><th>output</th>"
        "<th>MACs</th>";
  for (const TargetSummary &t : report.targets)
    os << "<th>" << escape(t.name) << "</th>";
  os << "</tr>\n";
  for (const auto &[index, row] : llvm::enumerate(report.rows)) {
    os << "<tr><td>" << index << "</td><td>" << escape(row.name) << "</td><td>"
       << escape(row.opType) << "</td><td>" << escape(row.outputs) << "</td><td>"
       << target::formatCount(row.macs) << "</td>";
    for (const TargetCell &cell : row.cells) {
      llvm::StringRef mapping = target::mappingName(cell.decision.mapping);
      os << "<td class=\"" << mapping << "\">" << mapping;
      if (!cell.decision.findings.empty()) {
        const target::Finding &f = cell.decision.findings.front();
        os << " <code>" << f.rule->id << "</code><br><small>" << escape(f.reason)
           << "<br><i>" << escape(f.hint) << "</i></small>";
      } else if (!cell.decision.note.empty()) {
        os << "<br><small>" << escape(cell.decision.note) << "</small>";
      }
      os << "</td>";
    }
    os << "</tr>\n";
  }
  os << "</table>\n";
  writeLayerFigures(report, os);
  if (report.quantization)
    writeQuantization(*report.quantization, os);
  os << "</body></html>\n";
}

} // namespace hwc::report
