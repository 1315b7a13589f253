//===- Kernel.cpp - The kernel registry and shared helpers ----------------===//
//
// Builds the registry once from every kernel file's register function, and
// implements the axis and broadcasting helpers kernels share.
//
//===----------------------------------------------------------------------===//

#include "runtime/kernels/Kernel.h"
#include "runtime/core/Error.h"

namespace hwc::rt {

const Tensor &KernelContext::input(size_t i) const {
  if (!hasInput(i))
    fail("input ", i, " is required");
  return inputs[i];
}

void KernelContext::setOutput(size_t i, Tensor value) {
  if (i < outputs.size())
    outputs[i] = std::move(value);
}

const KernelRegistry &KernelRegistry::instance() {
  static const KernelRegistry registry = [] {
    KernelRegistry r;
    registerElementwiseKernels(r);
    registerReductionKernels(r);
    registerDataMovementKernels(r);
    registerConvolutionKernels(r);
    registerPoolingKernels(r);
    registerMatMulKernels(r);
    registerNormalizationKernels(r);
    registerQuantizationKernels(r);
    registerRecurrentKernels(r);
    registerResizeKernels(r);
    registerIndexingKernels(r);
    registerControlFlowKernels(r);
    registerContribKernels(r);
    return r;
  }();
  return registry;
}

const KernelInfo *KernelRegistry::find(const std::string &domain,
                                       const std::string &opType,
                                       int opset) const {
  for (const KernelInfo &info : kernels)
    if (info.opType == opType && info.domain == domain &&
        opset >= info.sinceVersion && opset <= info.lastVersion)
      return &info;
  return nullptr;
}

bool KernelRegistry::hasOp(const std::string &domain,
                           const std::string &opType) const {
  for (const KernelInfo &info : kernels)
    if (info.opType == opType && info.domain == domain)
      return true;
  return false;
}

static bool isHalf(DType type) {
  return type == DType::Float16 || type == DType::BFloat16;
}

std::vector<Tensor> runKernel(const Node &node, std::vector<Tensor> inputs,
                              ThreadPool &pool,
                              KernelContext::SubgraphRunner runSubgraph) {
  if (!node.kernel)
    failUnsupported("no kernel for ", node.domain, "::", node.opType,
                    " (it needs the artifact that defines it)");
  DType halfType = DType::Undefined;
  if (node.kernel->computesHalfInFloat)
    for (Tensor &value : inputs)
      if (value.isValid() && isHalf(value.dtype())) {
        halfType = value.dtype();
        value = value.toFloat32();
      }
  KernelContext context(node, std::move(inputs), pool, std::move(runSubgraph));
  node.kernel->run(context);
  std::vector<Tensor> outputs = context.takeOutputs();
  if (halfType != DType::Undefined)
    for (Tensor &value : outputs)
      if (value.isValid() && value.dtype() == DType::Float32)
        value = castTensor(value, halfType);
  return outputs;
}

void addKernel(KernelRegistry &registry, const char *opType, KernelFn fn,
               KernelOptions options, const char *domain) {
  KernelInfo info;
  info.domain = domain;
  info.opType = opType;
  info.sinceVersion = options.sinceVersion;
  info.lastVersion = options.lastVersion;
  info.run = fn;
  info.computesHalfInFloat = options.halfInFloat;
  info.notes = options.notes;
  registry.add(std::move(info));
}

int64_t normalizeAxis(int64_t axis, int64_t rank, const char *what) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
    fail(what, " ", axis, " is out of range for rank ", rank);
  return axis < 0 ? axis + rank : axis;
}

Shape broadcastShapes(const Shape &a, const Shape &b) {
  size_t rank = std::max(a.size(), b.size());
  Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      fail("shapes ", formatShape(a), " and ", formatShape(b),
           " cannot be broadcast (dimension ", i, ": ", da, " vs ", db, ")");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

std::vector<int64_t> broadcastStrides(const Shape &shape,
                                      const Shape &outShape) {
  std::vector<int64_t> strides(outShape.size(), 0);
  std::vector<int64_t> own = contiguousStrides(shape);
  size_t offset = outShape.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    strides[i + offset] = shape[i] == 1 ? 0 : own[i];
  return strides;
}

void expectDType(const Tensor &tensor, DType type, const char *what) {
  if (tensor.dtype() != type)
    fail(what, " must be ", dtypeName(type), ", got ",
         dtypeName(tensor.dtype()));
}

} // namespace hwc::rt
