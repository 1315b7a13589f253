//===- ReportSetup.cpp - Resolve what a report is asked about --------------===//
//
// Turns the user's --target-config and --shape/--dim arguments into report
// options and a shape-specialized module, before any analysis runs. Errors
// are one line each, naming the file or option at fault.
//
//===----------------------------------------------------------------------===//

#include "compiler/report/Report.h"

#include "passes/Passes.h"
#include "targets/Registry.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

namespace hwc::report {

namespace {

/// The target a bare preset name or a JSON file belongs to.
std::optional<std::string> targetOfConfig(llvm::StringRef config,
                                          std::vector<std::string> &errors) {
  if (config.contains('/') || config.ends_with(".json")) {
    auto buffer = llvm::MemoryBuffer::getFile(config, /*IsText=*/true);
    if (!buffer) {
      errors.push_back(config.str() + ": error: cannot read target config: " +
                       buffer.getError().message());
      return std::nullopt;
    }
    llvm::Expected<llvm::json::Value> json = llvm::json::parse((*buffer)->getBuffer());
    if (!json) {
      errors.push_back(config.str() +
                       ": error: not valid JSON: " + llvm::toString(json.takeError()));
      return std::nullopt;
    }
    const llvm::json::Object *object = json->getAsObject();
    std::optional<llvm::StringRef> name =
        object ? object->getString("target") : std::nullopt;
    if (!name || !target::lookupTarget(*name)) {
      errors.push_back(
          config.str() +
          ": error: field 'target': expected \"gpu\", \"asic\" or \"neuromorphic\"");
      return std::nullopt;
    }
    return name->str();
  }
  for (const target::Target *t : target::allTargets())
    if (!target::presetText(*t, config).empty())
      return t->name().str();
  std::string known;
  for (const target::Target *t : target::allTargets())
    known += (known.empty() ? "" : "; ") + t->name().str() + ": " +
             llvm::join(target::presetNames(*t), ", ");
  errors.push_back("error: --target-config: unknown preset '" + config.str() + "' (" +
                   known + "; or a path to a JSON file)");
  return std::nullopt;
}

} // namespace

LogicalResult resolveTargetConfigs(const std::vector<std::string> &specs,
                                   ReportOptions &options,
                                   std::vector<std::string> &errors) {
  for (const std::string &entry : specs) {
    auto [prefix, rest] = llvm::StringRef(entry).split('=');
    std::string targetName, config;
    if (!rest.empty() && target::lookupTarget(prefix)) {
      targetName = prefix.str();
      config = rest.str();
    } else {
      std::optional<std::string> owner = targetOfConfig(entry, errors);
      if (!owner)
        return failure();
      targetName = *owner;
      config = entry;
    }
    options.configs[targetName] = config;
  }
  return success();
}

/// Checks every requested target and loads its config before the model is
/// read, so a bad --target-config costs nothing and names its own file.
LogicalResult checkTargets(const ReportOptions &options,
                           std::vector<std::string> &errors) {
  bool ok = true;
  for (const std::string &name : options.targets) {
    const target::Target *t = target::lookupTarget(name);
    if (!t) {
      errors.push_back("error: unknown target '" + name +
                       "' (targets: gpu, asic, neuromorphic)");
      ok = false;
      continue;
    }
    auto config = options.configs.find(name);
    if (!target::loadTargetConfig(
            *t,
            config != options.configs.end() ? config->second : t->defaultPreset().str(),
            errors)) {
      ok = false;
    }
  }
  for (const auto &[name, config] : options.configs)
    if (!llvm::is_contained(options.targets, name) &&
        !(name == "gpu" && options.fallback == "gpu")) {
      errors.push_back("error: --target-config " + config + " is for target '" + name +
                       "', which --targets does not include");
      ok = false;
    }
  return success(ok);
}

LogicalResult prepareModule(ModuleOp module, const PrepareOptions &options) {
  PassManager pm(module.getContext());
  if (!options.shapes.empty() || !options.dims.empty() || options.allStatic) {
    SpecializeShapesPassOptions bind;
    bind.shapes = options.shapes;
    bind.dims = options.dims;
    bind.allStatic = options.allStatic;
    pm.addNestedPass<func::FuncOp>(createSpecializeShapesPass(bind));
  }
  if (options.simplify) {
    FoldConstantsPassOptions fold;
    fold.foldLimitMiB = options.foldLimitMiB;
    // Fold first: shapes and BatchNormalization statistics computed by
    // constant subgraphs become constants, and the folded types are what
    // opset normalization needs to make implicit sizes explicit.
    pm.addPass(createFoldConstantsPass(fold));
    pm.addNestedPass<func::FuncOp>(createNormalizeOpsetPass());
    pm.addNestedPass<func::FuncOp>(createFoldBatchNormPass());
    // Evaluates the new weight arithmetic of the BatchNorm folding.
    pm.addPass(createFoldConstantsPass(fold));
    pm.addNestedPass<func::FuncOp>(createRemoveIdentityPass());
    pm.addNestedPass<func::FuncOp>(createCanonicalizePass());
    // Canonicalization can leave identities (a Transpose pair composes to
    // the identity permutation).
    pm.addNestedPass<func::FuncOp>(createRemoveIdentityPass());
    pm.addNestedPass<func::FuncOp>(createFuseActivationsPass());
    pm.addNestedPass<func::FuncOp>(createRemoveDeadCodePass());
  }
  return pm.run(module);
}

} // namespace hwc::report
