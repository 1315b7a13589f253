//===- MatMul.cpp - MatMul, Gemm and Einsum -------------------------------===//
//
// MatMul broadcasts its batch dimensions numpy-style and calls sgemm once
// per batch for float32 (a plain triple loop for the other dtypes). Gemm
// handles transposes, alpha/beta and the unidirectionally broadcast C.
// Einsum is evaluated by a generic loop over all index values: it is rare in
// real models and the conformance cases are small.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Dispatch.h"
#include "runtime/core/Error.h"
#include "runtime/kernels/Kernel.h"
#include "runtime/kernels/Sgemm.h"
#include "runtime/kernels/TensorOps.h"

#include <algorithm>
#include <map>

namespace hwc::rt {
namespace {

template <typename T>
void naiveMatMul(const T *a, const T *b, T *c, int64_t m, int64_t n,
                 int64_t k) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      T sum = T(0);
      for (int64_t p = 0; p < k; ++p)
        sum = T(sum + a[i * k + p] * b[p * n + j]);
      c[i * n + j] = sum;
    }
}

void matMulKernel(KernelContext &ctx) {
  Tensor a = ctx.input(0).contiguous(), b = ctx.input(1).contiguous();
  if (a.dtype() != b.dtype())
    fail("inputs have different dtypes ", dtypeName(a.dtype()), " and ",
         dtypeName(b.dtype()));
  if (a.rank() == 0 || b.rank() == 0)
    fail("MatMul inputs must have rank >= 1");
  // Promote vectors to matrices and remember to drop the added dims.
  bool aVector = a.rank() == 1, bVector = b.rank() == 1;
  if (aVector)
    a = a.reshaped({1, a.dim(0)});
  if (bVector)
    b = b.reshaped({b.dim(0), 1});
  int64_t m = a.dim(a.rank() - 2), k = a.dim(a.rank() - 1);
  int64_t n = b.dim(b.rank() - 1);
  if (b.dim(b.rank() - 2) != k)
    fail("inner dimensions differ: ", formatShape(ctx.input(0).shape()), " x ",
         formatShape(ctx.input(1).shape()));
  Shape aBatch(a.shape().begin(), a.shape().end() - 2);
  Shape bBatch(b.shape().begin(), b.shape().end() - 2);
  Shape batch = broadcastShapes(aBatch, bBatch);
  Shape outShape = batch;
  outShape.push_back(m);
  outShape.push_back(n);
  Tensor out(a.dtype(), outShape);
  int64_t batches = elementCount(batch);
  std::vector<int64_t> aStrides = broadcastStrides(aBatch, batch);
  std::vector<int64_t> bStrides = broadcastStrides(bBatch, batch);
  visitNumeric(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    for (int64_t i = 0; i < batches; ++i) {
      int64_t aIndex = 0, bIndex = 0, rest = i;
      for (int64_t d = int64_t(batch.size()) - 1; d >= 0; --d) {
        int64_t idx = rest % batch[size_t(d)];
        rest /= batch[size_t(d)];
        aIndex += idx * aStrides[size_t(d)];
        bIndex += idx * bStrides[size_t(d)];
      }
      const T *pa = a.data<T>() + aIndex * m * k;
      const T *pb = b.data<T>() + bIndex * k * n;
      T *pc = out.data<T>() + i * m * n;
      if constexpr (std::is_same_v<T, float>)
        sgemm({m, n, k, false, false, k, n, n}, 1.f, pa, pb, 0.f, pc,
              &ctx.pool);
      else
        naiveMatMul(pa, pb, pc, m, n, k);
    }
  });
  Shape finalShape = outShape;
  if (bVector)
    finalShape.erase(finalShape.end() - 1);
  if (aVector)
    finalShape.erase(finalShape.end() - (bVector ? 1 : 2));
  ctx.setOutput(0, out.reshaped(finalShape));
}

void gemmKernel(KernelContext &ctx) {
  Tensor a = ctx.input(0).contiguous(), b = ctx.input(1).contiguous();
  if (a.rank() != 2 || b.rank() != 2)
    fail("A and B must be matrices, got ", formatShape(a.shape()), " and ",
         formatShape(b.shape()));
  bool transA = ctx.attrs.getInt("transA", 0) != 0;
  bool transB = ctx.attrs.getInt("transB", 0) != 0;
  float alpha = ctx.attrs.getFloat("alpha", 1.f);
  float beta = ctx.attrs.getFloat("beta", 1.f);
  int64_t m = transA ? a.dim(1) : a.dim(0), k = transA ? a.dim(0) : a.dim(1);
  int64_t kb = transB ? b.dim(1) : b.dim(0), n = transB ? b.dim(0) : b.dim(1);
  if (k != kb)
    fail("inner dimensions differ: A is ", formatShape(a.shape()),
         (transA ? " (transposed)" : ""), ", B is ", formatShape(b.shape()),
         (transB ? " (transposed)" : ""));
  Tensor out(a.dtype(), {m, n});
  bool hasC = ctx.hasInput(2) && beta != 0.f;
  if (hasC) {
    Tensor c = ctx.input(2);
    Shape cShape = broadcastShapes(c.shape(), {m, n});
    if (cShape != Shape{m, n})
      fail("C of shape ", formatShape(c.shape()), " does not broadcast to ",
           m, "x", n);
    out = castTensor(c, a.dtype());
    Tensor full(a.dtype(), {m, n});
    std::vector<int64_t> strides = broadcastStrides(out.shape(), {m, n});
    size_t elem = dtypeSize(a.dtype());
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        std::memcpy(static_cast<char *>(full.rawData()) + size_t(i * n + j) * elem,
                    static_cast<const char *>(out.rawData()) +
                        size_t(i * strides[0] + j * strides[1]) * elem,
                    elem);
    out = full;
  }
  visitNumeric(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, float>) {
      sgemm({m, n, k, transA, transB, a.dim(1), b.dim(1), n}, alpha,
            a.data<float>(), b.data<float>(), hasC ? beta : 0.f,
            out.data<float>(), &ctx.pool);
    } else {
      const T *pa = a.data<T>(), *pb = b.data<T>();
      T *pc = out.data<T>();
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
          double sum = 0;
          for (int64_t p = 0; p < k; ++p)
            sum += double(transA ? pa[p * m + i] : pa[i * k + p]) *
                   double(transB ? pb[j * k + p] : pb[p * n + j]);
          double base = hasC ? double(beta) * double(pc[i * n + j]) : 0.0;
          pc[i * n + j] = convertValue<T>(double(alpha) * sum + base);
        }
    }
  });
  ctx.setOutput(0, out);
}

//===----------------------------------------------------------------------===//
// Einsum
//===----------------------------------------------------------------------===//

/// Parses "ij,jk->ik" (ellipsis supported) into per-operand letter lists.
struct EinsumSpec {
  std::vector<std::string> operands;
  std::string output;
};

EinsumSpec parseEinsum(std::string equation, const std::vector<Tensor> &inputs) {
  equation.erase(std::remove(equation.begin(), equation.end(), ' '),
                 equation.end());
  EinsumSpec spec;
  size_t arrow = equation.find("->");
  std::string lhs = equation.substr(0, arrow);
  size_t start = 0;
  while (true) {
    size_t comma = lhs.find(',', start);
    spec.operands.push_back(lhs.substr(start, comma - start));
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  if (spec.operands.size() != inputs.size())
    fail("equation '", equation, "' has ", spec.operands.size(),
         " operands but the node has ", inputs.size(), " inputs");
  // Expand "..." into upper-case letters (equations use lower case).
  size_t ellipsisRank = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string &op = spec.operands[i];
    size_t at = op.find("...");
    if (at == std::string::npos)
      continue;
    size_t rank = size_t(inputs[i].rank()) - (op.size() - 3);
    ellipsisRank = std::max(ellipsisRank, rank);
    std::string letters;
    for (size_t d = 0; d < rank; ++d)
      letters += char('Z' - (rank - 1 - d));
    op.replace(at, 3, letters);
  }
  if (arrow != std::string::npos) {
    spec.output = equation.substr(arrow + 2);
    size_t at = spec.output.find("...");
    if (at != std::string::npos) {
      std::string letters;
      for (size_t d = 0; d < ellipsisRank; ++d)
        letters += char('Z' - (ellipsisRank - 1 - d));
      spec.output.replace(at, 3, letters);
    }
  } else {
    // Implicit output: ellipsis dims, then letters appearing once, sorted.
    std::map<char, int> counts;
    for (const std::string &op : spec.operands)
      for (char c : op)
        ++counts[c];
    for (size_t d = 0; d < ellipsisRank; ++d)
      spec.output += char('Z' - (ellipsisRank - 1 - d));
    for (auto [c, n] : counts)
      if (n == 1 && c >= 'a')
        spec.output += c;
  }
  return spec;
}

void einsumKernel(KernelContext &ctx) {
  std::vector<Tensor> inputs;
  for (size_t i = 0; i < ctx.inputCount(); ++i)
    inputs.push_back(ctx.input(i).contiguous());
  EinsumSpec spec = parseEinsum(ctx.attrs.getString("equation", ""), inputs);
  std::map<char, int64_t> sizes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (spec.operands[i].size() != size_t(inputs[i].rank()))
      fail("operand ", i, " has rank ", inputs[i].rank(), " but the equation "
           "names ", spec.operands[i].size(), " indices");
    for (size_t d = 0; d < spec.operands[i].size(); ++d) {
      char c = spec.operands[i][d];
      int64_t size = inputs[i].dim(int64_t(d));
      auto [it, inserted] = sizes.emplace(c, size);
      if (!inserted && it->second != size) {
        if (it->second == 1)
          it->second = size;
        else if (size != 1)
          fail("index '", c, "' has sizes ", it->second, " and ", size);
      }
    }
  }
  std::string letters;
  for (auto &entry : sizes)
    letters += entry.first;
  Shape outShape;
  for (char c : spec.output)
    outShape.push_back(sizes[c]);
  DType type = inputs[0].dtype();
  Tensor out(type, outShape);
  visitNumeric(type, [&](auto tag) {
    using T = decltype(tag);
    size_t n = letters.size();
    std::vector<int64_t> index(n, 0), limits(n);
    for (size_t l = 0; l < n; ++l)
      limits[l] = sizes[letters[l]];
    auto position = [&](char c) { return letters.find(c); };
    std::vector<std::vector<std::pair<size_t, int64_t>>> operandStrides;
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::vector<std::pair<size_t, int64_t>> s;
      for (size_t d = 0; d < spec.operands[i].size(); ++d)
        s.emplace_back(position(spec.operands[i][d]),
                       inputs[i].dim(int64_t(d)) == 1 ? 0
                                                      : inputs[i].strides()[d]);
      operandStrides.push_back(s);
    }
    std::vector<std::pair<size_t, int64_t>> outStrides;
    std::vector<int64_t> os = contiguousStrides(outShape);
    for (size_t d = 0; d < spec.output.size(); ++d)
      outStrides.emplace_back(position(spec.output[d]), os[d]);
    int64_t total = 1;
    for (int64_t l : limits)
      total *= l;
    T *dst = out.data<T>();
    for (int64_t it = 0; it < total; ++it) {
      T product = T(1);
      for (size_t i = 0; i < inputs.size(); ++i) {
        int64_t offset = 0;
        for (auto [l, stride] : operandStrides[i])
          offset += index[l] * stride;
        product = T(product * inputs[i].data<T>()[offset]);
      }
      int64_t offset = 0;
      for (auto [l, stride] : outStrides)
        offset += index[l] * stride;
      dst[offset] = T(dst[offset] + product);
      for (size_t l = n; l-- > 0;) {
        if (++index[l] < limits[l])
          break;
        index[l] = 0;
      }
    }
  });
  ctx.setOutput(0, out);
}

} // namespace

void registerMatMulKernels(KernelRegistry &r) {
  addKernel(r, "MatMul", matMulKernel);
  addKernel(r, "Gemm", gemmKernel);
  addKernel(r, "Einsum", einsumKernel);
}

} // namespace hwc::rt
