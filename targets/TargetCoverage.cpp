//===- TargetCoverage.cpp - hwc-target-coverage ----------------------------===//
//
// Runs a target's capability table over @main and attaches the per-node
// decisions (Coverage.h), with remarks for lit tests. The report driver
// runs this same pass, so what lit checks is what users see.
//
//===----------------------------------------------------------------------===//

#include "targets/Coverage.h"
#include "targets/Passes.h"
#include "targets/Registry.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringExtras.h"

namespace hwc {
#define GEN_PASS_DEF_TARGETCOVERAGEPASS
#include "targets/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

std::string remarkText(const target::Target &target, const target::Decision &decision) {
  std::string text = (target.name() + ": " + target::mappingName(decision.mapping)).str();
  if (decision.findings.empty())
    return decision.note.empty() ? text : text + " (" + decision.note + ")";
  const target::Finding &primary = decision.findings.front();
  text += std::string(" [") + primary.rule->id + "] " + primary.reason +
          "; hint: " + primary.hint;
  if (decision.findings.size() > 1)
    text += " (+" + std::to_string(decision.findings.size() - 1) + " more)";
  return text;
}

class TargetCoveragePass : public impl::TargetCoveragePassBase<TargetCoveragePass> {
public:
  using TargetCoveragePassBase::TargetCoveragePassBase;

  void runOnOperation() final {
    ModuleOp module = getOperation();
    const target::Target *target = target::lookupTarget(targetName);
    if (!target) {
      std::vector<std::string> names;
      for (const target::Target *known : target::allTargets())
        names.push_back(known->name().str());
      module.emitError() << "unknown target '" << targetName
                         << "' (targets: " << llvm::join(names, ", ") << ")";
      return signalPassFailure();
    }
    if (quantize != "none" && quantize != "int8") {
      module.emitError() << "quantize must be none or int8, got '" << quantize << "'";
      return signalPassFailure();
    }
    std::vector<std::string> errors;
    std::unique_ptr<target::TargetConfig> loaded = target::loadTargetConfig(
        *target, config.empty() ? target->defaultPreset() : StringRef(config), errors);
    if (!loaded) {
      for (const std::string &error : errors)
        module.emitError() << error;
      return signalPassFailure();
    }
    auto funcs = module.getOps<func::FuncOp>();
    if (funcs.empty())
      return;
    func::FuncOp main = *funcs.begin();
    target::ModelFacts facts = target::collectModelFacts(main, "");
    target::CoverageOptions options;
    options.quantize = quantize;
    std::vector<target::Decision> decisions = target->capability(facts, *loaded, options);
    for (auto [node, decision] : llvm::zip(facts.nodes, decisions)) {
      target::attachDecision(node.op, *target, decision);
      bool problem = decision.mapping != target::Mapping::Native;
      if (remarks == "all" || (remarks == "problems" && problem))
        node.op->emitRemark(remarkText(*target, decision));
    }
  }
};

} // namespace
} // namespace hwc
