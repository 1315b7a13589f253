//===- Gemm.cpp - Blocked single-precision matrix multiply ----------------===//
//
// Packing layout: A blocks as MR-row strips ([k][MR] per strip), B panels as
// NR-column strips ([k][NR] per strip), zero-padded at the edges so the
// micro-kernel always computes a full MR x NR tile; partial tiles are
// written back through a small buffer.
//
//===----------------------------------------------------------------------===//

#include "runtime/kernels/Sgemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace hwc::rt {
namespace {

constexpr int64_t MR = 6, NR = 16;
constexpr int64_t KC = 256;  // depth of a packed block (fits L1 with a strip)
constexpr int64_t NC = 1024; // columns of a packed B panel (L2/L3)

using MicroKernel = void (*)(int64_t kc, const float *a, const float *b,
                             float *acc);

/// acc[MR][NR] = sum_p a[p][MR] (x) b[p][NR]; portable, auto-vectorised.
void microKernelPortable(int64_t kc, const float *a, const float *b,
                         float *acc) {
  float sum[MR][NR] = {};
  for (int64_t p = 0; p < kc; ++p, a += MR, b += NR)
    for (int64_t i = 0; i < MR; ++i)
      for (int64_t j = 0; j < NR; ++j)
        sum[i][j] += a[i] * b[j];
  std::memcpy(acc, sum, sizeof(sum));
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) void
microKernelAvx2(int64_t kc, const float *a, const float *b, float *acc) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int64_t p = 0; p < kc; ++p, a += MR, b += NR) {
    __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
    __m256 x = _mm256_broadcast_ss(a);
    c00 = _mm256_fmadd_ps(x, b0, c00);
    c01 = _mm256_fmadd_ps(x, b1, c01);
    x = _mm256_broadcast_ss(a + 1);
    c10 = _mm256_fmadd_ps(x, b0, c10);
    c11 = _mm256_fmadd_ps(x, b1, c11);
    x = _mm256_broadcast_ss(a + 2);
    c20 = _mm256_fmadd_ps(x, b0, c20);
    c21 = _mm256_fmadd_ps(x, b1, c21);
    x = _mm256_broadcast_ss(a + 3);
    c30 = _mm256_fmadd_ps(x, b0, c30);
    c31 = _mm256_fmadd_ps(x, b1, c31);
    x = _mm256_broadcast_ss(a + 4);
    c40 = _mm256_fmadd_ps(x, b0, c40);
    c41 = _mm256_fmadd_ps(x, b1, c41);
    x = _mm256_broadcast_ss(a + 5);
    c50 = _mm256_fmadd_ps(x, b0, c50);
    c51 = _mm256_fmadd_ps(x, b1, c51);
  }
  _mm256_storeu_ps(acc + 0, c00);
  _mm256_storeu_ps(acc + 8, c01);
  _mm256_storeu_ps(acc + 16, c10);
  _mm256_storeu_ps(acc + 24, c11);
  _mm256_storeu_ps(acc + 32, c20);
  _mm256_storeu_ps(acc + 40, c21);
  _mm256_storeu_ps(acc + 48, c30);
  _mm256_storeu_ps(acc + 56, c31);
  _mm256_storeu_ps(acc + 64, c40);
  _mm256_storeu_ps(acc + 72, c41);
  _mm256_storeu_ps(acc + 80, c50);
  _mm256_storeu_ps(acc + 88, c51);
}
#endif

#if defined(__x86_64__)
/// Writes a full 6x16 accumulator tile into C: c = acc + beta * c.
__attribute__((target("avx2,fma"))) void storeFullTileAvx2(const float *acc,
                                                           float *c, int64_t ldc,
                                                           float beta) {
  __m256 vb = _mm256_set1_ps(beta);
  for (int i = 0; i < MR; ++i, c += ldc, acc += NR) {
    __m256 lo = _mm256_loadu_ps(acc), hi = _mm256_loadu_ps(acc + 8);
    if (beta != 0.f) {
      lo = _mm256_fmadd_ps(vb, _mm256_loadu_ps(c), lo);
      hi = _mm256_fmadd_ps(vb, _mm256_loadu_ps(c + 8), hi);
    }
    _mm256_storeu_ps(c, lo);
    _mm256_storeu_ps(c + 8, hi);
  }
}
#endif

MicroKernel chooseMicroKernel() {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return microKernelAvx2;
#endif
  return microKernelPortable;
}

const MicroKernel kMicroKernel = chooseMicroKernel();

/// Element (i, p) of op(A).
inline float elementA(const float *a, int64_t lda, bool trans, int64_t i,
                      int64_t p) {
  return trans ? a[p * lda + i] : a[i * lda + p];
}

/// Element (p, j) of op(B).
inline float elementB(const float *b, int64_t ldb, bool trans, int64_t p,
                      int64_t j) {
  return trans ? b[j * ldb + p] : b[p * ldb + j];
}

void packAStrip(const GemmShape &s, const float *a, int64_t row0, int64_t p0,
                int64_t kc, float *out) {
  int64_t rows = std::min(MR, s.m - row0);
  if (!s.transA && rows == MR) {
    // Read each row sequentially; the strided writes stay within L1.
    for (int64_t i = 0; i < MR; ++i) {
      const float *src = a + (row0 + i) * s.lda + p0;
      for (int64_t p = 0; p < kc; ++p)
        out[p * MR + i] = src[p];
    }
    return;
  }
  for (int64_t p = 0; p < kc; ++p) {
    for (int64_t i = 0; i < rows; ++i)
      out[p * MR + i] = elementA(a, s.lda, s.transA, row0 + i, p0 + p);
    for (int64_t i = rows; i < MR; ++i)
      out[p * MR + i] = 0.f;
  }
}

void packBStrip(const GemmShape &s, const float *b, int64_t p0, int64_t kc,
                int64_t col0, float *out) {
  int64_t cols = std::min(NR, s.n - col0);
  for (int64_t p = 0; p < kc; ++p) {
    float *dst = out + p * NR;
    if (!s.transB && cols == NR) {
      std::memcpy(dst, b + (p0 + p) * s.ldb + col0, NR * sizeof(float));
      continue;
    }
    for (int64_t j = 0; j < cols; ++j)
      dst[j] = elementB(b, s.ldb, s.transB, p0 + p, col0 + j);
    for (int64_t j = cols; j < NR; ++j)
      dst[j] = 0.f;
  }
}

/// Writes one MR x NR accumulator tile into C.
void storeTile(const float *acc, float *c, int64_t ldc, int64_t rows,
               int64_t cols, float alpha, float beta) {
  for (int64_t i = 0; i < rows; ++i) {
    float *row = c + i * ldc;
    const float *src = acc + i * NR;
    if (beta == 0.f)
      for (int64_t j = 0; j < cols; ++j)
        row[j] = alpha * src[j];
    else if (beta == 1.f)
      for (int64_t j = 0; j < cols; ++j)
        row[j] += alpha * src[j];
    else
      for (int64_t j = 0; j < cols; ++j)
        row[j] = alpha * src[j] + beta * row[j];
  }
}

/// A per-thread packing buffer that only grows: fresh multi-megabyte
/// allocations on every call would each pay for page faults.
struct AlignedFloats {
  AlignedFloats(std::vector<float> &storage, size_t n) {
    if (storage.size() < n + 16)
      storage.resize(n + 16);
    uintptr_t p = reinterpret_cast<uintptr_t>(storage.data());
    data = reinterpret_cast<float *>((p + 63) & ~uintptr_t(63));
  }
  float *data;
};

thread_local std::vector<float> packedAStorage, packedBStorage;

} // namespace

const char *sgemmKernelName() {
  return kMicroKernel == microKernelPortable ? "portable" : "avx2-fma";
}

namespace {

/// One thread's Goto loop over the whole of `s`.
void sgemmSerial(const GemmShape &s, float alpha, const float *a,
                 const float *b, float beta, float *c) {
  int64_t mStrips = (s.m + MR - 1) / MR;
  AlignedFloats packedA(packedAStorage, size_t(mStrips * MR * KC));
  AlignedFloats packedB(packedBStorage,
                        size_t(std::min(NC, (s.n + NR - 1) / NR * NR) * KC));
  alignas(64) float acc[MR * NR];
  for (int64_t p0 = 0; p0 < s.k; p0 += KC) {
    int64_t kc = std::min(KC, s.k - p0);
    float blockBeta = p0 == 0 ? beta : 1.f;
    for (int64_t strip = 0; strip < mStrips; ++strip)
      packAStrip(s, a, strip * MR, p0, kc, packedA.data + strip * MR * kc);
    for (int64_t n0 = 0; n0 < s.n; n0 += NC) {
      int64_t nc = std::min(NC, s.n - n0);
      for (int64_t strip = 0; strip * NR < nc; ++strip)
        packBStrip(s, b, p0, kc, n0 + strip * NR, packedB.data + strip * NR * kc);
      // Column strips outermost so a B strip stays in L1 across A strips.
      for (int64_t col = 0; col < nc; col += NR) {
        const float *bStrip = packedB.data + (col / NR) * NR * kc;
        for (int64_t row = 0; row < s.m; row += MR) {
          const float *aStrip = packedA.data + (row / MR) * MR * kc;
          float *cTile = c + row * s.ldc + n0 + col;
#if defined(__x86_64__)
          if (kMicroKernel == microKernelAvx2 && alpha == 1.f &&
              row + MR <= s.m && col + NR <= nc) {
            microKernelAvx2(kc, aStrip, bStrip, acc);
            storeFullTileAvx2(acc, cTile, s.ldc, blockBeta);
            continue;
          }
#endif
          kMicroKernel(kc, aStrip, bStrip, acc);
          storeTile(acc, cTile, s.ldc, std::min(MR, s.m - row),
                    std::min(NR, nc - col), alpha, blockBeta);
        }
      }
    }
  }
}

/// The sub-problem of rows [row0, row0 + rows) and columns [col0, col0 + cols).
void sgemmBlock(const GemmShape &s, float alpha, const float *a, const float *b,
                float beta, float *c, int64_t row0, int64_t rows, int64_t col0,
                int64_t cols) {
  GemmShape part = s;
  part.m = rows;
  part.n = cols;
  const float *pa = s.transA ? a + row0 : a + row0 * s.lda;
  const float *pb = s.transB ? b + col0 * s.ldb : b + col0;
  sgemmSerial(part, alpha, pa, pb, beta, c + row0 * s.ldc + col0);
}

} // namespace

void sgemm(const GemmShape &s, float alpha, const float *a, const float *b,
           float beta, float *c, ThreadPool *pool) {
  if (s.m <= 0 || s.n <= 0)
    return;
  if (s.k <= 0) {
    for (int64_t i = 0; i < s.m; ++i)
      for (int64_t j = 0; j < s.n; ++j)
        c[i * s.ldc + j] = beta == 0.f ? 0.f : beta * c[i * s.ldc + j];
    return;
  }
  int threads = pool ? pool->threadCount() : 1;
  double flops = 2.0 * double(s.m) * double(s.n) * double(s.k);
  if (threads == 1 || flops < 4e6) {
    sgemmSerial(s, alpha, a, b, beta, c);
    return;
  }
  // One coarse block per thread along the longer side: each thread packs its
  // own operands, and the pool is woken once per call.
  bool splitColumns = s.n >= s.m;
  int64_t unit = splitColumns ? NR : MR;
  int64_t extent = splitColumns ? s.n : s.m;
  int64_t units = (extent + unit - 1) / unit;
  int64_t parts = std::min<int64_t>(threads, units);
  pool->parallelFor(parts, 1, [&](int64_t begin, int64_t end) {
    for (int64_t part = begin; part < end; ++part) {
      int64_t first = units * part / parts * unit;
      int64_t last = std::min(extent, units * (part + 1) / parts * unit);
      if (splitColumns)
        sgemmBlock(s, alpha, a, b, beta, c, 0, s.m, first, last - first);
      else
        sgemmBlock(s, alpha, a, b, beta, c, first, last - first, 0, s.n);
    }
  });
}

} // namespace hwc::rt
