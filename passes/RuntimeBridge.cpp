//===- RuntimeBridge.cpp - onnx dialect values and the runtime -------------===//

#include "passes/RuntimeBridge.h"

#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"
#include "runtime/core/Error.h"
#include "runtime/graph/Model.h"
#include "runtime/kernels/Kernel.h"

#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;

namespace hwc {

namespace {

/// Whether the runtime stores `type` one element per dtypeSize bytes, as
/// MLIR's dense storage does (bool aside, handled element by element).
bool isByteAddressable(Type element) {
  return element.isIntOrFloat() && element.getIntOrFloatBitWidth() % 8 == 0;
}

rt::Shape shapeOf(ShapedType type) {
  return rt::Shape(type.getShape().begin(), type.getShape().end());
}

} // namespace

namespace {

/// A read-only runtime view of constant bytes the MLIR context keeps alive:
/// folding reads weights without copying them.
rt::Tensor borrowConstant(rt::DType dtype, const rt::Shape &shape, ArrayRef<char> bytes) {
  // Kernels never write their inputs, so the const_cast is not used to
  // modify the attribute's storage.
  auto buffer = rt::Buffer::borrow(const_cast<char *>(bytes.data()), bytes.size(), nullptr);
  return rt::Tensor(dtype, shape, rt::contiguousStrides(shape), std::move(buffer));
}

} // namespace

std::optional<rt::Tensor> tensorFromAttr(ElementsAttr attr) {
  auto type = llvm::dyn_cast<RankedTensorType>(attr.getShapedType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  Type element = type.getElementType();
  int64_t onnxType = onnx::onnxDtypeForElementType(element);
  if (onnxType == 0 || !rt::isSupportedDType(static_cast<int>(onnxType)))
    return std::nullopt;
  auto dtype = static_cast<rt::DType>(onnxType);
  rt::Shape shape = shapeOf(type);
  if (element.isInteger(1)) {
    // MLIR packs dense booleans into bits; ONNX and the runtime use bytes.
    rt::Tensor tensor = rt::Tensor::uninitialized(dtype, shape);
    char *out = static_cast<char *>(tensor.rawData());
    int64_t index = 0;
    for (bool value : attr.getValues<bool>())
      out[index++] = value ? 1 : 0;
    return tensor;
  }
  if (!isByteAddressable(element))
    return std::nullopt;
  size_t width = element.getIntOrFloatBitWidth() / 8;
  size_t bytes = size_t(type.getNumElements()) * width;
  if (auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != bytes)
      return std::nullopt;
    return borrowConstant(dtype, shape, blob->getData());
  }
  auto dense = llvm::dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  ArrayRef<char> raw = dense.getRawData();
  if (!dense.isSplat())
    return raw.size() == bytes ? std::optional(borrowConstant(dtype, shape, raw))
                               : std::nullopt;
  rt::Tensor tensor = rt::Tensor::uninitialized(dtype, shape);
  char *out = static_cast<char *>(tensor.rawData());
  for (size_t offset = 0; offset < bytes; offset += width)
    std::memcpy(out + offset, raw.data(), width);
  return tensor;
}

ElementsAttr attrFromTensor(const rt::Tensor &tensor, RankedTensorType type,
                            llvm::StringRef name) {
  int64_t dtype = onnx::onnxDtypeForElementType(type.getElementType());
  if (dtype != static_cast<int64_t>(tensor.dtype()) ||
      type.getNumElements() != tensor.numElements())
    return nullptr;
  rt::Tensor contiguous = tensor.contiguous();
  if (type.getElementType().isInteger(1)) {
    // Booleans are small masks: a dense attribute packs them into bits.
    const char *bytes = static_cast<const char *>(contiguous.rawData());
    SmallVector<bool> values(bytes, bytes + contiguous.numElements());
    return DenseElementsAttr::get(type, ArrayRef<bool>(values));
  }
  if (!isByteAddressable(type.getElementType()))
    return nullptr;
  ArrayRef<char> bytes(static_cast<const char *>(contiguous.rawData()),
                       contiguous.byteSize());
  size_t alignment = std::max<size_t>(1, type.getElementTypeBitWidth() / 8);
  // A fresh kernel output is adopted by the blob instead of copied, so a
  // folded weight costs its size once, not twice. A view of borrowed
  // memory (a Reshape of a constant shares the constant's blob) is copied:
  // that blob may be freed when its constant is folded away.
  if (!contiguous.buffer()->isOwned())
    return DenseResourceElementsAttr::get(
        type, name, HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignment));
  AsmResourceBlob blob(
      bytes, alignment,
      [buffer = contiguous.buffer()](void *, size_t, size_t) mutable { buffer.reset(); },
      /*dataIsMutable=*/false);
  return DenseResourceElementsAttr::get(type, name, std::move(blob));
}

namespace {

bool setAttribute(::onnx::AttributeProto &proto, Attribute attr) {
  if (auto integer = llvm::dyn_cast<IntegerAttr>(attr)) {
    proto.set_type(::onnx::AttributeProto::INT);
    proto.set_i(integer.getInt());
    return true;
  }
  if (auto real = llvm::dyn_cast<FloatAttr>(attr)) {
    proto.set_type(::onnx::AttributeProto::FLOAT);
    proto.set_f(static_cast<float>(real.getValueAsDouble()));
    return true;
  }
  if (auto text = llvm::dyn_cast<StringAttr>(attr)) {
    proto.set_type(::onnx::AttributeProto::STRING);
    proto.set_s(text.str());
    return true;
  }
  if (auto elements = llvm::dyn_cast<ElementsAttr>(attr)) {
    proto.set_type(::onnx::AttributeProto::TENSOR);
    return tensorProtoFromAttr(elements, *proto.mutable_t());
  }
  auto array = llvm::dyn_cast<ArrayAttr>(attr);
  if (!array)
    return false;
  if (llvm::all_of(array, [](Attribute a) { return llvm::isa<IntegerAttr>(a); })) {
    proto.set_type(::onnx::AttributeProto::INTS);
    for (Attribute a : array)
      proto.add_ints(llvm::cast<IntegerAttr>(a).getInt());
    return true;
  }
  if (llvm::all_of(array, [](Attribute a) { return llvm::isa<FloatAttr>(a); })) {
    proto.set_type(::onnx::AttributeProto::FLOATS);
    for (Attribute a : array)
      proto.add_floats(static_cast<float>(llvm::cast<FloatAttr>(a).getValueAsDouble()));
    return true;
  }
  if (llvm::all_of(array, [](Attribute a) { return llvm::isa<StringAttr>(a); })) {
    proto.set_type(::onnx::AttributeProto::STRINGS);
    for (Attribute a : array)
      proto.add_strings(llvm::cast<StringAttr>(a).str());
    return true;
  }
  return false;
}

} // namespace

bool tensorProtoFromAttr(ElementsAttr attr, ::onnx::TensorProto &proto) {
  if (auto strings = llvm::dyn_cast<DenseStringElementsAttr>(attr)) {
    proto.set_data_type(::onnx::TensorProto::STRING);
    for (int64_t dim : strings.getType().getShape())
      proto.add_dims(dim);
    for (StringRef text : strings.getValues<StringRef>())
      proto.add_string_data(text.str());
    return true;
  }
  std::optional<rt::Tensor> tensor = tensorFromAttr(attr);
  if (!tensor)
    return false;
  proto.set_data_type(static_cast<int>(tensor->dtype()));
  for (int64_t dim : tensor->shape())
    proto.add_dims(dim);
  proto.set_raw_data(
      std::string(static_cast<const char *>(tensor->rawData()), tensor->byteSize()));
  return true;
}

bool appendOnnxAttribute(::onnx::NodeProto &node, StringRef name, Attribute attr) {
  ::onnx::AttributeProto proto;
  proto.set_name(name.str());
  if (!setAttribute(proto, attr))
    return false;
  *node.add_attribute() = std::move(proto);
  return true;
}

bool appendOnnxAttributes(::onnx::NodeProto &node, Operation *op) {
  for (NamedAttribute named : op->getAttrs()) {
    // Discardable annotations (onnx.*, hwc.*) are not ONNX attributes.
    if (named.getName().getValue().contains('.'))
      continue;
    if (!appendOnnxAttribute(node, named.getName().getValue(), named.getValue()))
      return false;
  }
  return true;
}

std::optional<::onnx::NodeProto> nodeProtoFromOp(Operation *op) {
  if (op->getNumRegions() > 0 || llvm::isa<onnx::CustomOp>(op))
    return std::nullopt;
  ::onnx::NodeProto node;
  node.set_op_type(op->getName().stripDialect().str());
  for (auto [index, operand] : llvm::enumerate(op->getOperands()))
    node.add_input(onnx::isNoneValue(operand) ? "" : "i" + std::to_string(index));
  for (unsigned index = 0; index < op->getNumResults(); ++index)
    node.add_output(llvm::isa<NoneType>(op->getResult(index).getType())
                        ? ""
                        : "o" + std::to_string(index));
  if (!appendOnnxAttributes(node, op))
    return std::nullopt;
  return node;
}

std::optional<std::vector<rt::Tensor>> runWithKernel(Operation *op, std::vector<rt::Tensor> inputs,
                                                     rt::ThreadPool &pool) {
  // The opset whose semantics the onnx dialect's ops have (the newest the
  // importer accepts).
  constexpr int kDialectOpset = 21;
  std::optional<::onnx::NodeProto> proto = nodeProtoFromOp(op);
  if (!proto)
    return std::nullopt;
  rt::Node node;
  node.proto = &*proto;
  node.name = proto->output_size() ? proto->output(0) : "";
  node.opType = proto->op_type();
  node.opset = kDialectOpset;
  node.kernel = rt::KernelRegistry::instance().find("", node.opType, kDialectOpset);
  if (!node.kernel)
    return std::nullopt;
  for (int i = 0; i < proto->input_size(); ++i)
    node.inputs.push_back(proto->input(i).empty() ? -1 : i);
  for (int i = 0; i < proto->output_size(); ++i)
    node.outputs.push_back(proto->output(i).empty() ? -1 : i);
  return rt::runKernel(node, std::move(inputs), pool,
                       [](const rt::Graph &, const std::vector<rt::Tensor> &)
                           -> std::vector<rt::Tensor> {
                         throw rt::Error("no subgraphs in compile-time evaluation");
                       });
}

} // namespace hwc
