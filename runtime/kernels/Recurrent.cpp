//===- Recurrent.cpp - LSTM and GRU ---------------------------------------===//
//
// Both layers precompute the input projection X*W^T for every time step in
// one sgemm, then step through time with H*R^T per step. Directions
// (forward, reverse, bidirectional), sequence_lens, initial states, LSTM
// peepholes and input_forget, GRU linear_before_reset, clip, custom
// activations and layout = 1 follow the ONNX specification.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Error.h"
#include "runtime/kernels/Kernel.h"
#include "runtime/kernels/Sgemm.h"
#include "runtime/kernels/TensorOps.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace hwc::rt {
namespace {

using Activation = std::function<float(float)>;

Activation makeActivation(const std::string &name, float alpha, float beta) {
  if (name == "Sigmoid")
    return [](float x) { return 1.f / (1.f + std::exp(-x)); };
  if (name == "Tanh")
    return [](float x) { return std::tanh(x); };
  if (name == "Relu")
    return [](float x) { return std::max(0.f, x); };
  if (name == "HardSigmoid")
    return [=](float x) { return std::clamp(alpha * x + beta, 0.f, 1.f); };
  if (name == "LeakyRelu")
    return [=](float x) { return x >= 0 ? x : alpha * x; };
  if (name == "ThresholdedRelu")
    return [=](float x) { return x > alpha ? x : 0.f; };
  if (name == "ScaledTanh")
    return [=](float x) { return alpha * std::tanh(beta * x); };
  if (name == "Affine")
    return [=](float x) { return alpha * x + beta; };
  if (name == "Elu")
    return [=](float x) { return x >= 0 ? x : alpha * (std::exp(x) - 1); };
  if (name == "Softsign")
    return [](float x) { return x / (1 + std::abs(x)); };
  if (name == "Softplus")
    return [](float x) { return std::log1p(std::exp(x)); };
  failUnsupported("activation '", name, "' is not supported");
}

/// Default alpha/beta of the parameterised activations.
std::pair<float, float> activationDefaults(const std::string &name) {
  if (name == "HardSigmoid")
    return {0.2f, 0.5f};
  if (name == "LeakyRelu")
    return {0.01f, 0.f};
  if (name == "ThresholdedRelu" || name == "Elu")
    return {1.f, 0.f};
  if (name == "ScaledTanh" || name == "Affine")
    return {1.f, 1.f};
  return {0.f, 0.f};
}

/// The activations of each direction, `perDirection` functions each.
std::vector<Activation> activations(KernelContext &ctx, size_t directions,
                                    std::vector<std::string> defaults) {
  std::vector<std::string> names = ctx.attrs.getStrings("activations");
  std::vector<float> alphas = ctx.attrs.getFloats("activation_alpha");
  std::vector<float> betas = ctx.attrs.getFloats("activation_beta");
  size_t perDirection = defaults.size();
  if (names.empty())
    for (size_t d = 0; d < directions; ++d)
      names.insert(names.end(), defaults.begin(), defaults.end());
  if (names.size() != perDirection * directions)
    fail("expected ", perDirection * directions, " activations, got ",
         names.size());
  std::vector<Activation> result;
  for (size_t i = 0; i < names.size(); ++i) {
    auto [alpha, beta] = activationDefaults(names[i]);
    if (i < alphas.size())
      alpha = alphas[i];
    if (i < betas.size())
      beta = betas[i];
    result.push_back(makeActivation(names[i], alpha, beta));
  }
  return result;
}

/// Common inputs and outputs of LSTM and GRU.
struct RecurrentSetup {
  Tensor x; // [seq, batch, input] (layout 0)
  int64_t seq = 0, batch = 0, inputSize = 0, hidden = 0, directions = 1;
  std::string direction;
  std::vector<int64_t> sequenceLengths;
  float clip = 0;
  bool batchMajor = false;
};

RecurrentSetup setup(KernelContext &ctx, int64_t gates) {
  RecurrentSetup s;
  s.batchMajor = ctx.attrs.getInt("layout", 0) != 0;
  Tensor x = castTensor(ctx.input(0), DType::Float32);
  if (x.rank() != 3)
    fail("X must have rank 3, got ", formatShape(x.shape()));
  s.x = s.batchMajor ? transposeTensor(x, {1, 0, 2}) : x.contiguous();
  s.seq = s.x.dim(0);
  s.batch = s.x.dim(1);
  s.inputSize = s.x.dim(2);
  s.hidden = ctx.attrs.getInt("hidden_size", 0);
  if (s.hidden <= 0)
    s.hidden = ctx.input(2).dim(2);
  s.direction = ctx.attrs.getString("direction", "forward");
  s.directions = s.direction == "bidirectional" ? 2 : 1;
  if (s.direction != "forward" && s.direction != "reverse" &&
      s.direction != "bidirectional")
    fail("unknown direction '", s.direction, "'");
  const Tensor &w = ctx.input(1);
  if (w.rank() != 3 || w.dim(0) != s.directions ||
      w.dim(1) != gates * s.hidden || w.dim(2) != s.inputSize)
    fail("W has shape ", formatShape(w.shape()), ", expected ", s.directions,
         "x", gates * s.hidden, "x", s.inputSize);
  s.clip = ctx.attrs.getFloat("clip", 0.f);
  if (ctx.hasInput(4)) {
    s.sequenceLengths = ctx.input(4).toInt64Vector();
    for (int64_t &len : s.sequenceLengths)
      if (len < 0 || len > s.seq)
        fail("sequence length ", len, " is out of range [0, ", s.seq, "]");
  } else {
    s.sequenceLengths.assign(static_cast<size_t>(s.batch), s.seq);
  }
  return s;
}

/// Initial state [directions, batch, hidden] (zeros when absent).
Tensor initialState(KernelContext &ctx, size_t index, const RecurrentSetup &s) {
  if (!ctx.hasInput(index))
    return Tensor(DType::Float32, {s.directions, s.batch, s.hidden});
  Tensor t = castTensor(ctx.input(index), DType::Float32);
  if (s.batchMajor)
    t = transposeTensor(t, {1, 0, 2});
  if (t.shape() != Shape{s.directions, s.batch, s.hidden})
    fail("initial state has shape ", formatShape(t.shape()), ", expected ",
         s.directions, "x", s.batch, "x", s.hidden);
  // The state is updated in place: never write into the caller's tensor.
  return t.clone();
}

/// X * W^T + Wb + Rb for all time steps of one direction: [seq*batch, G*H].
std::vector<float> inputProjection(const RecurrentSetup &s, const float *w,
                                   const float *bias, int64_t width,
                                   ThreadPool &pool) {
  std::vector<float> out(static_cast<size_t>(s.seq * s.batch * width));
  for (int64_t r = 0; r < s.seq * s.batch; ++r)
    std::copy_n(bias, width, out.begin() + r * width);
  sgemm({s.seq * s.batch, width, s.inputSize, false, true, s.inputSize,
         s.inputSize, width},
        1.f, s.x.data<float>(), w, 1.f, out.data(), &pool);
  return out;
}

float clipped(float v, float clip) {
  return clip > 0 ? std::clamp(v, -clip, clip) : v;
}

/// Writes Y, Y_h (and Y_c) in the requested layout.
void setOutputs(KernelContext &ctx, const RecurrentSetup &s, Tensor y,
                Tensor yh, Tensor yc) {
  if (s.batchMajor) {
    y = transposeTensor(y, {2, 0, 1, 3});
    yh = transposeTensor(yh, {1, 0, 2});
    if (yc.isValid())
      yc = transposeTensor(yc, {1, 0, 2});
  }
  ctx.setOutput(0, y);
  ctx.setOutput(1, yh);
  if (yc.isValid())
    ctx.setOutput(2, yc);
}

void lstmKernel(KernelContext &ctx) {
  RecurrentSetup s = setup(ctx, 4);
  int64_t H = s.hidden, G = 4 * H;
  Tensor w = castTensor(ctx.input(1), DType::Float32).contiguous();
  Tensor r = castTensor(ctx.input(2), DType::Float32).contiguous();
  std::vector<float> bias(static_cast<size_t>(s.directions * 8 * H), 0.f);
  if (ctx.hasInput(3)) {
    Tensor b = castTensor(ctx.input(3), DType::Float32).contiguous();
    if (b.numElements() != s.directions * 8 * H)
      fail("B has ", b.numElements(), " values, expected ", s.directions * 8 * H);
    std::copy_n(b.data<float>(), b.numElements(), bias.begin());
  }
  std::vector<float> peep(static_cast<size_t>(s.directions * 3 * H), 0.f);
  if (ctx.hasInput(7)) {
    Tensor p = castTensor(ctx.input(7), DType::Float32).contiguous();
    std::copy_n(p.data<float>(), std::min<int64_t>(p.numElements(), int64_t(peep.size())), peep.begin());
  }
  bool coupled = ctx.attrs.getInt("input_forget", 0) != 0;
  std::vector<Activation> acts = activations(ctx, size_t(s.directions),
                                             {"Sigmoid", "Tanh", "Tanh"});
  Tensor h = initialState(ctx, 5, s), c = initialState(ctx, 6, s);
  Tensor y(DType::Float32, {s.seq, s.directions, s.batch, H});
  std::vector<float> gates(static_cast<size_t>(s.batch * G));
  for (int64_t dir = 0; dir < s.directions; ++dir) {
    bool reverse = s.direction == "reverse" || dir == 1;
    std::vector<float> combinedBias(static_cast<size_t>(G));
    for (int64_t i = 0; i < G; ++i)
      combinedBias[size_t(i)] = bias[size_t(dir * 8 * H + i)] + bias[size_t(dir * 8 * H + G + i)];
    std::vector<float> xw = inputProjection(s, w.data<float>() + dir * G * s.inputSize,
                                            combinedBias.data(), G, ctx.pool);
    const Activation &f = acts[size_t(dir * 3)], &g = acts[size_t(dir * 3 + 1)],
                     &hAct = acts[size_t(dir * 3 + 2)];
    float *hs = h.data<float>() + dir * s.batch * H;
    float *cs = c.data<float>() + dir * s.batch * H;
    const float *pi = peep.data() + dir * 3 * H, *po = pi + H, *pf = pi + 2 * H;
    for (int64_t step = 0; step < s.seq; ++step) {
      int64_t t = reverse ? s.seq - 1 - step : step;
      std::copy_n(xw.begin() + t * s.batch * G, s.batch * G, gates.begin());
      sgemm({s.batch, G, H, false, true, H, H, G}, 1.f, hs,
            r.data<float>() + dir * G * H, 1.f, gates.data(), &ctx.pool);
      for (int64_t b = 0; b < s.batch; ++b) {
        // Steps past a sequence's length leave its state and output zero.
        float *out = y.data<float>() + ((t * s.directions + dir) * s.batch + b) * H;
        if (t >= s.sequenceLengths[size_t(b)]) {
          std::fill_n(out, H, 0.f);
          continue;
        }
        const float *gb = gates.data() + b * G;
        for (int64_t j = 0; j < H; ++j) {
          float cPrev = cs[b * H + j];
          float i = f(clipped(gb[j] + pi[j] * cPrev, s.clip));
          float forget = coupled ? 1.f - i
                                 : f(clipped(gb[2 * H + j] + pf[j] * cPrev, s.clip));
          float candidate = g(clipped(gb[3 * H + j], s.clip));
          float cNew = forget * cPrev + i * candidate;
          float o = f(clipped(gb[H + j] + po[j] * cNew, s.clip));
          cs[b * H + j] = cNew;
          hs[b * H + j] = o * hAct(cNew);
          out[j] = hs[b * H + j];
        }
      }
    }
  }
  setOutputs(ctx, s, y, h, ctx.wantsOutput(2) ? c : Tensor());
}

void gruKernel(KernelContext &ctx) {
  RecurrentSetup s = setup(ctx, 3);
  int64_t H = s.hidden, G = 3 * H;
  Tensor w = castTensor(ctx.input(1), DType::Float32).contiguous();
  Tensor r = castTensor(ctx.input(2), DType::Float32).contiguous();
  std::vector<float> bias(static_cast<size_t>(s.directions * 6 * H), 0.f);
  if (ctx.hasInput(3)) {
    Tensor b = castTensor(ctx.input(3), DType::Float32).contiguous();
    if (b.numElements() != s.directions * 6 * H)
      fail("B has ", b.numElements(), " values, expected ", s.directions * 6 * H);
    std::copy_n(b.data<float>(), b.numElements(), bias.begin());
  }
  bool linearBeforeReset = ctx.attrs.getInt("linear_before_reset", 0) != 0;
  std::vector<Activation> acts =
      activations(ctx, size_t(s.directions), {"Sigmoid", "Tanh"});
  Tensor h = initialState(ctx, 5, s);
  Tensor y(DType::Float32, {s.seq, s.directions, s.batch, H});
  std::vector<float> recurrent(static_cast<size_t>(s.batch * G));
  for (int64_t dir = 0; dir < s.directions; ++dir) {
    bool reverse = s.direction == "reverse" || dir == 1;
    const float *wb = bias.data() + dir * 6 * H, *rb = wb + G;
    std::vector<float> xw = inputProjection(s, w.data<float>() + dir * G * s.inputSize,
                                            wb, G, ctx.pool);
    const float *rw = r.data<float>() + dir * G * H;
    const Activation &f = acts[size_t(dir * 2)], &g = acts[size_t(dir * 2 + 1)];
    float *hs = h.data<float>() + dir * s.batch * H;
    // Per-step scratch, allocated once per direction.
    size_t stateSize = size_t(s.batch * H);
    std::vector<float> gated(stateSize), z(stateSize), rgate(stateSize),
        hh(stateSize);
    for (int64_t step = 0; step < s.seq; ++step) {
      int64_t t = reverse ? s.seq - 1 - step : step;
      const float *xt = xw.data() + t * s.batch * G;
      // H*Rz^T and H*Rr^T (and H*Rh^T for linear_before_reset).
      for (int64_t b = 0; b < s.batch; ++b)
        std::copy_n(rb, G, recurrent.begin() + b * G);
      sgemm({s.batch, G, H, false, true, H, H, G}, 1.f, hs, rw, 1.f,
            recurrent.data(), &ctx.pool);
      for (int64_t b = 0; b < s.batch; ++b)
        for (int64_t j = 0; j < H; ++j) {
          z[size_t(b * H + j)] = f(clipped(xt[b * G + j] + recurrent[size_t(b * G + j)], s.clip));
          rgate[size_t(b * H + j)] =
              f(clipped(xt[b * G + H + j] + recurrent[size_t(b * G + H + j)], s.clip));
        }
      if (linearBeforeReset) {
        for (int64_t b = 0; b < s.batch; ++b)
          for (int64_t j = 0; j < H; ++j)
            hh[size_t(b * H + j)] = xt[b * G + 2 * H + j] +
                                    rgate[size_t(b * H + j)] *
                                        recurrent[size_t(b * G + 2 * H + j)];
      } else {
        for (int64_t i = 0; i < s.batch * H; ++i)
          gated[size_t(i)] = rgate[size_t(i)] * hs[i];
        for (int64_t b = 0; b < s.batch; ++b)
          for (int64_t j = 0; j < H; ++j)
            hh[size_t(b * H + j)] = xt[b * G + 2 * H + j] + rb[2 * H + j];
        sgemm({s.batch, H, H, false, true, H, H, H}, 1.f, gated.data(),
              rw + 2 * H * H, 1.f, hh.data(), &ctx.pool);
      }
      for (int64_t b = 0; b < s.batch; ++b) {
        float *out = y.data<float>() + ((t * s.directions + dir) * s.batch + b) * H;
        if (t >= s.sequenceLengths[size_t(b)]) {
          std::fill_n(out, H, 0.f);
          continue;
        }
        for (int64_t j = 0; j < H; ++j) {
          float candidate = g(clipped(hh[size_t(b * H + j)], s.clip));
          float zj = z[size_t(b * H + j)];
          hs[b * H + j] = (1 - zj) * candidate + zj * hs[b * H + j];
          out[j] = hs[b * H + j];
        }
      }
    }
  }
  setOutputs(ctx, s, y, h, Tensor());
}

} // namespace

void registerRecurrentKernels(KernelRegistry &r) {
  addKernel(r, "LSTM", lstmKernel);
  addKernel(r, "GRU", gruKernel);
}

} // namespace hwc::rt
