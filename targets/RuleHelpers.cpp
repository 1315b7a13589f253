//===- RuleHelpers.cpp - Checks every target's capability table shares -----===//

#include "targets/RuleHelpers.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace hwc::target {

namespace {

/// "'batch' and 'seq', input 'mask' dim 1": each dim_param once, then the
/// unnamed dims.
std::string describeUnboundDims(const ModelFacts &model) {
  llvm::StringSet<> seen;
  std::vector<std::string> parts;
  for (const DynamicInputDim &dim : model.dynamicInputDims)
    if (!dim.param.empty() && seen.insert(dim.param).second)
      parts.push_back("'" + dim.param + "'");
  for (const DynamicInputDim &dim : model.dynamicInputDims)
    if (dim.param.empty())
      parts.push_back("input '" + dim.input + "' dim " + std::to_string(dim.dim));
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i)
    text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return text;
}

} // namespace

std::string suggestedBindFlags(const ModelFacts &model) {
  llvm::StringSet<> seen;
  std::string named, unnamed;
  for (const DynamicInputDim &dim : model.dynamicInputDims) {
    if (!dim.param.empty()) {
      if (seen.insert(dim.param).second)
        named += (named.empty() ? "--dim " : " --dim ") + dim.param + "=1";
    } else if (seen.insert("input:" + dim.input).second) {
      unnamed += (unnamed.empty() ? "--shape " : " --shape ") + dim.input + "=...";
    }
  }
  return named + (named.empty() || unnamed.empty() ? "" : " ") + unnamed;
}

namespace {

std::string bindHint(const ModelFacts &model) {
  return "bind the dynamic input dims, e.g. " + suggestedBindFlags(model);
}

} // namespace

const Rule &ruleById(llvm::ArrayRef<Rule> table, llvm::StringRef id) {
  for (const Rule &rule : table)
    if (id == rule.id)
      return rule;
  llvm::report_fatal_error("unknown rule ID " + id);
}

void checkStaticShapes(const NodeFacts &node, const ModelFacts &model,
                       const Rule &unbound, const Rule &computed, Decision &decision) {
  if (node.dynamicDim.empty())
    return;
  if (!model.dynamicInputDims.empty()) {
    decision.add({&unbound,
                  node.dynamicDim + "; the model leaves " + describeUnboundDims(model) +
                      " unbound",
                  bindHint(model)});
    return;
  }
  decision.add({&computed,
                node.dynamicDim + ", although every model input is static: the "
                                  "size is only known at run time",
                "export with static shapes, or fold the shape computation "
                "(e.g. onnxsim) so the size becomes a constant"});
}

void checkRank(const NodeFacts &node, int64_t maxRank, const Rule &rule,
               Decision &decision) {
  if (node.maxRank <= maxRank)
    return;
  decision.add({&rule,
                "a tensor has rank " + std::to_string(node.maxRank) + "; the limit is " +
                    std::to_string(maxRank),
                "reshape to rank " + std::to_string(maxRank) +
                    " or less (merge outer dims) before this node"});
}

static Finding customOpFinding(const NodeFacts &node, const Rule &rule,
                               llvm::StringRef targetName) {
  std::string op = node.domain.empty() ? node.opType : node.domain + "." + node.opType;
  return {&rule,
          "operator " + op + " is not an operator hwc models, so the " +
              targetName.str() + " target has no mapping for it",
          std::string("run it in a fallback segment (--fallback=") +
              (targetName == "gpu" ? "host" : "host|gpu") +
              "), or re-export the model with standard ONNX operators"};
}

std::optional<Decision> decideFoldedOrCustom(const NodeFacts &node,
                                             const Rule &customRule,
                                             llvm::StringRef targetName) {
  if (!node.compileTimeConstant && !node.custom)
    return std::nullopt;
  Decision decision;
  if (node.compileTimeConstant)
    decision.note = "constant-folded at compile time";
  else
    decision.add(customOpFinding(node, customRule, targetName));
  return decision;
}

bool isShapeOnlyOp(llvm::StringRef opType) {
  return llvm::is_contained(
      {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Dropout"}, opType);
}

std::optional<std::vector<int64_t>> intArrayAttr(Operation *op, llvm::StringRef name) {
  auto array = op->getAttrOfType<ArrayAttr>(name);
  if (!array)
    return std::nullopt;
  std::vector<int64_t> values;
  for (Attribute element : array)
    if (auto integer = llvm::dyn_cast<IntegerAttr>(element))
      values.push_back(integer.getInt());
  return values;
}

std::string stringAttr(Operation *op, llvm::StringRef name, llvm::StringRef fallback) {
  if (auto text = op->getAttrOfType<StringAttr>(name))
    return text.str();
  return fallback.str();
}

std::vector<int64_t> shapeOf(Value value) {
  std::vector<int64_t> shape;
  if (auto tensor = llvm::dyn_cast<RankedTensorType>(value.getType()))
    for (int64_t dim : tensor.getShape())
      shape.push_back(ShapedType::isDynamic(dim) ? 1 : dim);
  return shape;
}

bool isFloatTensor(Type type) {
  auto tensor = llvm::dyn_cast<TensorType>(type);
  return tensor && llvm::isa<FloatType>(tensor.getElementType());
}

std::string formatBytes(double bytes) {
  const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  return unit == 0 ? llvm::formatv("{0} B", static_cast<int64_t>(bytes)).str()
                   : llvm::formatv("{0:f2} {1}", bytes, units[unit]).str();
}

std::string formatCount(double count) {
  const char *units[] = {"", " k", " M", " G", " T"};
  int unit = 0;
  while (count >= 1000 && unit < 4) {
    count /= 1000;
    ++unit;
  }
  return unit == 0 ? llvm::formatv("{0}", static_cast<int64_t>(count)).str()
                   : llvm::formatv("{0:f2}{1}", count, units[unit]).str();
}

} // namespace hwc::target
