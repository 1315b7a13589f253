//===- Agreement.h - Student vs teacher on evaluation data ------*- C++ -*-===//
//
// The fp32 model is the teacher; the same model run with a quantization
// plan (fake quantization in the runtime) is the student. Agreement is
// measured on each model output over an evaluation set: top-1 agreement
// (for outputs with a class axis), SQNR and cosine similarity of the
// student's values against the teacher's.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_AGREEMENT_H
#define HWC_COMPILER_QUANTIZE_AGREEMENT_H

#include "compiler/quantize/Calibration.h"

#include "runtime/interpreter/QuantizationPlan.h"

#include <string>
#include <vector>

namespace hwc::quant {

struct OutputAgreement {
  std::string name;
  /// Samples whose arg-max over the last axis is the same (rows of a
  /// [batch, classes] output count one by one).
  size_t top1Agreeing = 0, top1Total = 0;
  /// SQNR over all samples together: 10 log10(sum t^2 / sum (t - s)^2).
  double sqnrDb = 0;
  /// Lowest per-sample cosine similarity.
  double minCosine = 1;

  double top1Agreement() const {
    return top1Total ? double(top1Agreeing) / double(top1Total) : 1.0;
  }
};

struct Agreement {
  size_t samples = 0;
  std::vector<OutputAgreement> outputs;
};

/// Runs teacher and student on the first `count` samples (all when 0).
Agreement measureAgreement(const rt::Model &model, const rt::QuantizationPlan &plan,
                           const CalibrationSet &data, size_t count, int threads);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_AGREEMENT_H
