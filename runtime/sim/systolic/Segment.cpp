//===- Segment.cpp - The integer reference of an ASIC segment ---------===//
//
// Direct loops over CHW tensors, one per layer kind. They share nothing
// with the program the compiler generates but the requantization entries,
// so a simulator result equal to theirs means the tiling, the halo, the
// kernel-position decomposition and the schedule are right.
//
//===----------------------------------------------------------------------===//

#include "runtime/sim/systolic/Segment.h"

#include "runtime/core/Error.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sstream>

namespace hwc::rt::systolic {

const char *layerKindName(LayerKind kind) {
  switch (kind) {
  case LayerKind::Conv:
    return "conv";
  case LayerKind::MaxPool:
    return "maxpool";
  case LayerKind::AvgPool:
    return "avgpool";
  case LayerKind::Add:
    return "add";
  }
  return "?";
}

namespace {

/// Reads CHW `values` with `padValue` outside the grid.
struct PaddedView {
  const Activation &values;
  const ActivationShape &shape;
  int8_t padValue;

  int8_t at(int64_t c, int64_t y, int64_t x) const {
    if (y < 0 || x < 0 || y >= shape.height || x >= shape.width)
      return padValue;
    return values[size_t((c * shape.height + y) * shape.width + x)];
  }
};

Activation convolution(const Layer &layer, const PaddedView &in, const ActivationShape &out) {
  const Window &w = layer.window;
  int64_t cin = in.shape.channels;
  Activation result(size_t(out.elements()));
  for (int64_t co = 0; co < out.channels; ++co)
    for (int64_t oy = 0; oy < out.height; ++oy)
      for (int64_t ox = 0; ox < out.width; ++ox) {
        int64_t sum = 0;
        const int8_t *weights = layer.weights.data() + co * cin * w.kernelH * w.kernelW;
        for (int64_t ci = 0; ci < cin; ++ci)
          for (int64_t ky = 0; ky < w.kernelH; ++ky)
            for (int64_t kx = 0; kx < w.kernelW; ++kx)
              sum += int64_t(in.at(ci, oy * w.strideH + ky - w.padTop,
                                   ox * w.strideW + kx - w.padLeft)) *
                     *weights++;
        result[size_t((co * out.height + oy) * out.width + ox)] =
            layer.entries[size_t(co)].apply(sum);
      }
  return result;
}

Activation pooling(const Layer &layer, const PaddedView &in, const ActivationShape &out) {
  const Window &w = layer.window;
  bool max = layer.kind == LayerKind::MaxPool;
  Activation result(size_t(out.elements()));
  for (int64_t c = 0; c < out.channels; ++c)
    for (int64_t oy = 0; oy < out.height; ++oy)
      for (int64_t ox = 0; ox < out.width; ++ox) {
        int64_t reduced = max ? -128 : 0;
        for (int64_t ky = 0; ky < w.kernelH; ++ky)
          for (int64_t kx = 0; kx < w.kernelW; ++kx) {
            int64_t v = in.at(c, oy * w.strideH + ky - w.padTop, ox * w.strideW + kx - w.padLeft);
            reduced = max ? std::max(reduced, v) : reduced + v;
          }
        result[size_t((c * out.height + oy) * out.width + ox)] = layer.entries[0].apply(reduced);
      }
  return result;
}

void checkSize(const Layer &layer, const Activation &values, const ActivationShape &shape) {
  if (int64_t(values.size()) != shape.elements())
    fail("layer '", layer.name, "': input has ", values.size(), " values, expected ",
         shape.elements());
}

} // namespace

int64_t positionsPerTile(const Segment &segment, const Layer &layer, int64_t lanes) {
  const ActivationShape &in = segment.tensors[size_t(layer.inputs[0])].shape;
  int64_t positions = layer.window.kernelH * layer.window.kernelW;
  return positions > 1 && lanes % 2 == 0 && 2 * in.channels <= lanes ? 2 : 1;
}

int64_t weightTiles(const Segment &segment, const Layer &layer, int64_t lanes) {
  const ActivationShape &in = segment.tensors[size_t(layer.inputs[0])].shape;
  const ActivationShape &out = segment.tensors[size_t(layer.output)].shape;
  int64_t positions = layer.window.kernelH * layer.window.kernelW;
  return ceilDiv(out.channels, lanes) *
         ceilDiv(positions, positionsPerTile(segment, layer, lanes)) *
         ceilDiv(in.channels, lanes);
}

bool readOnlyBy(const Segment &segment, int tensor, const Layer &reader) {
  if (std::count(segment.outputs.begin(), segment.outputs.end(), tensor))
    return false;
  for (const Layer &layer : segment.layers)
    if (&layer != &reader && std::count(layer.inputs.begin(), layer.inputs.end(), tensor))
      return false;
  return std::count(reader.inputs.begin(), reader.inputs.end(), tensor) == 1;
}

Activation im2colPatches(const Activation &values, const SegmentTensor &tensor) {
  const ActivationShape &in = tensor.source;
  const Window &w = tensor.patch;
  if (int64_t(values.size()) != in.elements())
    fail("tensor '", tensor.name, "': ", values.size(), " values, expected ", in.elements());
  PaddedView view{values, in, int8_t(tensor.zeroPoint)};
  const ActivationShape &out = tensor.shape;
  Activation patches(size_t(out.elements()));
  for (int64_t ky = 0; ky < w.kernelH; ++ky)
    for (int64_t kx = 0; kx < w.kernelW; ++kx)
      for (int64_t c = 0; c < in.channels; ++c) {
        int8_t *plane = patches.data() + ((ky * w.kernelW + kx) * in.channels + c) * out.pixels();
        for (int64_t oy = 0; oy < out.height; ++oy)
          for (int64_t ox = 0; ox < out.width; ++ox)
            *plane++ = view.at(c, oy * w.strideH + ky - w.padTop, ox * w.strideW + kx - w.padLeft);
      }
  return patches;
}

Activation referenceLayer(const Segment &segment, const Layer &layer,
                          const std::vector<const Activation *> &inputs) {
  if (inputs.size() != layer.inputs.size())
    fail("layer '", layer.name, "': ", inputs.size(), " inputs, expected ", layer.inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    checkSize(layer, *inputs[i], segment.tensors[size_t(layer.inputs[i])].shape);
  const ActivationShape &inShape = segment.tensors[size_t(layer.inputs[0])].shape;
  const ActivationShape &outShape = segment.tensors[size_t(layer.output)].shape;
  PaddedView in{*inputs[0], inShape, layer.padValue};
  switch (layer.kind) {
  case LayerKind::Conv: {
    size_t channels = size_t(outShape.channels), residual = inputs.size() == 2 ? 3 : 0;
    if (layer.entries.size() != channels + residual)
      fail("layer '", layer.name, "': ", layer.entries.size(), " table entries, expected ",
           channels + residual);
    Activation result = convolution(layer, in, outShape);
    // A residual add fused into the convolution: its entries follow the
    // channels' (left: the convolution, right: the residual, output).
    const RequantEntry *add = layer.entries.data() + channels;
    if (residual)
      for (size_t i = 0; i < result.size(); ++i)
        result[i] = quantizedAdd(result[i], (*inputs[1])[i], add[0], add[1], add[2]);
    return result;
  }
  case LayerKind::MaxPool:
  case LayerKind::AvgPool:
    return pooling(layer, in, outShape);
  case LayerKind::Add: {
    Activation result(inputs[0]->size());
    for (size_t i = 0; i < result.size(); ++i)
      result[i] = quantizedAdd((*inputs[0])[i], (*inputs[1])[i], layer.entries[0],
                               layer.entries[1], layer.entries[2]);
    return result;
  }
  }
  fail("layer '", layer.name, "': unknown kind");
}

std::vector<Activation> referenceSegment(const Segment &segment,
                                         const std::vector<Activation> &inputs) {
  std::vector<Activation> values(segment.tensors.size());
  for (size_t i = 0; i < segment.inputs.size() && i < inputs.size(); ++i)
    values[size_t(segment.inputs[i])] = inputs[i];
  for (const Layer &layer : segment.layers) {
    std::vector<const Activation *> operands;
    for (int input : layer.inputs)
      operands.push_back(&values[size_t(input)]);
    values[size_t(layer.output)] = referenceLayer(segment, layer, operands);
  }
  std::vector<Activation> outputs;
  for (int output : segment.outputs)
    outputs.push_back(values[size_t(output)]);
  return outputs;
}

std::vector<Activation> simulateSegment(const SegmentProgram &compiled,
                                        const std::vector<Activation> &inputs) {
  const Segment &segment = compiled.segment;
  if (inputs.size() != segment.inputs.size())
    fail("segment takes ", segment.inputs.size(), " inputs, got ", inputs.size());
  FunctionalSimulator simulator(compiled.array, compiled.dramRows);
  int64_t lanes = compiled.array.rows;
  auto rowsFit = [&](int64_t first, int64_t rows) {
    if (first < 0 || rows < 0 || first + rows > compiled.dramRows)
      fail("DRAM rows [", first, ", ", first + rows, ") are outside the program's ",
           compiled.dramRows);
  };
  int64_t imageRows = int64_t(compiled.image.size()) / lanes;
  rowsFit(compiled.imageRow, imageRows);
  if (imageRows > 0)
    std::memcpy(simulator.dramRow(compiled.imageRow), compiled.image.data(),
                size_t(imageRows * lanes));
  for (size_t i = 0; i < inputs.size(); ++i) {
    const SegmentTensor &tensor = segment.tensors[size_t(segment.inputs[i])];
    rowsFit(tensor.dramRow, tensor.shape.rows(lanes));
    packActivation(inputs[i], tensor.shape, lanes, simulator.dramRow(tensor.dramRow));
  }
  simulator.run(compiled.program);
  std::vector<Activation> outputs;
  for (int index : segment.outputs) {
    const SegmentTensor &tensor = segment.tensors[size_t(index)];
    rowsFit(tensor.dramRow, tensor.shape.rows(lanes));
    outputs.push_back(unpackActivation(simulator.dramRow(tensor.dramRow), tensor.shape, lanes));
  }
  return outputs;
}

std::string listSegment(const SegmentProgram &compiled) {
  std::ostringstream out;
  const Segment &segment = compiled.segment;
  const ArrayConfig &array = compiled.array;
  out << "; array " << array.rows << "x" << array.cols << ", " << array.bufferRows
      << " buffer rows, " << array.accumulatorRows << " accumulator rows, "
      << compiled.program.instructions.size() << " instructions, "
      << compiled.program.table.size() << " table entries\n";
  for (const SegmentTensor &t : segment.tensors) {
    bool input = std::count(segment.inputs.begin(), segment.inputs.end(), &t - segment.tensors.data());
    bool output = std::count(segment.outputs.begin(), segment.outputs.end(), &t - segment.tensors.data());
    out << "; dram[" << t.dramRow << ", " << t.shape.rows(array.rows) << "] '" << t.name << "' "
        << t.shape.channels << "x" << t.shape.height << "x" << t.shape.width
        << (input ? " (input)" : output ? " (output)" : "");
    if (t.im2col)
      out << " im2col of " << t.source.channels << "x" << t.source.height << "x"
          << t.source.width << " by " << t.patch.kernelH << "x" << t.patch.kernelW;
    out << "\n";
  }
  size_t nextLayer = 0;
  for (size_t i = 0; i < compiled.program.instructions.size(); ++i) {
    while (nextLayer < compiled.layers.size() &&
           compiled.layers[nextLayer].second == int64_t(i)) {
      const Layer *layer = nextLayer < segment.layers.size() ? &segment.layers[nextLayer] : nullptr;
      out << "; layer " << nextLayer << ": " << compiled.layers[nextLayer].first;
      if (layer)
        out << " (" << layer->opType << ", " << layerKindName(layer->kind) << ")";
      out << "\n";
      ++nextLayer;
    }
    char index[32];
    std::snprintf(index, sizeof(index), "%6zu: ", i);
    out << index << disassemble(compiled.program.instructions[i]) << "\n";
  }
  return out.str();
}

void packActivation(const Activation &values, const ActivationShape &shape, int64_t lanes,
                    int8_t *firstRow) {
  if (int64_t(values.size()) != shape.elements())
    fail("activation has ", values.size(), " values, expected ", shape.elements());
  int64_t pixels = shape.pixels();
  std::memset(firstRow, 0, size_t(shape.rows(lanes) * lanes));
  for (int64_t c = 0; c < shape.channels; ++c) {
    int8_t *tile = firstRow + (c / lanes) * pixels * lanes + c % lanes;
    const int8_t *plane = values.data() + c * pixels;
    for (int64_t p = 0; p < pixels; ++p)
      tile[p * lanes] = plane[p];
  }
}

Activation unpackActivation(const int8_t *firstRow, const ActivationShape &shape,
                            int64_t lanes) {
  int64_t pixels = shape.pixels();
  Activation values(size_t(shape.elements()));
  for (int64_t c = 0; c < shape.channels; ++c) {
    const int8_t *tile = firstRow + (c / lanes) * pixels * lanes + c % lanes;
    int8_t *plane = values.data() + c * pixels;
    for (int64_t p = 0; p < pixels; ++p)
      plane[p] = tile[p * lanes];
  }
  return values;
}

} // namespace hwc::rt::systolic
