//===- BiasCorrection.h - Bias correction -----------------------*- C++ -*-===//
//
// Rounding a layer's weights shifts the mean of its outputs by
// (W - Wq) . E[x]. With folded BatchNorm the output is often a small
// difference of large terms (w * x against a bias near -E[w * x]), so a
// shift of a fraction of a weight step is a large relative error; the
// teams segmentation model loses 20 dB this way in one depthwise layer.
// Bias correction (Nagel et al. 2019, "Data-Free Quantization", §4.2;
// AIMET) moves each output channel's bias by that expected shift. E[x],
// per input channel, is measured on the student (the inputs the layer
// sees once everything before it is quantized) in one pass over the
// evaluation data. Each layer corrects only its own rounding, so
// corrections do not add up along a chain.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_BIASCORRECTION_H
#define HWC_COMPILER_QUANTIZE_BIASCORRECTION_H

#include "compiler/quantize/Agreement.h"
#include "passes/QuantPlan.h"

#include "runtime/graph/Model.h"

namespace hwc::quant {

/// Sets plan.biasCorrections for every Conv, Gemm and 2-D MatMul with an
/// integer bias and integer weights, from every sample of `teacher`, and
/// re-derives the bias entries.
void correctBiases(const rt::Model &model, QuantPlan &plan, TeacherComparison &teacher);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_BIASCORRECTION_H
