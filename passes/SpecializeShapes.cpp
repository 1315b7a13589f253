//===- SpecializeShapes.cpp - hwc-specialize-shapes -----------------------===//
//
// Binds dynamic model-input dimensions to sizes the user gives (whole input
// shapes or named dim_params), then refines every op's result types as
// hwc-infer-shapes does. Specialized targets compile static shapes only;
// this is how `hwc report` and `hwc compile` get there from a model exported
// with a dynamic batch or sequence length.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace hwc {
#define GEN_PASS_DEF_SPECIALIZESHAPESPASS
#include "passes/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

/// Parses "1x3x224x224" into sizes; nullopt on anything else.
std::optional<SmallVector<int64_t>> parseDims(StringRef text) {
  SmallVector<StringRef> parts;
  text.split(parts, 'x');
  SmallVector<int64_t> dims;
  for (StringRef part : parts) {
    int64_t value;
    if (part.getAsInteger(10, value) || value < 0)
      return std::nullopt;
    dims.push_back(value);
  }
  return dims;
}

class SpecializeShapesPass : public impl::SpecializeShapesPassBase<SpecializeShapesPass> {
public:
  using SpecializeShapesPassBase::SpecializeShapesPassBase;

  void runOnOperation() final {
    func::FuncOp func = getOperation();
    llvm::StringMap<SmallVector<int64_t>> shapeBindings;
    llvm::StringMap<int64_t> dimBindings;
    if (failed(parseBindings(func, shapeBindings, dimBindings)))
      return signalPassFailure();
    llvm::StringSet<> usedShapes, usedDims;
    SmallVector<Type> inputTypes(func.getArgumentTypes());
    for (unsigned index = 0; index < func.getNumArguments(); ++index) {
      FailureOr<Type> bound =
          bindArgument(func, index, shapeBindings, dimBindings, usedShapes, usedDims);
      if (failed(bound))
        return signalPassFailure();
      inputTypes[index] = *bound;
      func.getArgument(index).setType(*bound);
    }
    if (failed(checkAllUsed(func, shapeBindings, dimBindings, usedShapes, usedDims)))
      return signalPassFailure();
    func.walk<WalkOrder::PostOrder>(
        [](Operation *op) { (void)onnx::refineResultTypes(op); });
    Operation *terminator = func.getBody().back().getTerminator();
    func.setType(
        FunctionType::get(&getContext(), inputTypes, terminator->getOperandTypes()));
    if (allStatic && failed(checkAllStatic(func)))
      return signalPassFailure();
  }

private:
  LogicalResult parseBindings(func::FuncOp func,
                              llvm::StringMap<SmallVector<int64_t>> &shapeBindings,
                              llvm::StringMap<int64_t> &dimBindings) {
    for (const std::string &binding : shapes) {
      auto [name, dimsText] = StringRef(binding).split('=');
      std::optional<SmallVector<int64_t>> dims = parseDims(dimsText);
      if (name.empty() || !dims)
        return func.emitError() << "bad shape binding '" << binding
                                << "': expected NAME=D0xD1x..., e.g. x=1x3x224x224";
      shapeBindings[name] = *dims;
    }
    for (const std::string &binding : dims) {
      auto [name, sizeText] = StringRef(binding).split('=');
      int64_t size;
      if (name.empty() || sizeText.getAsInteger(10, size) || size < 0)
        return func.emitError() << "bad dim binding '" << binding
                                << "': expected DIM_PARAM=SIZE, e.g. batch=1";
      dimBindings[name] = size;
    }
    return success();
  }

  FailureOr<Type> bindArgument(func::FuncOp func, unsigned index,
                               const llvm::StringMap<SmallVector<int64_t>> &shapeBindings,
                               const llvm::StringMap<int64_t> &dimBindings,
                               llvm::StringSet<> &usedShapes,
                               llvm::StringSet<> &usedDims) {
    Type type = func.getArgument(index).getType();
    auto tensor = llvm::dyn_cast<RankedTensorType>(type);
    auto nameAttr = func.getArgAttrOfType<StringAttr>(index, "onnx.name");
    if (!tensor || !nameAttr)
      return type;
    SmallVector<int64_t> shape(tensor.getShape());
    // Who fixed each dim, so a contradiction names both places.
    SmallVector<std::string> fixedBy(shape.size(), "the model");
    auto bindDim = [&](unsigned dim, int64_t size, const std::string &source) -> LogicalResult {
      if (!ShapedType::isDynamic(shape[dim]) && shape[dim] != size) {
        InFlightDiagnostic diag = func.emitError()
                                  << "input '" << nameAttr.getValue() << "' dim " << dim
                                  << ": " << source << " binds it to " << size << ", but "
                                  << fixedBy[dim] << " makes it " << shape[dim];
        diag.attachNote(func.getArgument(index).getLoc())
            << "input '" << nameAttr.getValue() << "' is declared here";
        return diag;
      }
      shape[dim] = size;
      fixedBy[dim] = source;
      return success();
    };
    if (auto found = shapeBindings.find(nameAttr.getValue());
        found != shapeBindings.end()) {
      usedShapes.insert(nameAttr.getValue());
      if (found->second.size() != shape.size())
        return func.emitError()
               << "input '" << nameAttr.getValue() << "' has rank " << shape.size()
               << ", but --shape gives " << found->second.size() << " dims";
      for (auto [dim, size] : llvm::enumerate(found->second))
        if (failed(bindDim(dim, size, "--shape " + nameAttr.str())))
          return failure();
    }
    if (auto params = func.getArgAttrOfType<ArrayAttr>(index, "onnx.dim_params"))
      for (auto [dim, param] : llvm::enumerate(params)) {
        auto text = llvm::dyn_cast<StringAttr>(param);
        if (!text || text.getValue().empty() || dim >= shape.size())
          continue;
        auto found = dimBindings.find(text.getValue());
        if (found == dimBindings.end())
          continue;
        usedDims.insert(text.getValue());
        if (failed(bindDim(dim, found->second,
                           "--dim " + text.str() + "=" + std::to_string(found->second))))
          return failure();
      }
    return RankedTensorType::get(shape, tensor.getElementType(), tensor.getEncoding());
  }

  /// With all-static: one error per input dim still dynamic, with a note
  /// naming the nodes whose results depend on dynamic dims.
  LogicalResult checkAllStatic(func::FuncOp func) {
    SmallVector<std::string> dynamicNodes;
    func.walk([&](Operation *op) {
      if (op == func.getOperation() || llvm::isa<func::ReturnOp>(op))
        return;
      for (Type type : op->getResultTypes())
        if (auto tensor = llvm::dyn_cast<TensorType>(type); tensor && !tensor.hasStaticShape()) {
          auto name = llvm::dyn_cast<NameLoc>(op->getLoc());
          dynamicNodes.push_back(name ? name.getName().str()
                                      : op->getName().stripDialect().str());
          return;
        }
    });
    bool anyDynamic = false;
    for (unsigned index = 0; index < func.getNumArguments(); ++index) {
      auto tensor = llvm::dyn_cast<RankedTensorType>(func.getArgument(index).getType());
      auto nameAttr = func.getArgAttrOfType<StringAttr>(index, "onnx.name");
      auto params = func.getArgAttrOfType<ArrayAttr>(index, "onnx.dim_params");
      if (!tensor)
        continue;
      for (auto [dim, size] : llvm::enumerate(tensor.getShape())) {
        if (!ShapedType::isDynamic(size))
          continue;
        anyDynamic = true;
        std::string param;
        if (params && dim < params.size())
          if (auto text = llvm::dyn_cast<StringAttr>(params[dim]))
            param = text.str();
        func.emitError() << "input '" << (nameAttr ? nameAttr.getValue() : "?")
                         << "' dim " << dim << (param.empty() ? "" : " ('" + param + "')")
                         << " is still dynamic; bind it with "
                         << (param.empty() ? "--shape" : "--dim " + param + "=SIZE");
      }
    }
    if (!anyDynamic && dynamicNodes.empty())
      return success();
    if (!dynamicNodes.empty()) {
      std::string list;
      for (size_t i = 0; i < std::min<size_t>(dynamicNodes.size(), 8); ++i)
        list += (i ? ", '" : "'") + dynamicNodes[i] + "'";
      if (dynamicNodes.size() > 8)
        list += " and " + std::to_string(dynamicNodes.size() - 8) + " more";
      func.emitError() << dynamicNodes.size() << " node(s) still have dynamic shapes: "
                       << list;
    }
    return failure();
  }

  LogicalResult checkAllUsed(func::FuncOp func,
                             const llvm::StringMap<SmallVector<int64_t>> &shapeBindings,
                             const llvm::StringMap<int64_t> &dimBindings,
                             const llvm::StringSet<> &usedShapes,
                             const llvm::StringSet<> &usedDims) {
    for (const auto &entry : shapeBindings)
      if (!usedShapes.contains(entry.getKey()))
        return func.emitError()
               << "--shape names no model input '" << entry.getKey() << "'";
    for (const auto &entry : dimBindings)
      if (!usedDims.contains(entry.getKey()))
        return func.emitError() << "--dim names no dim_param '" << entry.getKey()
                                << "' of the model's inputs";
    return success();
  }
};

} // namespace
} // namespace hwc
