//===- Metrics.h - Numerical parity between two tensors ---------*- C++ -*-===//
//
// How close an output is to its reference, in the measures the parity
// literature uses: elementwise allclose (|a - r| <= atol + rtol * |r|, as
// NumPy and the ONNX backend tests) with the mismatch count and the smallest
// atol/rtol that would have passed (Polygraphy's "minimum required
// tolerance"), max absolute/relative error, cosine similarity, SQNR and
// NMSE, top-1/top-5 agreement for classifier outputs and, for integer
// outputs, the error in quantization steps (LSB).
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_PARITY_METRICS_H
#define HWC_RUNTIME_PARITY_METRICS_H

#include "runtime/core/Tensor.h"

#include <optional>
#include <string>

namespace hwc::rt {

struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-7;
};

struct ParityMetrics {
  bool shapeMatches = true;
  bool dtypeMatches = true;
  int64_t count = 0;
  int64_t mismatches = 0;
  double maxAbsError = 0;
  double maxRelError = 0;
  /// Smallest atol that passes with the given rtol, and vice versa.
  double requiredAtol = 0;
  double requiredRtol = 0;
  double cosine = 1;
  double sqnrDb = 0; // +inf when identical
  double nmse = 0;
  /// Rows of a [batch, classes] output whose argmax agrees / whose reference
  /// argmax is in the actual top 5 (fractions), when the output looks like
  /// class scores.
  std::optional<double> top1Agreement, top5Agreement;
  /// For integer outputs: the largest difference in quantization steps.
  std::optional<int64_t> maxLsbError;

  bool passed() const {
    return shapeMatches && dtypeMatches && mismatches == 0;
  }
};

/// Compares `actual` against `reference`. NaNs match NaNs; infinities match
/// infinities of the same sign.
ParityMetrics compareTensors(const Tensor &actual, const Tensor &reference,
                             const Tolerance &tolerance);

/// The axis an output's class scores lie along, if it looks like it has
/// one: the only non-batch axis longer than 1 ([N, C], [N, C, 1, 1]); the
/// channel axis of an [N, C, H, W] per-pixel classifier (C > 1); the last
/// axis of a rank-2 or rank-3 output ([N, C], [N, T, C]). Masks and images
/// ([N, 1, H, W]) have none.
std::optional<int64_t> classAxis(const Shape &shape);

/// One line: "PASS max_abs=... max_rel=... mismatches=0/N cos=... sqnr=...".
std::string formatMetrics(const ParityMetrics &metrics,
                          const Tolerance &tolerance);

} // namespace hwc::rt

#endif // HWC_RUNTIME_PARITY_METRICS_H
