//===- Target.h - The interface every hwc hardware target implements -*- C++ -*-===//
//
// A target answers two questions about an imported model: can each node run
// there (its capability table, with a stable rule ID, the failing value, the
// limit and a fix for every node that cannot), and what would it roughly
// cost (a first-order per-layer model). No driver code names a target: the
// report, the coverage pass and later the compile pipeline go through the
// registry (Registry.h) and this interface.
//
// Lowering (`buildLoweringPipeline`) and emission (`emit`) join the
// interface with the target back ends (issues 7-9).
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_TARGET_H
#define HWC_TARGETS_TARGET_H

#include "targets/NodeFacts.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <memory>
#include <string>
#include <vector>

namespace hwc::target {

/// How a node maps onto a target, from best to worst.
enum class Mapping { Native, Degraded, Fallback, Unsupported };

/// "Native", "Degraded", "Fallback" or "Unsupported".
llvm::StringRef mappingName(Mapping mapping);
/// The inverse of mappingName; Unsupported for anything else.
Mapping parseMapping(llvm::StringRef name);

/// One entry of a target's capability table. The ID is stable: scripts and
/// CI gates key on it, and docs/rules.md is generated from these tables.
struct Rule {
  const char *id;
  /// What a node that trips the rule becomes (Degraded or Unsupported).
  Mapping mapping;
  /// One line: what the rule checks.
  const char *summary;
  /// The generic fix; findings carry the concrete one.
  const char *hint;
};

/// One rule a node trips, with the concrete failing value and limit.
struct Finding {
  const Rule *rule = nullptr;
  /// What fails and why, naming the value and the limit.
  std::string reason;
  /// What to change so that the node maps.
  std::string hint;
  /// Share of the hardware's peak the node can use (Degraded only).
  double efficiency = 1.0;
};

/// A target's verdict on one node: the worst finding decides.
struct Decision {
  Mapping mapping = Mapping::Native;
  /// Why a node maps without findings when that is not obvious (e.g.
  /// "constant-folded at compile time", "folded into the preceding Conv").
  std::string note;
  std::vector<Finding> findings;
  double efficiency = 1.0;

  /// Records `finding` and lowers the verdict to its rule's mapping.
  void add(Finding finding);
};

/// A first-order cost estimate for one node on one target.
struct LayerCost {
  double macs = 0;
  /// Bytes read and written by the node (activations and weights).
  double bytes = 0;
  /// Target clock cycles when the target has a clock, else 0.
  double cycles = 0;
  double seconds = 0;
  /// Joules, or a negative value when the preset gives no energies.
  double joules = -1;
  /// "compute", "memory", "sync" or "" for free nodes.
  std::string bound;
  /// Target-specific per-layer figures, in display order (the ASIC's GEMM
  /// dims, folds, mapping efficiency and SCALE-Sim-mode cycles).
  std::vector<std::pair<std::string, double>> metrics;
};

/// Whether the model's weights and activations fit the target's memories.
struct MemoryFit {
  bool fits = true;
  /// One line each, e.g. "weights: 4.2 MiB of 8 MiB on-chip buffer".
  std::vector<std::string> lines;
};

/// A target configuration: a shipped preset or a user's JSON file,
/// validated by the target that owns it.
class TargetConfig {
public:
  virtual ~TargetConfig() = default;
  /// The preset's name or the file's "name" field.
  std::string name;
  /// "preset" or the path of the user's file.
  std::string source;
  /// SHA-256 of the canonical JSON text, so artifacts can name it.
  std::string hash;
  /// The config as read, for reports.
  llvm::json::Object json;
};

/// Options that change what a target can accept.
struct CoverageOptions {
  /// The precision compile will quantize to: "none" or "int8".
  std::string quantize = "none";
};

/// A hardware target. Implementations live in targets/<name>/.
class Target {
public:
  virtual ~Target() = default;
  /// The name used on the command line: "gpu", "asic", "neuromorphic".
  virtual llvm::StringRef name() const = 0;
  /// One line for --help and reports.
  virtual llvm::StringRef description() const = 0;
  /// The preset used when none is named.
  virtual llvm::StringRef defaultPreset() const = 0;
  /// The capability table: every rule this target can report.
  virtual llvm::ArrayRef<Rule> rules() const = 0;
  /// Validates `json` (read from `source`) into a config. On error returns
  /// null and appends one line per problem, each naming the field.
  virtual std::unique_ptr<TargetConfig>
  parseConfig(const llvm::json::Object &json, llvm::StringRef source,
              std::vector<std::string> &errors) const = 0;
  /// Decides every node of `model`. Model-level limits (core counts, layer
  /// counts) are charged to the nodes that exceed them.
  virtual std::vector<Decision> capability(const ModelFacts &model,
                                           const TargetConfig &config,
                                           const CoverageOptions &options) const = 0;
  /// Estimates one node, given its decision.
  virtual LayerCost estimate(const NodeFacts &node, const Decision &decision,
                             const TargetConfig &config) const = 0;
  /// The model's latency from its layers' costs (default: their sum; a
  /// target whose layers run concurrently overrides it).
  virtual double totalSeconds(const std::vector<LayerCost> &costs,
                              const TargetConfig &config) const;
  /// Checks the whole model's memory needs against the config.
  virtual MemoryFit memoryFit(const ModelFacts &model,
                              const std::vector<Decision> &decisions,
                              const TargetConfig &config) const = 0;

  /// The rule with `id`; null if this target has none.
  const Rule *findRule(llvm::StringRef id) const;
};

} // namespace hwc::target

#endif // HWC_TARGETS_TARGET_H
