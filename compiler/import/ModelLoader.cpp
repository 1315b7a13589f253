//===- ModelLoader.cpp - Read and validate an ONNX ModelProto -------------===//
//
// Every check here exists so that the MLIR builder never meets a malformed
// model: it may index, multiply and map what the loader has accepted.
// Each failure is one diagnostic naming the file, the node or tensor, the
// actual value and the expected one.
//
//===----------------------------------------------------------------------===//

#include "compiler/import/ModelLoader.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <onnx/checker.h>
#include <onnx/defs/parser.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>

#include <fcntl.h>
#include <unistd.h>

#include <queue>
#include <set>
#include <unordered_map>
#include <unordered_set>

using namespace mlir;

namespace hwc {

namespace {

//===----------------------------------------------------------------------===//
// Reading the file
//===----------------------------------------------------------------------===//

/// Explains why protobuf parsing failed by walking the top-level wire
/// format: a field running past the end means a truncated file, a bad tag
/// means it is not protobuf at all.
std::string explainParseFailure(StringRef bytes) {
  google::protobuf::io::CodedInputStream input(
      reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
  while (true) {
    int offset = input.CurrentPosition();
    uint32_t tag = input.ReadTag();
    if (tag == 0)
      break;
    uint32_t field = tag >> 3, wireType = tag & 7;
    if (field == 0 || wireType > 5 || wireType == 3 || wireType == 4)
      return llvm::formatv("not an ONNX protobuf file (invalid field tag at "
                           "byte {0})", offset).str();
    uint64_t scratch = 0;
    bool ok = true;
    switch (wireType) {
    case 0: ok = input.ReadVarint64(&scratch); break;
    case 1: ok = input.ReadLittleEndian64(&scratch); break;
    case 5: { uint32_t v; ok = input.ReadLittleEndian32(&v); break; }
    case 2: {
      uint32_t length = 0;
      ok = input.ReadVarint32(&length);
      if (ok && input.CurrentPosition() + static_cast<uint64_t>(length) >
                    bytes.size())
        return llvm::formatv("truncated protobuf: field {0} at byte {1} needs "
                             "{2} bytes, but the file ends after {3}", field,
                             offset, length, bytes.size() - input.CurrentPosition())
            .str();
      ok = ok && input.Skip(length);
      break;
    }
    }
    if (!ok)
      return llvm::formatv("truncated protobuf: field {0} at byte {1} is cut "
                           "off by the end of the file", field, offset).str();
  }
  return "not an ONNX protobuf file (its contents do not parse as a ModelProto)";
}

/// Parses straight from the file descriptor in small chunks, so the file's
/// bytes are never resident next to the parsed weights.
LogicalResult parseBinary(StringRef path, ::onnx::ModelProto &model,
                          Location fileLoc) {
  int fd = ::open(path.str().c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return emitError(fileLoc) << "cannot open the file";
  bool parsed = false;
  {
    google::protobuf::io::FileInputStream stream(fd, 1 << 20);
    google::protobuf::io::CodedInputStream coded(&stream);
    coded.SetTotalBytesLimit(INT32_MAX);
    parsed = model.ParseFromCodedStream(&coded) && coded.ConsumedEntireMessage();
  }
  ::close(fd);
  if (parsed)
    return success();
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return emitError(fileLoc) << "cannot read the file: "
                              << file.getError().message();
  return emitError(fileLoc) << explainParseFailure((*file)->getBuffer());
}

LogicalResult parseText(StringRef bytes, ::onnx::ModelProto &model,
                        Location fileLoc) {
  std::string text = bytes.str();
  ::onnx::OnnxParser parser(text.c_str());
  auto status = parser.Parse(model);
  if (!status.IsOK())
    return emitError(fileLoc) << "not a valid ONNX text model: "
                              << status.ErrorMessage();
  return success();
}

//===----------------------------------------------------------------------===//
// Header: IR version and opsets
//===----------------------------------------------------------------------===//

LogicalResult checkHeader(LoadedModel &model, Location fileLoc) {
  const ::onnx::ModelProto &proto = model.proto;
  if (!proto.has_graph())
    return emitError(fileLoc)
           << "not an ONNX model: the file has no graph";
  int64_t ir = proto.ir_version();
  if (ir < kMinIrVersion || ir > kMaxIrVersion)
    return emitError(fileLoc) << "unsupported IR version " << ir
                              << ", expected " << kMinIrVersion << " to "
                              << kMaxIrVersion;
  for (const ::onnx::OperatorSetIdProto &opset : proto.opset_import()) {
    std::string domain = opset.domain() == "ai.onnx" ? "" : opset.domain();
    model.opsets[domain] = static_cast<int>(opset.version());
  }
  auto it = model.opsets.find("");
  if (it == model.opsets.end())
    return emitError(fileLoc) << "model has no opset import for the ai.onnx "
                                 "domain";
  model.opset = it->second;
  if (model.opset < kMinOpset)
    return emitError(fileLoc) << "ai.onnx opset " << model.opset
                              << " is older than the oldest hwc supports ("
                              << kMinOpset << ")";
  if (model.opset > kMaxOpset) {
    // Name the first node: its operator may have changed after opset 21.
    const ::onnx::GraphProto &graph = proto.graph();
    Location loc = graph.node_size() > 0
                       ? nodeLocation(*fileLoc.getContext(), graph.node(0))
                       : fileLoc;
    std::string op = graph.node_size() > 0 ? graph.node(0).op_type() : "";
    return emitError(loc) << (op.empty() ? "" : "node (" + op + "): ")
                          << "ai.onnx opset " << model.opset
                          << " is newer than the highest opset hwc supports ("
                          << kMaxOpset << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Shapes and tensor sizes
//===----------------------------------------------------------------------===//

LogicalResult checkValueInfoShape(const ::onnx::ValueInfoProto &info,
                                  StringRef role, Location loc) {
  if (!info.type().has_tensor_type() || !info.type().tensor_type().has_shape())
    return success();
  const auto &shape = info.type().tensor_type().shape();
  int64_t count = 1;
  for (int i = 0; i < shape.dim_size(); ++i) {
    if (!shape.dim(i).has_dim_value())
      continue;
    int64_t dim = shape.dim(i).dim_value();
    if (dim < 0)
      return emitError(loc) << role << " '" << info.name()
                            << "' has negative dimension " << dim
                            << " at index " << i << ", expected >= 0";
    if (__builtin_mul_overflow(count, dim, &count))
      return emitError(loc) << role << " '" << info.name() << "' has dimension "
                            << dim << " at index " << i
                            << ": the element count overflows int64";
  }
  return success();
}

/// Checks that the data stored in `tensor` has the size its shape needs.
LogicalResult checkTensorData(const ::onnx::TensorProto &tensor, StringRef role,
                              StringRef directory, Location loc) {
  for (int i = 0; i < tensor.dims_size(); ++i)
    if (tensor.dims(i) < 0)
      return emitError(loc) << role << " '" << tensor.name()
                            << "' has negative dimension " << tensor.dims(i)
                            << " at index " << i << ", expected >= 0";
  std::optional<int64_t> count = elementCount(tensor);
  if (!count)
    return emitError(loc) << role << " '" << tensor.name()
                          << "' has a shape whose element count overflows int64";
  int dtype = tensor.data_type();
  if (dtype == ::onnx::TensorProto::STRING) {
    if (tensor.string_data_size() != *count)
      return emitError(loc) << role << " '" << tensor.name() << "' has "
                            << tensor.string_data_size()
                            << " strings, but its shape needs " << *count;
    return success();
  }
  int64_t width = dtypeByteWidth(dtype);
  if (width == 0)
    return emitError(loc) << role << " '" << tensor.name()
                          << "' has unsupported data type " << dtype;
  int64_t expectedBytes = 0;
  if (__builtin_mul_overflow(*count, width, &expectedBytes))
    return emitError(loc) << role << " '" << tensor.name()
                          << "' is too large: its byte size overflows int64";
  if (tensor.data_location() == ::onnx::TensorProto::EXTERNAL) {
    // Only the file's size is checked here; the importer maps the bytes.
    auto slice = resolveExternalData(tensor, directory, loc);
    if (!slice)
      return failure();
    if (static_cast<int64_t>(slice->size) != expectedBytes)
      return emitError(loc) << role << " '" << tensor.name() << "' has "
                            << slice->size
                            << " bytes of external data, but its shape needs "
                            << expectedBytes;
    return success();
  }
  if (tensor.has_raw_data()) {
    if (static_cast<int64_t>(tensor.raw_data().size()) != expectedBytes)
      return emitError(loc) << role << " '" << tensor.name() << "' has "
                            << tensor.raw_data().size()
                            << " bytes of data, but its shape needs "
                            << expectedBytes;
    return success();
  }
  int64_t stored = 0;
  switch (dtype) {
  case ::onnx::TensorProto::FLOAT: stored = tensor.float_data_size(); break;
  case ::onnx::TensorProto::COMPLEX64: stored = tensor.float_data_size() / 2; break;
  case ::onnx::TensorProto::DOUBLE: stored = tensor.double_data_size(); break;
  case ::onnx::TensorProto::COMPLEX128: stored = tensor.double_data_size() / 2; break;
  case ::onnx::TensorProto::INT64: stored = tensor.int64_data_size(); break;
  case ::onnx::TensorProto::UINT32:
  case ::onnx::TensorProto::UINT64: stored = tensor.uint64_data_size(); break;
  default: stored = tensor.int32_data_size(); break;
  }
  if (stored != *count)
    return emitError(loc) << role << " '" << tensor.name() << "' has "
                          << stored << " values, but its shape needs " << *count;
  return success();
}

//===----------------------------------------------------------------------===//
// Graph structure
//===----------------------------------------------------------------------===//

/// Names visible in a graph: its own inputs, initializers and node outputs,
/// plus everything visible in the enclosing graphs.
struct Scope {
  const Scope *parent = nullptr;
  std::unordered_set<std::string> names;
  bool contains(const std::string &name) const {
    for (const Scope *scope = this; scope; scope = scope->parent)
      if (scope->names.count(name))
        return true;
    return false;
  }
};

/// Calls `fn` with every name `graph` itself defines: its inputs,
/// initializers and node outputs (not names of enclosing graphs).
template <typename Fn>
void forEachDefinedName(const ::onnx::GraphProto &graph, Fn fn) {
  for (const auto &input : graph.input())
    fn(input.name());
  for (const auto &init : graph.initializer())
    fn(init.name());
  for (const auto &node : graph.node())
    for (const auto &output : node.output())
      fn(output);
}

std::string describeNode(const ::onnx::NodeProto &node) {
  return "(" + node.op_type() + ")";
}

LogicalResult checkGraph(MLIRContext &ctx, const ::onnx::GraphProto &graph,
                         const Scope *parent, StringRef directory,
                         Location fileLoc, std::vector<int> *order);

LogicalResult checkSubgraphs(MLIRContext &ctx, const ::onnx::NodeProto &node,
                             const Scope &scope, StringRef directory,
                             Location fileLoc) {
  for (const ::onnx::AttributeProto &attr : node.attribute()) {
    if (attr.has_g() &&
        failed(checkGraph(ctx, attr.g(), &scope, directory, fileLoc, nullptr)))
      return failure();
    for (const ::onnx::GraphProto &graph : attr.graphs())
      if (failed(checkGraph(ctx, graph, &scope, directory, fileLoc, nullptr)))
        return failure();
    if (attr.has_t() && failed(checkTensorData(attr.t(), "tensor attribute",
                                               directory, nodeLocation(ctx, node))))
      return failure();
  }
  return success();
}

/// Reports a cycle when the topological order leaves nodes out.
LogicalResult sortNodes(MLIRContext &ctx, const ::onnx::GraphProto &graph,
                        std::vector<int> &order) {
  int blocked = -1;
  order = topologicalOrder(graph, &blocked);
  if (blocked < 0)
    return success();
  const ::onnx::NodeProto &node = graph.node(blocked);
  return emitError(nodeLocation(ctx, node))
         << "the graph has a cycle through node " << describeNode(node)
         << ": it (indirectly) depends on its own output";
}

LogicalResult checkGraph(MLIRContext &ctx, const ::onnx::GraphProto &graph,
                         const Scope *parent, StringRef directory,
                         Location fileLoc, std::vector<int> *order) {
  Scope scope;
  scope.parent = parent;
  for (const ::onnx::ValueInfoProto &input : graph.input()) {
    if (failed(checkValueInfoShape(input, "input", fileLoc)))
      return failure();
    scope.names.insert(input.name());
  }
  for (const ::onnx::ValueInfoProto &output : graph.output())
    if (failed(checkValueInfoShape(output, "output", fileLoc)))
      return failure();
  for (const ::onnx::ValueInfoProto &info : graph.value_info())
    if (failed(checkValueInfoShape(info, "value", fileLoc)))
      return failure();
  for (const ::onnx::TensorProto &init : graph.initializer()) {
    if (failed(checkTensorData(init, "initializer", directory, fileLoc)))
      return failure();
    scope.names.insert(init.name());
  }
  std::unordered_map<std::string, int> producer;
  for (int i = 0; i < graph.node_size(); ++i) {
    const ::onnx::NodeProto &node = graph.node(i);
    for (const std::string &output : node.output()) {
      if (output.empty())
        continue;
      auto [it, inserted] = producer.emplace(output, i);
      if (!inserted)
        return emitError(nodeLocation(ctx, node))
               << "node " << describeNode(node) << " writes output '" << output
               << "', which node '"
               << llvm::cast<NameLoc>(nodeLocation(ctx, graph.node(it->second)))
                      .getName()
                      .getValue()
               << "' already writes; each value must have one producer";
      if (scope.names.count(output))
        return emitError(nodeLocation(ctx, node))
               << "node " << describeNode(node) << " writes output '" << output
               << "', which is already a graph input or initializer";
    }
  }
  for (auto &entry : producer)
    scope.names.insert(entry.first);
  for (const ::onnx::NodeProto &node : graph.node()) {
    for (const std::string &input : node.input())
      if (!input.empty() && !scope.contains(input))
        return emitError(nodeLocation(ctx, node))
               << "node " << describeNode(node) << " reads '" << input
               << "', which no node, graph input or initializer produces";
    if (failed(checkSubgraphs(ctx, node, scope, directory, fileLoc)))
      return failure();
  }
  for (const ::onnx::ValueInfoProto &output : graph.output())
    if (!scope.contains(output.name()))
      return emitError(fileLoc) << "graph output '" << output.name()
                                << "' is not produced by any node, input or "
                                   "initializer";
  std::vector<int> localOrder;
  if (failed(sortNodes(ctx, graph, localOrder)))
    return failure();
  if (order)
    *order = std::move(localOrder);
  return success();
}

//===----------------------------------------------------------------------===//
// libonnx checker and shape inference
//===----------------------------------------------------------------------===//

/// A libonnx message on one line: its multi-line context is joined and
/// runs of whitespace collapsed.
std::string oneLine(const std::string &message) {
  std::string line;
  for (char c : message) {
    bool space = std::isspace(static_cast<unsigned char>(c));
    if (space && (line.empty() || line.back() == ' '))
      continue;
    line.push_back(space ? ' ' : c);
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == ':'))
    line.pop_back();
  return line;
}

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

LogicalResult runNodeChecker(MLIRContext &ctx, LoadedModel &model) {
  if (model.opset > kLibOnnxMaxOpset || model.proto.ir_version() > 8)
    return success();
  ::onnx::checker::CheckerContext checkerContext;
  checkerContext.set_ir_version(static_cast<int>(model.proto.ir_version()));
  std::unordered_map<std::string, int> opsets(model.opsets.begin(),
                                              model.opsets.end());
  checkerContext.set_opset_imports(opsets);
  checkerContext.set_model_dir(model.directory);
  ::onnx::checker::LexicalScopeContext lexicalScope;
  const ::onnx::GraphProto &graph = model.proto.graph();
  forEachDefinedName(graph,
                     [&](const std::string &name) { lexicalScope.add(name); });
  for (const ::onnx::NodeProto &node : graph.node()) {
    // Operators without a schema (experimental, contrib domains) become
    // onnx.custom; the checker has nothing to say about them.
    if (!::onnx::OpSchemaRegistry::Schema(node.op_type(), model.opset,
                                        node.domain().empty() ? "" : node.domain()))
      continue;
    if (!isDefaultDomain(node.domain()))
      continue;
    try {
      ::onnx::checker::check_node(node, checkerContext, lexicalScope);
    } catch (const ::onnx::checker::ValidationError &error) {
      return emitError(nodeLocation(ctx, node))
             << "node " << describeNode(node) << " is invalid: "
             << oneLine(error.what());
    }
  }
  return success();
}

void runShapeInference(LoadedModel &model) {
  if (model.opset > kLibOnnxMaxOpset)
    return;
  ::onnx::ShapeInferenceOptions options;
  options.check_type = false;
  options.error_mode = 0;
  options.enable_data_propagation = true;
  try {
    ::onnx::shape_inference::InferShapes(model.proto,
                                       ::onnx::OpSchemaRegistry::Instance(),
                                       options);
  } catch (const std::exception &) {
    // Inference is an aid: hwc's own per-op inference fills in what libonnx
    // could not, and the verifier checks the result.
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// Public helpers
//===----------------------------------------------------------------------===//

namespace {
std::unordered_set<std::string> valuesRead(const ::onnx::NodeProto &node);

/// Adds to `reads` every name `graph` uses without defining it itself:
/// the outer values its nodes (and their nested subgraphs) read.
void collectOuterReads(const ::onnx::GraphProto &graph,
                       std::unordered_set<std::string> &reads) {
  std::unordered_set<std::string> local;
  forEachDefinedName(graph,
                     [&](const std::string &name) { local.insert(name); });
  std::unordered_set<std::string> used;
  for (const auto &node : graph.node()) {
    std::unordered_set<std::string> nodeReads = valuesRead(node);
    used.insert(nodeReads.begin(), nodeReads.end());
  }
  for (const auto &output : graph.output())
    used.insert(output.name());
  for (const std::string &name : used)
    if (!name.empty() && !local.count(name))
      reads.insert(name);
}

/// Every value `node` reads, including outer values read by its subgraphs.
std::unordered_set<std::string> valuesRead(const ::onnx::NodeProto &node) {
  std::unordered_set<std::string> reads(node.input().begin(),
                                        node.input().end());
  for (const auto &attr : node.attribute()) {
    if (attr.has_g())
      collectOuterReads(attr.g(), reads);
    for (const auto &g : attr.graphs())
      collectOuterReads(g, reads);
  }
  return reads;
}
} // namespace

std::vector<int> topologicalOrder(const ::onnx::GraphProto &graph,
                                  int *blockedNode) {
  int count = graph.node_size();
  std::unordered_map<std::string, int> producer;
  for (int i = 0; i < count; ++i)
    for (const std::string &output : graph.node(i).output())
      if (!output.empty())
        producer.emplace(output, i);
  std::vector<int> pending(count, 0);
  std::vector<std::vector<int>> users(count);
  for (int i = 0; i < count; ++i) {
    std::set<int> producers;
    for (const std::string &input : valuesRead(graph.node(i))) {
      auto it = producer.find(input);
      if (it != producer.end() && it->second != i)
        producers.insert(it->second);
    }
    pending[i] = producers.size();
    for (int p : producers)
      users[p].push_back(i);
  }
  // Kahn's algorithm, always taking the lowest ready index, so a graph that
  // is already sorted keeps the model's order.
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < count; ++i)
    if (pending[i] == 0)
      ready.push(i);
  std::vector<int> order;
  while (!ready.empty()) {
    int next = ready.top();
    ready.pop();
    order.push_back(next);
    for (int user : users[next])
      if (--pending[user] == 0)
        ready.push(user);
  }
  if (blockedNode) {
    *blockedNode = -1;
    for (int i = 0; i < count && static_cast<int>(order.size()) < count; ++i)
      if (pending[i] > 0) {
        *blockedNode = i;
        break;
      }
  }
  return order;
}

std::optional<int64_t> elementCount(const ::onnx::TensorProto &tensor) {
  int64_t count = 1;
  for (int64_t dim : tensor.dims())
    if (dim < 0 || __builtin_mul_overflow(count, dim, &count))
      return std::nullopt;
  return count;
}

int64_t dtypeByteWidth(int dtype) {
  switch (dtype) {
  case ::onnx::TensorProto::BOOL:
  case ::onnx::TensorProto::INT8:
  case ::onnx::TensorProto::UINT8:
  case 17: case 18: case 19: case 20: // float8 variants
    return 1;
  case ::onnx::TensorProto::INT16:
  case ::onnx::TensorProto::UINT16:
  case ::onnx::TensorProto::FLOAT16:
  case ::onnx::TensorProto::BFLOAT16:
    return 2;
  case ::onnx::TensorProto::INT32:
  case ::onnx::TensorProto::UINT32:
  case ::onnx::TensorProto::FLOAT:
    return 4;
  case ::onnx::TensorProto::INT64:
  case ::onnx::TensorProto::UINT64:
  case ::onnx::TensorProto::DOUBLE:
  case ::onnx::TensorProto::COMPLEX64:
    return 8;
  case ::onnx::TensorProto::COMPLEX128:
    return 16;
  default:
    return 0;
  }
}

Location nodeLocation(MLIRContext &context, const ::onnx::NodeProto &node) {
  std::string name = node.name();
  if (name.empty())
    name = node.output_size() > 0 && !node.output(0).empty()
               ? node.output(0)
               : node.op_type();
  return NameLoc::get(StringAttr::get(&context, name));
}

std::optional<ExternalDataSlice>
resolveExternalData(const ::onnx::TensorProto &tensor, StringRef modelDirectory,
                    Location loc) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const ::onnx::StringStringEntryProto &entry : tensor.external_data()) {
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset" &&
             !llvm::to_integer(entry.value(), offset, 10))
      offset = -1;
    else if (entry.key() == "length" &&
             !llvm::to_integer(entry.value(), length, 10))
      length = -2;
  }
  std::string what = "tensor '" + tensor.name() + "'";
  if (location.empty())
    return emitError(loc) << what << " has external data without a location",
           std::nullopt;
  if (offset < 0 || length < -1)
    return emitError(loc) << what << " has an invalid external-data offset or "
                                     "length", std::nullopt;
  if (llvm::sys::path::is_absolute(location))
    return emitError(loc) << what << ": external data location '" << location
                          << "' is an absolute path; it must be relative to "
                             "the model's directory", std::nullopt;
  for (auto it = llvm::sys::path::begin(location),
            end = llvm::sys::path::end(location); it != end; ++it)
    if (*it == "..")
      return emitError(loc) << what << ": external data location '" << location
                            << "' leaves the model's directory ('..')", std::nullopt;
  SmallString<256> full(modelDirectory);
  llvm::sys::path::append(full, location);
  if (!llvm::sys::fs::exists(full))
    return emitError(loc) << what << ": external data file '" << location
                          << "' not found in the model's directory", std::nullopt;
  SmallString<256> realFile, realDirectory;
  if (llvm::sys::fs::real_path(full, realFile) ||
      llvm::sys::fs::real_path(modelDirectory, realDirectory))
    return emitError(loc) << what << ": cannot resolve external data file '"
                          << location << "'", std::nullopt;
  if (!StringRef(realFile).starts_with((realDirectory + "/").str()))
    return emitError(loc) << what << ": external data file '" << location
                          << "' resolves to '" << realFile
                          << "', outside the model's directory", std::nullopt;
  uint64_t fileSize = 0;
  if (llvm::sys::fs::file_size(realFile, fileSize))
    return emitError(loc) << what << ": cannot read external data file '"
                          << location << "'", std::nullopt;
  uint64_t size = length >= 0 ? static_cast<uint64_t>(length)
                              : fileSize - std::min<uint64_t>(offset, fileSize);
  if (static_cast<uint64_t>(offset) > fileSize)
    return emitError(loc) << what << ": external data offset " << offset
                          << " lies past the end of '" << location << "' ("
                          << fileSize << " bytes)", std::nullopt;
  if (size > fileSize - static_cast<uint64_t>(offset))
    return emitError(loc) << what << ": external data [" << offset << ", "
                          << offset + static_cast<int64_t>(size)
                          << ") lies past the end of '" << location << "' ("
                          << fileSize << " bytes)", std::nullopt;
  return ExternalDataSlice{std::string(realFile), location,
                           static_cast<uint64_t>(offset), size};
}

std::unique_ptr<llvm::MemoryBuffer>
mapExternalData(const ::onnx::TensorProto &tensor, StringRef modelDirectory,
                Location loc) {
  std::optional<ExternalDataSlice> slice =
      resolveExternalData(tensor, modelDirectory, loc);
  if (!slice)
    return nullptr;
  auto buffer = llvm::MemoryBuffer::getFileSlice(slice->path, slice->size,
                                                 slice->offset,
                                                 /*IsVolatile=*/false);
  if (!buffer)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "': cannot map external data file '"
                          << slice->location
                          << "': " << buffer.getError().message(),
           nullptr;
  return std::move(*buffer);
}

std::unique_ptr<LoadedModel> loadModel(MLIRContext &context, StringRef path,
                                       const ImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  auto model = std::make_unique<LoadedModel>();
  model->path = path.str();
  SmallString<256> directory(path);
  llvm::sys::path::remove_filename(directory);
  if (directory.empty())
    directory = ".";
  model->directory = directory.str().str();

  if (llvm::sys::fs::is_directory(path))
    return emitError(fileLoc) << "is a directory, expected a model file",
           nullptr;
  uint64_t fileSize = 0;
  if (std::error_code error = llvm::sys::fs::file_size(path, fileSize))
    return emitError(fileLoc) << "cannot read the file: " << error.message(),
           nullptr;
  if (fileSize == 0)
    return emitError(fileLoc) << "the file is empty, expected an ONNX model",
           nullptr;
  if (path.ends_with(".onnxtxt")) {
    auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
    if (!file)
      return emitError(fileLoc) << "cannot read the file: "
                                << file.getError().message(), nullptr;
    if (failed(parseText((*file)->getBuffer(), model->proto, fileLoc)))
      return nullptr;
  } else if (failed(parseBinary(path, model->proto, fileLoc))) {
    return nullptr;
  }

  if (failed(checkHeader(*model, fileLoc)) ||
      failed(checkGraph(context, model->proto.graph(), nullptr,
                        model->directory, fileLoc, &model->topologicalOrder)))
    return nullptr;
  if (options.runChecker && failed(runNodeChecker(context, *model)))
    return nullptr;
  // Shape inference names unknown output dimensions ('unk__0', ...); keep
  // the outputs as the model declared them for their dim_param names.
  for (const auto &output : model->proto.graph().output())
    model->declaredOutputTypes.push_back(output.type());
  if (options.runShapeInference)
    runShapeInference(*model);
  return model;
}

} // namespace hwc
