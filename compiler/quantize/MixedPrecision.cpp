//===- MixedPrecision.cpp - The cheapest plan within a budget --------------===//

#include "compiler/quantize/MixedPrecision.h"

#include "runtime/core/Error.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

namespace hwc::quant {

std::optional<Precision> parsePrecision(const std::string &name) {
  for (Precision precision :
       {Precision::Int8, Precision::Int16, Precision::Float16, Precision::Float32})
    if (name == precisionName(precision))
      return precision;
  return std::nullopt;
}

const char *precisionName(Precision precision) {
  switch (precision) {
  case Precision::Int8:
    return "int8";
  case Precision::Int16:
    return "int16";
  case Precision::Float16:
    return "fp16";
  case Precision::Float32:
    return "fp32";
  }
  return "?";
}

namespace {

TensorPlan int16Activation(const TensorPlan &int8, const TensorStatistics &stats) {
  TensorPlan plan = int8;
  double lo = std::min(stats.min, 0.0), hi = std::max(stats.max, 0.0);
  Grid grid = asymmetricGrid(lo, hi, 16);
  plan.params.bits = 16;
  plan.params.scales = {float(grid.scale)};
  plan.params.zeroPoints = {grid.zeroPoint};
  plan.range = ActivationRange{lo, hi, "minmax", histogramSqnrDb(stats.values, lo, hi, 16)};
  return plan;
}

TensorPlan float16(const TensorPlan &int8) {
  TensorPlan plan;
  plan.role = int8.role;
  plan.range = int8.range;
  plan.producer = int8.producer;
  plan.params.float16 = true;
  plan.params.bits = 16;
  return plan;
}

int activationBits(Precision precision) {
  return precision == Precision::Int8 ? 8 : precision == Precision::Float32 ? 32 : 16;
}

int weightBits(Precision precision) {
  return precision == Precision::Float16   ? 16
         : precision == Precision::Float32 ? 32
                                           : 8;
}

/// The share of a group's remaining error a step up is expected to
/// remove; only ranks candidate raises, every choice is measured.
double expectedRemoval(const QuantizerGroup &group, Precision to) {
  switch (to) {
  case Precision::Int8:
    return 0.0;
  case Precision::Int16: // weights stay int8; clipped outliers stay clipped
    return group.weights.empty() ? 0.9 : 0.5;
  case Precision::Float16: // no range to clip, 11 significant bits
    return 0.98;
  case Precision::Float32:
    return 1.0;
  }
  return 0.0;
}

std::string formatDrop(double drop) { return formatSignificant(drop); }

/// The search state: current precisions and the measurements so far.
class Search {
public:
  Search(const PrecisionContext &context, TeacherComparison &teacher,
         const BudgetOptions &options, BudgetResult &result)
      : context(context), teacher(teacher), options(options), result(result) {}

  /// Measures the current precisions; records the point and the best plan.
  double measure(const std::string &change) {
    QuantPlan plan = planWithPrecisions(context, result.precisions);
    Agreement agreement = teacher.compare(toRuntimePlan(plan));
    ++result.searchEvaluations;
    std::optional<double> drop = divergence(agreement, result.metric);
    lastNmse = divergence(agreement, DivergenceMetric::Nmse).value_or(0);
    if (!drop && options.maxDrop)
      rt::fail("--metric=", divergenceMetricName(result.metric),
               " applies to no output of the model (none has a class axis); use "
               "--metric=nmse");
    if (!drop) { // only reporting: NMSE applies to every output
      result.metric = DivergenceMetric::Nmse;
      drop = lastNmse;
    }
    double cost = relativeCost(context.groups, result.precisions);
    result.points.push_back({cost, *drop, change});
    bool fits = options.maxDrop && *drop <= *options.maxDrop;
    bool better = !haveBest || (fits && !bestFits) ||
                  (fits == bestFits && (fits ? cost < result.cost : *drop < result.drop));
    if (better) {
      haveBest = true;
      bestFits = fits;
      result.plan = std::move(plan);
      result.agreement = std::move(agreement);
      result.drop = *drop;
      result.cost = cost;
      bestPrecisions = result.precisions;
    }
    return *drop;
  }

  bool fits(double drop) const { return drop <= *options.maxDrop; }

  /// The group whose next step up is expected to remove the most error:
  /// its remaining error (NMSE when quantized alone, less what its earlier
  /// raises removed) times the share the step removes.
  std::optional<size_t> nextRaise() const {
    std::optional<size_t> best;
    double bestGain = -1;
    for (size_t i = 0; i < context.groups.size(); ++i) {
      std::optional<Precision> next = step(result.precisions[i], +1);
      if (!next)
        continue;
      double gain = remaining[i] * expectedRemoval(context.groups[i], *next);
      if (gain > bestGain) {
        best = i;
        bestGain = gain;
      }
    }
    return best;
  }

  /// Starts each group's remaining error at its NMSE when quantized alone.
  void startRanking() {
    for (const GroupSensitivity &alone : result.sensitivity)
      remaining.push_back(divergence(alone.agreement, DivergenceMetric::Nmse).value_or(0));
  }

  /// After raising `group`: what the raise removed is no longer there.
  void raised(size_t group, double nmseBefore) {
    remaining[group] = std::max(0.0, remaining[group] - std::max(0.0, nmseBefore - lastNmse));
  }

  double nmse() const { return lastNmse; }

  /// The allowed precision `direction` steps from `from`, if any.
  std::optional<Precision> step(Precision from, int direction) const {
    auto at = std::find(options.allowed.begin(), options.allowed.end(), from);
    int index = int(at - options.allowed.begin()) + direction;
    if (at == options.allowed.end() || index < 0 || index >= int(options.allowed.size()))
      return std::nullopt;
    return options.allowed[size_t(index)];
  }

  void finish() {
    result.precisions = bestPrecisions;
    result.withinBudget = !options.maxDrop || bestFits;
  }

private:
  const PrecisionContext &context;
  TeacherComparison &teacher;
  const BudgetOptions &options;
  BudgetResult &result;
  bool haveBest = false, bestFits = false;
  double lastNmse = 0;
  std::vector<double> remaining;
  std::vector<Precision> bestPrecisions;
};

/// Raises groups one step at a time until the budget holds; returns the
/// groups raised, in order, or nothing when every group is at the top.
std::vector<size_t> raiseUntilWithinBudget(Search &search, BudgetResult &result,
                                           const PrecisionContext &context, double drop) {
  std::vector<size_t> raised;
  while (!search.fits(drop)) {
    std::optional<size_t> group = search.nextRaise();
    if (!group)
      break;
    Precision from = result.precisions[*group];
    result.precisions[*group] = *search.step(from, +1);
    const char *to = precisionName(result.precisions[*group]);
    double before = drop, nmseBefore = search.nmse();
    drop = search.measure("raise " + context.groups[*group].name + " to " + to);
    result.reasons[*group] = llvm::formatv("raised {0} -> {1} at sensitivity rank {2}: "
                                           "divergence {3} -> {4}",
                                           precisionName(from), to,
                                           result.sensitivity[*group].rank, formatDrop(before),
                                           formatDrop(drop))
                                 .str();
    search.raised(*group, nmseBefore);
    raised.push_back(*group);
  }
  return raised;
}

/// Tries each raised group one step back, least sensitive first.
void stepBack(Search &search, BudgetResult &result, const PrecisionContext &context,
              std::vector<size_t> raised) {
  std::stable_sort(raised.begin(), raised.end(), [&](size_t a, size_t b) {
    return result.sensitivity[a].rank > result.sensitivity[b].rank;
  });
  raised.erase(std::unique(raised.begin(), raised.end()), raised.end());
  for (size_t group : raised) {
    Precision current = result.precisions[group];
    std::optional<Precision> lower = search.step(current, -1);
    if (!lower)
      continue;
    result.precisions[group] = *lower;
    double drop = search.measure("step " + context.groups[group].name + " back to " +
                                 precisionName(*lower));
    if (search.fits(drop)) {
      result.reasons[group] =
          search.step(*lower, -1) ? "stepped back to " + std::string(precisionName(*lower)) +
                                        ": divergence " + formatDrop(drop) + " still fits"
                                  : "";
    } else {
      result.precisions[group] = current;
    }
  }
}

} // namespace

QuantPlan planWithPrecisions(const PrecisionContext &context,
                             const std::vector<Precision> &precisions) {
  QuantPlan plan = context.base;
  for (size_t i = 0; i < context.groups.size(); ++i) {
    const QuantizerGroup &group = context.groups[i];
    for (const std::string &name : group.activations) {
      if (precisions[i] == Precision::Float32)
        plan.tensors.erase(name);
      else if (precisions[i] == Precision::Float16)
        plan.tensors[name] = float16(context.base.tensors.at(name));
      else if (precisions[i] == Precision::Int16)
        plan.tensors[name] =
            int16Activation(context.base.tensors.at(name), context.calibration.tensors.at(name));
    }
    for (const std::string &name : group.weights) {
      if (precisions[i] == Precision::Float32)
        plan.tensors.erase(name);
      else if (precisions[i] == Precision::Float16)
        plan.tensors[name] = float16(context.base.tensors.at(name));
    }
  }
  deriveBiasesAndLayers(context.model, plan);
  return plan;
}

double relativeCost(const std::vector<QuantizerGroup> &groups,
                    const std::vector<Precision> &precisions) {
  double bits = 0, fp32Bits = 0;
  for (size_t i = 0; i < groups.size(); ++i) {
    bits += groups[i].activationElements * activationBits(precisions[i]) +
            groups[i].weightElements * weightBits(precisions[i]);
    fp32Bits += 32.0 * (groups[i].activationElements + groups[i].weightElements);
  }
  return fp32Bits > 0 ? bits / fp32Bits : 1.0;
}

BudgetResult selectPrecisions(const PrecisionContext &context, TeacherComparison &teacher,
                              const BudgetOptions &options) {
  if (options.allowed.empty())
    rt::fail("no precision is allowed");
  BudgetResult result;
  result.precisions.assign(context.groups.size(), options.allowed.front());
  result.reasons.assign(context.groups.size(), "");
  result.metric = options.metric;
  Search search(context, teacher, options, result);
  double drop = search.measure(std::string("all ") + precisionName(options.allowed.front()));
  size_t before = teacher.evaluations();
  result.sensitivity =
      analyzeSensitivity(context.model, context.base, context.groups, teacher, result.metric);
  result.sensitivityEvaluations = teacher.evaluations() - before;
  if (options.maxDrop && !search.fits(drop)) {
    search.startRanking();
    std::vector<size_t> raised = raiseUntilWithinBudget(search, result, context, drop);
    if (search.fits(result.points.back().drop))
      stepBack(search, result, context, raised);
  }
  search.finish();
  return result;
}

} // namespace hwc::quant
