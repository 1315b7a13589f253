//===- Calibration.h - Per-tensor statistics from sample inputs -*- C++ -*-===//
//
// Runs the reference runtime on a calibration set and collects, for every
// floating-point activation (graph inputs and node outputs, subgraphs
// included), the statistics range selection needs (RangeSelection.h).
//
// A calibration set is a directory holding either
//   * one subdirectory per sample (sorted by name), each with input_N.pb
//     (ONNX test-data layout) or NAME.npy per model input; or
//   * per model input one input_N.pb or NAME.npy whose first dimension
//     counts the samples: sample i is row i, reshaped to the input's
//     declared shape (a file with exactly the input's shape is one sample).
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_CALIBRATION_H
#define HWC_COMPILER_QUANTIZE_CALIBRATION_H

#include "compiler/quantize/RangeSelection.h"

#include "runtime/graph/Model.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hwc::quant {

/// The file of input `index` (named `name`) in one sample directory:
/// input_N.pb, else NAME.npy, else "".
std::string calibrationInputFile(const std::string &directory, size_t index,
                                 const std::string &name);

class CalibrationSet {
public:
  /// Opens `directory` for `model`; throws rt::Error naming the directory
  /// and the input when a file is missing or does not fit the input.
  CalibrationSet(const std::string &directory, const rt::Model &model);

  size_t size() const { return sampleCount; }
  /// The inputs of sample `index`, by input name.
  std::map<std::string, rt::Tensor> sample(size_t index) const;

private:
  void openSampleDirectories(const std::vector<std::string> &subdirectories);
  void openStackedFiles();

  std::string directory;
  const rt::Model &model;
  size_t sampleCount = 0;
  /// One directory per sample, or empty when samples are stacked.
  std::vector<std::string> sampleDirectories;
  /// Stacked form: per input, all samples in one tensor, and the shape of
  /// one sample (dynamic dims after the first resolved from the file).
  std::map<std::string, rt::Tensor> stacked;
  std::map<std::string, rt::Shape> sampleShapes;
};

/// Called after each sample of each pass (pass 1 or 2, samples done, total).
using CalibrationProgress = std::function<void(int pass, size_t done, size_t total)>;

struct Calibration {
  /// Per tensor name, in name order (so plans are written deterministically).
  std::map<std::string, TensorStatistics> tensors;
  size_t samples = 0;
};

/// Runs the first `count` samples (all when `count` is 0) twice: once for
/// min/max, once for histograms.
Calibration calibrate(const rt::Model &model, const CalibrationSet &data, size_t count,
                      int threads, const CalibrationProgress &progress);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_CALIBRATION_H
