//===- ScaleSimModel.h - SCALE-Sim v2's analytical cycle model --*- C++ -*-===//
//
// SCALE-Sim v2 (scalesim 2.0.2) serializes folds: a weight-stationary fold
// loads R weight rows, streams the M ifmap rows and drains the skewed
// pipeline (2R + C + M - 2 cycles); an output-stationary fold streams K
// (K + R + C - 2); input-stationary maps K x M and streams N. A layer's
// "Total Cycles" is the sum over folds minus one (the last cycle's index).
// These closed forms reproduce SCALE-Sim's CALC-mode numbers exactly
// (research/asic.md §4); tests/models/scalesim_oracle.py checks them
// against the package itself.
//
// Layers are GEMMs: M = output pixels, K = kernel h x w x input channels,
// N = filters. SCALE-Sim has no padding field and sizes outputs as
// ceil((H - Fh + s) / s); scaleSimConvDims reproduces that for a
// pre-padded input.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_SIM_SYSTOLIC_SCALESIMMODEL_H
#define HWC_RUNTIME_SIM_SYSTOLIC_SCALESIMMODEL_H

#include <cstdint>
#include <string>

namespace hwc::rt::systolic {

enum class Dataflow { WeightStationary, OutputStationary, InputStationary };

/// "ws", "os", "is"; parseDataflow throws Error for anything else.
const char *dataflowName(Dataflow dataflow);
Dataflow parseDataflow(const std::string &name);

/// A layer as a matrix product: (M x K) * (K x N).
struct GemmDims {
  int64_t m = 1, k = 1, n = 1;
  int64_t macs() const { return m * k * n; }
};

/// One layer under SCALE-Sim's model on an R x C array.
struct ScaleSimLayer {
  int64_t folds = 0;
  int64_t cyclesPerFold = 0;
  /// SCALE-Sim's "Total Cycles".
  int64_t cycles = 0;
  /// SCALE-Sim's "Mapping Efficiency %" / 100: used PEs per fold, averaged.
  double mappingEfficiency = 0;
  /// SCALE-Sim's "Overall Util %" / 100: MACs / (cycles x R x C).
  double utilization = 0;
};

ScaleSimLayer scaleSimLayer(const GemmDims &gemm, int64_t rows, int64_t cols,
                            Dataflow dataflow);

/// The GEMM SCALE-Sim derives from one row of its convolution topology
/// (ifmap already padded; one stride for both dimensions).
GemmDims scaleSimConvDims(int64_t ifmapH, int64_t ifmapW, int64_t filterH, int64_t filterW,
                          int64_t channels, int64_t filters, int64_t stride);

} // namespace hwc::rt::systolic

#endif // HWC_RUNTIME_SIM_SYSTOLIC_SCALESIMMODEL_H
