//===- ScaleSimModel.cpp - SCALE-Sim v2's analytical cycle model -----------===//

#include "runtime/sim/systolic/ScaleSimModel.h"
#include "runtime/sim/systolic/Simulator.h"

#include "runtime/core/Error.h"

#include <algorithm>

namespace hwc::rt::systolic {

namespace {


/// Average share of the R x C array that the folds of a (spatialRows x
/// spatialCols) mapping use: full folds everywhere except the last row
/// and column fold.
double mappingEfficiency(int64_t spatialRows, int64_t spatialCols, int64_t rows,
                         int64_t cols) {
  int64_t rowFolds = ceilDiv(spatialRows, rows), colFolds = ceilDiv(spatialCols, cols);
  double used = 0;
  for (int64_t r = 0; r < rowFolds; ++r) {
    int64_t usedRows = std::min(rows, spatialRows - r * rows);
    for (int64_t c = 0; c < colFolds; ++c)
      used += double(usedRows) * double(std::min(cols, spatialCols - c * cols));
  }
  return used / (double(rowFolds * colFolds) * double(rows * cols));
}

} // namespace

const char *dataflowName(Dataflow dataflow) {
  switch (dataflow) {
  case Dataflow::WeightStationary:
    return "ws";
  case Dataflow::OutputStationary:
    return "os";
  case Dataflow::InputStationary:
    return "is";
  }
  return "?";
}

Dataflow parseDataflow(const std::string &name) {
  if (name == "ws")
    return Dataflow::WeightStationary;
  if (name == "os")
    return Dataflow::OutputStationary;
  if (name == "is")
    return Dataflow::InputStationary;
  fail("dataflow must be ws, os or is, got '", name, "'");
}

ScaleSimLayer scaleSimLayer(const GemmDims &gemm, int64_t rows, int64_t cols,
                            Dataflow dataflow) {
  if (rows <= 0 || cols <= 0 || gemm.m <= 0 || gemm.k <= 0 || gemm.n <= 0)
    fail("SCALE-Sim model needs positive array and GEMM sizes");
  // What sits on the array's rows and columns, and what streams through.
  int64_t spatialRows = gemm.k, spatialCols = gemm.n, streamed = gemm.m;
  if (dataflow == Dataflow::OutputStationary) {
    spatialRows = gemm.m;
    streamed = gemm.k;
  } else if (dataflow == Dataflow::InputStationary) {
    spatialCols = gemm.m;
    streamed = gemm.n;
  }
  ScaleSimLayer layer;
  layer.folds = ceilDiv(spatialRows, rows) * ceilDiv(spatialCols, cols);
  layer.cyclesPerFold = dataflow == Dataflow::OutputStationary
                            ? streamed + rows + cols - 2
                            : 2 * rows + cols + streamed - 2;
  layer.cycles = layer.folds * layer.cyclesPerFold - 1;
  layer.mappingEfficiency = mappingEfficiency(spatialRows, spatialCols, rows, cols);
  layer.utilization =
      double(gemm.macs()) / (double(layer.cycles) * double(rows) * double(cols));
  return layer;
}

GemmDims scaleSimConvDims(int64_t ifmapH, int64_t ifmapW, int64_t filterH, int64_t filterW,
                          int64_t channels, int64_t filters, int64_t stride) {
  if (stride <= 0 || filterH > ifmapH || filterW > ifmapW)
    fail("SCALE-Sim layer needs a stride > 0 and a filter no larger than the ifmap");
  int64_t outH = ceilDiv(ifmapH - filterH + stride, stride);
  int64_t outW = ceilDiv(ifmapW - filterW + stride, stride);
  return {outH * outW, filterH * filterW * channels, filters};
}

} // namespace hwc::rt::systolic
