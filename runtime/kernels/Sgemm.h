//===- Sgemm.h - Blocked single-precision matrix multiply -------*- C++ -*-===//
//
// C = alpha * op(A) * op(B) + beta * C for row-major float matrices, the
// inner loop of MatMul, Gemm, Conv and ConvTranspose. Goto-style blocking:
// B panels and A blocks are packed into strips, a 6x16 micro-kernel does the
// arithmetic (AVX2+FMA when the CPU has it, chosen at run time; a portable
// kernel otherwise). With a pool, the output is cut into one coarse block per
// thread along its longer side; each block runs the serial loop.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_KERNELS_SGEMM_H
#define HWC_RUNTIME_KERNELS_SGEMM_H

#include "runtime/core/ThreadPool.h"

#include <cstdint>

namespace hwc::rt {

struct GemmShape {
  int64_t m, n, k;
  bool transA = false, transB = false;
  int64_t lda, ldb, ldc;
};

/// beta == 0 never reads C (so it may hold garbage or NaN).
void sgemm(const GemmShape &shape, float alpha, const float *a, const float *b,
           float beta, float *c, ThreadPool *pool);

/// Name of the micro-kernel chosen for this CPU ("avx2-fma" or "portable").
const char *sgemmKernelName();

} // namespace hwc::rt

#endif // HWC_RUNTIME_KERNELS_SGEMM_H
