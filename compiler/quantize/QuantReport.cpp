//===- QuantReport.cpp - What quantization chose and why -------------------===//

#include "compiler/quantize/QuantReport.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <numeric>
#include <set>

namespace hwc::quant {
namespace {

std::string granularity(const QuantPlan &plan, const QuantizerGroup &group,
                        Precision precision) {
  if (precision == Precision::Float16 || precision == Precision::Float32)
    return "-";
  for (const std::string &name : group.weights) {
    const rt::TensorQuantization &params = plan.tensors.at(name).params;
    if (params.scales.size() > 1)
      return "per-channel (axis " + std::to_string(params.axis) + ")";
  }
  return "per-tensor";
}

void scaleRange(const QuantPlan &plan, const QuantizerGroup &group, GroupReport &row) {
  bool any = false;
  for (const std::vector<std::string> *names : {&group.activations, &group.weights})
    for (const std::string &name : *names) {
      auto entry = plan.tensors.find(name);
      if (entry == plan.tensors.end() || entry->second.params.float16)
        continue;
      for (float scale : entry->second.params.scales) {
        row.minScale = any ? std::min(row.minScale, double(scale)) : scale;
        row.maxScale = any ? std::max(row.maxScale, double(scale)) : scale;
        any = true;
      }
    }
}

/// Indices of the points on the lower-left frontier, by ascending cost.
std::vector<size_t> paretoFront(const std::vector<PlanPoint> &points) {
  std::vector<size_t> order(points.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return points[a].cost != points[b].cost ? points[a].cost < points[b].cost
                                            : points[a].drop < points[b].drop;
  });
  std::vector<size_t> front;
  for (size_t index : order)
    if (front.empty() || points[index].drop < points[front.back()].drop)
      front.push_back(index);
  return front;
}

std::string number(double value) { return formatSignificant(value); }

std::string escapeXml(const std::string &text) {
  std::string out;
  for (char c : text)
    out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return out;
}

} // namespace

QuantizationReport buildQuantizationReport(const PrecisionContext &context,
                                           const BudgetResult &result,
                                           TeacherComparison &teacher,
                                           const BudgetOptions &options, size_t sqnrSamples) {
  QuantizationReport report;
  report.method = context.base.method;
  report.metric = divergenceMetricName(result.metric);
  report.maxDrop = options.maxDrop;
  report.drop = result.drop;
  report.cost = result.cost;
  report.withinBudget = result.withinBudget;
  report.samples = teacher.samples();
  report.sensitivityEvaluations = result.sensitivityEvaluations;
  report.searchEvaluations = result.searchEvaluations;
  report.agreement = result.agreement;
  report.points = result.points;
  report.paretoFront = paretoFront(result.points);
  std::set<std::string> activations;
  for (const QuantizerGroup &group : context.groups)
    activations.insert(group.activations.begin(), group.activations.end());
  std::map<std::string, double> accumulated =
      teacher.tensorSqnr(toRuntimePlan(result.plan), activations, sqnrSamples);
  for (size_t i = 0; i < context.groups.size(); ++i) {
    const QuantizerGroup &group = context.groups[i];
    GroupReport row;
    row.name = group.name;
    row.opType = group.opType;
    row.precision = precisionName(result.precisions[i]);
    row.granularity = granularity(result.plan, group, result.precisions[i]);
    scaleRange(result.plan, group, row);
    row.localSqnrDb = result.sensitivity[i].localSqnrDb;
    for (const std::string &name : group.activations)
      if (auto found = accumulated.find(name); found != accumulated.end())
        row.accumulatedSqnrDb = std::min(row.accumulatedSqnrDb.value_or(found->second),
                                         found->second);
    row.sensitivityRank = result.sensitivity[i].rank;
    row.sensitivityDrop = result.sensitivity[i].drop;
    row.sensitivityNmse =
        divergence(result.sensitivity[i].agreement, DivergenceMetric::Nmse).value_or(0);
    row.reason = result.reasons[i];
    report.groups.push_back(std::move(row));
  }
  return report;
}

llvm::json::Value quantizationJson(const QuantizationReport &report) {
  llvm::json::Array groups, points, front, outputs, fixes;
  for (const std::string &fix : report.fixes)
    fixes.push_back(fix);
  for (const GroupReport &row : report.groups) {
    llvm::json::Object entry{{"name", row.name},
                             {"op_type", row.opType},
                             {"precision", row.precision},
                             {"granularity", row.granularity},
                             {"scale_min", row.minScale},
                             {"scale_max", row.maxScale},
                             {"local_sqnr_db", row.localSqnrDb},
                             {"sensitivity_rank", row.sensitivityRank},
                             {"sensitivity_drop", row.sensitivityDrop},
                             {"sensitivity_nmse", row.sensitivityNmse},
                             {"reason", row.reason}};
    if (row.accumulatedSqnrDb)
      entry["accumulated_sqnr_db"] = *row.accumulatedSqnrDb;
    groups.push_back(std::move(entry));
  }
  for (const PlanPoint &point : report.points)
    points.push_back(llvm::json::Object{
        {"cost", point.cost}, {"drop", point.drop}, {"change", point.change}});
  for (size_t index : report.paretoFront)
    front.push_back(int64_t(index));
  for (const OutputAgreement &output : report.agreement.outputs) {
    llvm::json::Object entry{{"name", output.name},
                             {"sqnr_db", output.sqnrDb},
                             {"nmse", output.nmse},
                             {"min_cosine", output.minCosine}};
    if (output.hasClasses()) {
      entry["top1_agreement"] = output.top1Agreement();
      entry["kl"] = output.kl;
    }
    outputs.push_back(std::move(entry));
  }
  llvm::json::Object root{{"method", report.method},
                          {"metric", report.metric},
                          {"drop", report.drop},
                          {"relative_cost", report.cost},
                          {"within_budget", report.withinBudget},
                          {"samples", int64_t(report.samples)},
                          {"sensitivity_evaluations", int64_t(report.sensitivityEvaluations)},
                          {"search_evaluations", int64_t(report.searchEvaluations)},
                          {"outputs", std::move(outputs)},
                          {"fixes", std::move(fixes)},
                          {"groups", std::move(groups)},
                          {"points", std::move(points)},
                          {"pareto_front", std::move(front)}};
  if (report.maxDrop)
    root["max_drop"] = *report.maxDrop;
  return llvm::json::Value(std::move(root));
}

void writeQuantizationMarkdown(const QuantizationReport &report, llvm::raw_ostream &os) {
  os << "## Quantization\n\n";
  os << "Student (quantized) against the fp32 teacher on " << report.samples
     << " samples; ranges by `" << report.method << "`, divergence in `" << report.metric
     << "`";
  if (report.maxDrop)
    os << ", budget " << number(*report.maxDrop) << ": "
       << (report.withinBudget ? "**met**" : "**not met**") << " (divergence "
       << number(report.drop) << ")";
  os << ". Relative cost " << number(report.cost) << " of fp32. Sensitivity analysis: "
     << report.sensitivityEvaluations << " evaluations for " << report.groups.size()
     << " groups; search: " << report.searchEvaluations << " evaluations.\n\n";
  for (const std::string &fix : report.fixes)
    os << "- " << fix << "\n";
  if (!report.fixes.empty())
    os << "\n";
  os << "| output | top-1 agreement | KL | NMSE | SQNR dB | min cosine |\n"
        "|---|---|---|---|---|---|\n";
  for (const OutputAgreement &output : report.agreement.outputs)
    os << "| " << output.name << " | "
       << (output.hasClasses() ? number(100 * output.top1Agreement()) + "%" : "-") << " | "
       << (output.hasClasses() ? number(output.kl) : "-") << " | " << number(output.nmse)
       << " | " << number(output.sqnrDb) << " | " << number(output.minCosine) << " |\n";
  os << "\n| group | op | precision | granularity | scales | local SQNR dB | accumulated "
        "SQNR dB | sensitivity rank | alone: divergence / NMSE | why |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const GroupReport &row : report.groups)
    os << "| " << row.name << " | " << row.opType << " | " << row.precision << " | "
       << row.granularity << " | "
       << (row.maxScale > 0 ? number(row.minScale) + " – " + number(row.maxScale) : "-")
       << " | " << number(row.localSqnrDb) << " | "
       << (row.accumulatedSqnrDb ? number(*row.accumulatedSqnrDb) : "-") << " | "
       << row.sensitivityRank << " | " << number(row.sensitivityDrop) << " / "
       << number(row.sensitivityNmse) << " | " << row.reason << " |\n";
  os << "\n| configuration | relative cost | divergence | Pareto |\n|---|---|---|---|\n";
  std::set<size_t> front(report.paretoFront.begin(), report.paretoFront.end());
  for (size_t i = 0; i < report.points.size(); ++i)
    os << "| " << report.points[i].change << " | " << number(report.points[i].cost) << " | "
       << number(report.points[i].drop) << " | " << (front.count(i) ? "yes" : "") << " |\n";
}

void writeParetoSvg(const QuantizationReport &report, llvm::raw_ostream &os) {
  constexpr double kWidth = 520, kHeight = 300, kLeft = 60, kRight = 20, kTop = 20,
                   kBottom = 45;
  double maxDrop = report.maxDrop.value_or(0);
  for (const PlanPoint &point : report.points)
    maxDrop = std::max(maxDrop, point.drop);
  maxDrop = maxDrop > 0 ? maxDrop * 1.1 : 1.0;
  auto x = [&](double cost) { return kLeft + cost * (kWidth - kLeft - kRight); };
  auto y = [&](double drop) {
    return kHeight - kBottom - drop / maxDrop * (kHeight - kTop - kBottom);
  };
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << number(kWidth) << "\" height=\""
     << number(kHeight) << "\" role=\"img\" aria-label=\"relative cost against divergence\">\n";
  os << "<line x1=\"" << number(kLeft) << "\" y1=\"" << number(y(0)) << "\" x2=\"" << number(x(1)) << "\" y2=\"" << number(y(0))
     << "\" stroke=\"#333\"/><line x1=\"" << number(kLeft) << "\" y1=\"" << number(y(0)) << "\" x2=\"" << number(kLeft)
     << "\" y2=\"" << number(kTop) << "\" stroke=\"#333\"/>\n";
  for (double tick : {0.0, 0.25, 0.5, 0.75, 1.0})
    os << "<text x=\"" << number(x(tick)) << "\" y=\"" << number(y(0) + 15)
       << "\" font-size=\"10\" text-anchor=\"middle\">" << number(tick) << "</text>\n";
  os << "<text x=\"" << number(kLeft - 5) << "\" y=\"" << number(y(maxDrop / 1.1))
     << "\" font-size=\"10\" text-anchor=\"end\">" << number(maxDrop / 1.1) << "</text>\n";
  os << "<text x=\"" << number(x(0.5)) << "\" y=\"" << number(kHeight - 8)
     << "\" font-size=\"11\" text-anchor=\"middle\">relative cost (bits vs fp32)</text>\n";
  os << "<text x=\"12\" y=\"" << number(kTop + 10) << "\" font-size=\"11\">" << escapeXml(report.metric)
     << "</text>\n";
  if (report.maxDrop)
    os << "<line x1=\"" << number(kLeft) << "\" y1=\"" << number(y(*report.maxDrop)) << "\" x2=\"" << number(x(1))
       << "\" y2=\"" << number(y(*report.maxDrop))
       << "\" stroke=\"#c00\" stroke-dasharray=\"4 3\"><title>budget " << number(*report.maxDrop)
       << "</title></line>\n";
  std::string path;
  for (size_t index : report.paretoFront)
    path += (path.empty() ? "M" : " L") + number(x(report.points[index].cost)) + " " +
            number(y(report.points[index].drop));
  if (!path.empty())
    os << "<path d=\"" << path << "\" fill=\"none\" stroke=\"#36c\"/>\n";
  for (const PlanPoint &point : report.points) {
    bool chosen = point.cost == report.cost && point.drop == report.drop;
    os << "<circle cx=\"" << number(x(point.cost)) << "\" cy=\"" << number(y(point.drop)) << "\" r=\""
       << number((chosen ? 5 : 3)) << "\" fill=\"" << (chosen ? "#c60" : "#36c") << "\"><title>"
       << escapeXml(point.change) << ": cost " << number(point.cost) << ", divergence "
       << number(point.drop) << "</title></circle>\n";
  }
  os << "</svg>\n";
}

} // namespace hwc::quant
