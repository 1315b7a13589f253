//===- AsicExecutor.cpp - Run a .hwca artifact ---------------------------===//

#include "runtime/artifact/AsicExecutor.h"

#include "runtime/core/Error.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>

namespace hwc::rt {
using namespace systolic;

namespace {

/// The layer's GEMM in SCALE-Sim's terms: M output pixels, K = kernel
/// window x input channels, N filters (a pooling or add layer has none).
GemmDims gemmOf(const Segment &segment, const Layer &layer) {
  if (layer.kind != LayerKind::Conv)
    return GemmDims{0, 0, 0};
  const ActivationShape &in = segment.tensors[size_t(layer.inputs[0])].shape;
  const ActivationShape &out = segment.tensors[size_t(layer.output)].shape;
  return GemmDims{out.pixels(), layer.window.kernelH * layer.window.kernelW * in.channels,
                  out.channels};
}

/// Bytes `layer` must move at least: its distinct inputs and its output
/// once in the channel-tiled layout, and each R x R weight tile once.
int64_t compulsoryBytes(const Segment &segment, const Layer &layer, int64_t lanes) {
  std::vector<int> tensors = layer.inputs;
  std::sort(tensors.begin(), tensors.end());
  tensors.erase(std::unique(tensors.begin(), tensors.end()), tensors.end());
  tensors.push_back(layer.output);
  int64_t rows = 0;
  for (int tensor : tensors)
    rows += segment.tensors[size_t(tensor)].shape.rows(lanes);
  if (layer.kind == LayerKind::Conv)
    rows += weightTiles(segment, layer, lanes) * lanes;
  return rows * lanes;
}

int64_t rooflineBound(const AsicLayerFigures &layer, const ArrayConfig &array) {
  int64_t compute = ceilDiv(layer.usefulMacs, array.rows * array.cols);
  int64_t memory = array.dramBytesPerCycle > 0
                       ? int64_t(std::ceil(double(layer.compulsoryBytes) / array.dramBytesPerCycle))
                       : 0;
  return std::max(compute, memory);
}

std::vector<AsicLayerFigures> timeSegment(const SegmentProgram &compiled, int index,
                                          double dramBytesPerCycle, int64_t &total) {
  ArrayConfig array = compiled.array;
  if (dramBytesPerCycle >= 0)
    array.dramBytesPerCycle = dramBytesPerCycle;
  ProgramTiming timing = timeNative(compiled.program, array, compiled.segment.layers.size());
  total = timing.cycles;
  std::vector<AsicLayerFigures> figures;
  for (size_t i = 0; i < compiled.segment.layers.size(); ++i) {
    const Layer &layer = compiled.segment.layers[i];
    AsicLayerFigures f;
    f.name = layer.name;
    f.opType = layer.opType;
    f.segment = index;
    f.gemm = gemmOf(compiled.segment, layer);
    f.usefulMacs = f.gemm.macs();
    if (i < timing.layers.size())
      f.native = timing.layers[i];
    if (f.usefulMacs > 0)
      f.scaleSimCycles = scaleSimLayer(f.gemm, compiled.array.rows, compiled.array.cols,
                                       Dataflow::WeightStationary)
                             .cycles;
    f.compulsoryBytes = compulsoryBytes(compiled.segment, layer, array.rows);
    f.rooflineCycles = rooflineBound(f, array);
    figures.push_back(f);
  }
  return figures;
}

} // namespace

Activation toActivation(const Tensor &value, const SegmentTensor &tensor) {
  if (tensor.im2col) {
    SegmentTensor plain = tensor;
    plain.im2col = false;
    plain.shape = tensor.source;
    return im2colPatches(toActivation(value, plain), tensor);
  }
  if (value.dtype() != DType::Int8 || value.shape() != tensor.dims)
    fail("segment input '", tensor.name, "' must be int8 of shape ", formatShape(tensor.dims),
         ", got ", dtypeName(value.dtype()), " ", formatShape(value.shape()));
  Tensor contiguous = value.contiguous();
  const int8_t *data = contiguous.data<int8_t>();
  Activation values(data, data + contiguous.numElements());
  if (tensor.dims.size() == 2) { // [M, K] -> K channels over M pixels
    int64_t m = tensor.dims[0], k = tensor.dims[1];
    for (int64_t row = 0; row < m; ++row)
      for (int64_t col = 0; col < k; ++col)
        values[size_t(col * m + row)] = data[row * k + col];
  }
  return values;
}

Tensor fromActivation(const Activation &values, const SegmentTensor &tensor) {
  Tensor result(DType::Int8, tensor.dims);
  int8_t *data = result.data<int8_t>();
  if (tensor.dims.size() == 2) {
    int64_t m = tensor.dims[0], k = tensor.dims[1];
    for (int64_t row = 0; row < m; ++row)
      for (int64_t col = 0; col < k; ++col)
        data[row * k + col] = values[size_t(col * m + row)];
  } else {
    std::copy(values.begin(), values.end(), data);
  }
  return result;
}

AsicExecutor::AsicExecutor(const AsicArtifact &artifact, int threads, double dramBytesPerCycle)
    : artifact(artifact) {
  auto proto = std::make_shared<::onnx::ModelProto>();
  if (!proto->ParseFromString(artifact.hostModel))
    fail("the artifact's host graph does not parse");
  host = Model::fromProto(proto, "host graph", "");
  interpreter = std::make_unique<Interpreter>(*host, threads);
  for (size_t i = 0; i < artifact.segments.size(); ++i) {
    int64_t total = 0;
    timings.push_back(timeSegment(artifact.segments[i], int(i), dramBytesPerCycle, total));
    nativeTotals.push_back(total);
  }
}

AsicRunResult AsicExecutor::run(const std::map<std::string, Tensor> &inputs,
                                bool checkReference) {
  AsicRunResult result;
  RunOptions options;
  options.externalNode = [&](const Node &node, const std::vector<Tensor> &operands,
                             std::vector<Tensor> &outputs) {
    if (node.domain != "hwc.asic" || node.opType != "AsicSegment")
      return false;
    int64_t index = node.attributes().getInt("segment", -1);
    if (index < 0 || size_t(index) >= artifact.segments.size())
      fail("names segment ", index, "; the artifact has ", artifact.segments.size());
    const SegmentProgram &compiled = artifact.segments[size_t(index)];
    const Segment &segment = compiled.segment;
    if (operands.size() != segment.inputs.size())
      fail("has ", operands.size(), " inputs, segment ", index, " takes ",
           segment.inputs.size());
    std::vector<Activation> values;
    for (size_t i = 0; i < operands.size(); ++i)
      values.push_back(toActivation(operands[i], segment.tensors[size_t(segment.inputs[i])]));
    std::vector<Activation> produced = simulateSegment(compiled, values);
    if (checkReference) {
      std::vector<Activation> expected = referenceSegment(segment, values);
      for (size_t i = 0; i < produced.size(); ++i)
        for (size_t j = 0; j < produced[i].size(); ++j)
          result.referenceMismatches += produced[i][j] != expected[i][j];
      for (const Activation &output : produced)
        result.referenceBytes += int64_t(output.size());
    }
    outputs.clear();
    for (size_t i = 0; i < produced.size(); ++i)
      outputs.push_back(
          fromActivation(produced[i], segment.tensors[size_t(segment.outputs[i])]));
    const std::vector<AsicLayerFigures> &figures = timings[size_t(index)];
    result.layers.insert(result.layers.end(), figures.begin(), figures.end());
    result.nativeCycles += nativeTotals[size_t(index)];
    for (const AsicLayerFigures &f : figures)
      result.scaleSimCycles += f.scaleSimCycles;
    return true;
  };
  result.outputs = interpreter->run(inputs, options).outputs;
  return result;
}

} // namespace hwc::rt
