//===- Target.cpp - Shared parts of the target interface -------------------===//

#include "targets/Target.h"

namespace hwc::target {

llvm::StringRef mappingName(Mapping mapping) {
  switch (mapping) {
  case Mapping::Native:
    return "Native";
  case Mapping::Degraded:
    return "Degraded";
  case Mapping::Fallback:
    return "Fallback";
  case Mapping::Unsupported:
    return "Unsupported";
  }
  return "Unsupported";
}

Mapping parseMapping(llvm::StringRef name) {
  for (Mapping mapping : {Mapping::Native, Mapping::Degraded, Mapping::Fallback})
    if (name == mappingName(mapping))
      return mapping;
  return Mapping::Unsupported;
}

void Decision::add(Finding finding) {
  Mapping severity = finding.rule->mapping;
  if (severity == Mapping::Degraded)
    efficiency = std::min(efficiency, finding.efficiency);
  if (static_cast<int>(severity) > static_cast<int>(mapping))
    mapping = severity;
  // Keep the worst finding first: it is the one a report row shows.
  auto position = std::find_if(findings.begin(), findings.end(), [&](const Finding &f) {
    return static_cast<int>(f.rule->mapping) < static_cast<int>(severity);
  });
  findings.insert(position, std::move(finding));
}

double Target::totalSeconds(const std::vector<LayerCost> &costs,
                            const TargetConfig &) const {
  double seconds = 0;
  for (const LayerCost &cost : costs)
    seconds += cost.seconds;
  return seconds;
}

const Rule *Target::findRule(llvm::StringRef id) const {
  for (const Rule &rule : rules())
    if (id == rule.id)
      return &rule;
  return nullptr;
}

} // namespace hwc::target
