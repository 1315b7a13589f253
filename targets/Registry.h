//===- Registry.h - The hwc targets and their presets -------------*- C++ -*-===//
//
// The one place that knows which targets exist. Drivers look targets up by
// name and load configurations (a shipped preset or a user's JSON file)
// through here, so adding a target never touches a driver.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_REGISTRY_H
#define HWC_TARGETS_REGISTRY_H

#include "targets/Target.h"

#include <memory>
#include <string>
#include <vector>

namespace hwc::target {

/// Every registered target, in a fixed order (gpu, asic, neuromorphic).
std::vector<const Target *> allTargets();
/// The target called `name`, or null.
const Target *lookupTarget(llvm::StringRef name);
/// The names of `target`'s shipped presets, sorted.
std::vector<std::string> presetNames(const Target &target);
/// The JSON text of a shipped preset; empty if there is none.
llvm::StringRef presetText(const Target &target, llvm::StringRef preset);

/// Loads `presetOrFile` for `target`: a shipped preset's name, or a path to
/// a JSON file (anything containing '/' or ending in ".json"). On failure
/// returns null with one message per problem in `errors`, each starting with
/// the file name.
std::unique_ptr<TargetConfig> loadTargetConfig(const Target &target,
                                               llvm::StringRef presetOrFile,
                                               std::vector<std::string> &errors);

/// Constructors of the registered targets (one per targets/<name>/).
std::unique_ptr<Target> createGpuTarget();
std::unique_ptr<Target> createAsicTarget();
std::unique_ptr<Target> createNeuromorphicTarget();

} // namespace hwc::target

#endif // HWC_TARGETS_REGISTRY_H
