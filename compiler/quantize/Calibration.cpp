//===- Calibration.cpp - Per-tensor statistics from sample inputs ----------===//
//
// Two passes over the samples with the interpreter's tensor observer:
// min/max first, then histograms with bins fixed by those extremes. Both are
// sums over elements, so the result is the same for any sample order or
// batching. Nothing but the statistics is kept between samples.
//
//===----------------------------------------------------------------------===//

#include "compiler/quantize/Calibration.h"

#include "runtime/core/DType.h"
#include "runtime/core/Error.h"
#include "runtime/interpreter/Interpreter.h"
#include "runtime/io/TensorIO.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace hwc::quant {
namespace {

/// The shape of one sample of `info` stacked in `file`: the declared
/// shape, with a dynamic leading (batch) dim as 1 and other dynamic dims
/// taken from the file when it has the input's rank (a 1x4x96x160 file for
/// [batch, 4, height, width] is one sample, not 15,360 of 1x4x1x1).
rt::Shape sampleShape(const rt::ValueInfo &info, const rt::Tensor &file,
                      const std::string &path) {
  rt::Shape shape;
  bool sameRank = file.shape().size() == info.dims.size();
  for (size_t axis = 0; axis < info.dims.size(); ++axis) {
    int64_t dim = info.dims[axis];
    if (dim >= 0 || axis == 0) {
      shape.push_back(dim < 0 ? 1 : dim);
      continue;
    }
    if (!sameRank)
      rt::fail(path, ": input '", info.name, "' has dynamic dim ", axis, "; stacked samples ",
               "need the input's rank (", info.dims.size(), ") to resolve it, the file has ",
               file.shape().size());
    shape.push_back(file.shape()[axis]);
  }
  return shape;
}

int64_t elementCount(const rt::Shape &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

/// Row `index` of a stacked tensor, as one sample of `shape`.
rt::Tensor row(const rt::Tensor &stacked, size_t index, const rt::Shape &shape) {
  rt::Tensor contiguous = stacked.contiguous();
  rt::Tensor sample = rt::Tensor::uninitialized(contiguous.dtype(), shape);
  size_t bytes = sample.byteSize();
  std::memcpy(sample.rawData(), static_cast<const char *>(contiguous.rawData()) + index * bytes,
              bytes);
  return sample;
}

/// The values of a float tensor as contiguous float32 (no copy when they
/// already are).
rt::Tensor asFloat32(const rt::Tensor &tensor) {
  rt::Tensor values =
      tensor.dtype() == rt::DType::Float32 ? tensor : rt::castTensor(tensor, rt::DType::Float32);
  return values.isContiguous() ? values : values.contiguous();
}

/// Pass 1: extremes and counts. Plain loops over floats: this runs on
/// every activation element of every sample.
void addExtremes(TensorStatistics &stats, const float *data, int64_t size) {
  for (int64_t i = 0; i < size; ++i) {
    float x = data[i];
    if (!std::isfinite(x)) {
      ++stats.nonFinite;
      continue;
    }
    if (stats.count == 0 || x < stats.min)
      stats.min = x;
    if (stats.count == 0 || x > stats.max)
      stats.max = x;
    ++stats.count;
  }
}

/// Pass 2: both histograms, bins fixed by pass 1.
void addToHistograms(TensorStatistics &stats, const float *data, int64_t size) {
  for (int64_t i = 0; i < size; ++i) {
    float x = data[i];
    if (!std::isfinite(x))
      continue;
    stats.values.add(x);
    stats.magnitudes.add(std::fabs(x));
  }
}
} // namespace

std::string calibrationInputFile(const std::string &directory, size_t index,
                                 const std::string &name) {
  fs::path pb = fs::path(directory) / ("input_" + std::to_string(index) + ".pb");
  if (fs::is_regular_file(pb))
    return pb.string();
  fs::path npy = fs::path(directory) / (name + ".npy");
  return fs::is_regular_file(npy) ? npy.string() : "";
}

CalibrationSet::CalibrationSet(const std::string &directory, const rt::Model &model)
    : directory(directory), model(model) {
  if (!fs::is_directory(directory))
    rt::fail(directory, ": not a directory of calibration samples");
  std::vector<std::string> subdirectories;
  for (const fs::directory_entry &entry : fs::directory_iterator(directory))
    if (entry.is_directory())
      subdirectories.push_back(entry.path().string());
  std::sort(subdirectories.begin(), subdirectories.end());
  if (!subdirectories.empty())
    openSampleDirectories(subdirectories);
  else
    openStackedFiles();
}

void CalibrationSet::openSampleDirectories(const std::vector<std::string> &subdirectories) {
  const rt::Graph &graph = model.graph();
  for (const std::string &sample : subdirectories)
    for (size_t i = 0; i < graph.inputInfos.size(); ++i)
      if (calibrationInputFile(sample, i, graph.inputInfos[i].name).empty())
        rt::fail(sample, ": no input_", i, ".pb or ", graph.inputInfos[i].name,
                 ".npy for input '", graph.inputInfos[i].name, "'");
  sampleDirectories = subdirectories;
  sampleCount = subdirectories.size();
}

void CalibrationSet::openStackedFiles() {
  const rt::Graph &graph = model.graph();
  std::set<size_t> counts;
  for (size_t i = 0; i < graph.inputInfos.size(); ++i) {
    const rt::ValueInfo &info = graph.inputInfos[i];
    std::string file = calibrationInputFile(directory, i, info.name);
    if (file.empty())
      rt::fail(directory, ": no input_", i, ".pb or ", info.name, ".npy for input '",
               info.name, "' (and no sample subdirectories)");
    rt::Tensor tensor = rt::readTensorFile(file);
    rt::Shape shape = sampleShape(info, tensor, file);
    int64_t perSample = elementCount(shape);
    if (perSample == 0 || tensor.numElements() % perSample != 0)
      rt::fail(file, ": ", tensor.numElements(), " values are not a whole number of samples of ",
               perSample, " values for input '", info.name, "'");
    if (tensor.dtype() != static_cast<rt::DType>(info.elemType))
      rt::fail(file, ": element type ", rt::dtypeName(tensor.dtype()), ", expected ",
               rt::dtypeName(static_cast<rt::DType>(info.elemType)), " for input '",
               info.name, "'");
    counts.insert(size_t(tensor.numElements() / perSample));
    stacked[info.name] = std::move(tensor);
    sampleShapes[info.name] = std::move(shape);
  }
  if (counts.size() > 1)
    rt::fail(directory, ": the inputs' files hold different numbers of samples");
  sampleCount = counts.empty() ? 0 : *counts.begin();
}

std::map<std::string, rt::Tensor> CalibrationSet::sample(size_t index) const {
  const rt::Graph &graph = model.graph();
  std::map<std::string, rt::Tensor> inputs;
  for (size_t i = 0; i < graph.inputInfos.size(); ++i) {
    const rt::ValueInfo &info = graph.inputInfos[i];
    if (sampleDirectories.empty())
      inputs[info.name] = row(stacked.at(info.name), index, sampleShapes.at(info.name));
    else
      inputs[info.name] =
          rt::readTensorFile(calibrationInputFile(sampleDirectories[index], i, info.name));
  }
  return inputs;
}

Calibration calibrate(const rt::Model &model, const CalibrationSet &data, size_t count,
                      int threads, const CalibrationProgress &progress) {
  size_t samples = count == 0 ? data.size() : std::min(count, data.size());
  std::set<std::string> weights;
  for (const auto &[id, tensor] : model.graph().initializers)
    weights.insert(model.graph().valueNames[size_t(id)]);
  Calibration result;
  result.samples = samples;
  rt::Interpreter interpreter(model, threads);
  auto runPass = [&](int pass) {
    rt::RunOptions options;
    options.observeTensor = [&](const std::string &name, const rt::Tensor &value) {
      if (!rt::isFloatingPoint(value.dtype()) || weights.count(name))
        return;
      rt::Tensor values = asFloat32(value);
      TensorStatistics &stats = result.tensors[name];
      if (pass == 1)
        addExtremes(stats, values.data<float>(), values.numElements());
      else
        addToHistograms(stats, values.data<float>(), values.numElements());
    };
    for (size_t index = 0; index < samples; ++index) {
      interpreter.run(data.sample(index), options);
      if (progress)
        progress(pass, index + 1, samples);
    }
  };
  runPass(1);
  for (auto &[name, stats] : result.tensors)
    stats.prepareHistograms();
  runPass(2);
  return result;
}

} // namespace hwc::quant
