//===- Elementwise.cpp - Unary, binary and variadic elementwise ops -------===//
//
// Arithmetic (Add, Sub, Mul, Div, Mod, Pow), comparisons and logic with
// numpy broadcasting, the activation functions, Clip, Cast, Identity,
// Dropout (inference), Where and the variadic Max/Min/Mean/Sum. Integer
// division and modulo by zero are errors, never undefined behaviour.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Dispatch.h"
#include "runtime/core/Error.h"
#include "runtime/kernels/Broadcast.h"
#include "runtime/kernels/Kernel.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace hwc::rt {
namespace {

//===----------------------------------------------------------------------===//
// Broadcast helpers
//===----------------------------------------------------------------------===//

template <typename A, typename B, typename O, typename Op>
Tensor binaryBroadcast(ThreadPool &pool, const Tensor &a, const Tensor &b,
                       DType outType, Op op) {
  Shape outShape = broadcastShapes(a.shape(), b.shape());
  Tensor out = Tensor::uninitialized(outType, outShape);
  Tensor ac = a.contiguous(), bc = b.contiguous();
  const A *pa = ac.data<A>();
  const B *pb = bc.data<B>();
  O *po = out.data<O>();
  BroadcastPlan<2> plan({&ac.shape(), &bc.shape()}, outShape);
  plan.run(pool, out.numElements(),
           [&](int64_t o, const std::array<int64_t, 2> &in,
               const std::array<int64_t, 2> &step, int64_t count) {
             const A *x = pa + in[0];
             const B *y = pb + in[1];
             O *z = po + o;
             if (step[0] == 1 && step[1] == 1)
               for (int64_t i = 0; i < count; ++i)
                 z[i] = op(x[i], y[i]);
             else if (step[0] == 1)
               for (int64_t i = 0; i < count; ++i)
                 z[i] = op(x[i], y[0]);
             else if (step[1] == 1)
               for (int64_t i = 0; i < count; ++i)
                 z[i] = op(x[0], y[i]);
             else
               for (int64_t i = 0; i < count; ++i)
                 z[i] = op(x[0], y[0]);
           });
  return out;
}

void requireSameDType(const Tensor &a, const Tensor &b) {
  if (a.dtype() != b.dtype())
    fail("inputs have different dtypes ", dtypeName(a.dtype()), " and ",
         dtypeName(b.dtype()));
}

template <typename T> void checkNoZero(const Tensor &divisor, const char *op) {
  Tensor d = divisor.contiguous();
  const T *p = d.data<T>();
  for (int64_t i = 0; i < d.numElements(); ++i)
    if (p[i] == T(0))
      fail("integer ", op, " by zero (divisor element ", i, ")");
}

//===----------------------------------------------------------------------===//
// Arithmetic
//===----------------------------------------------------------------------===//

enum class Arith { Add, Sub, Mul, Div, Max, Min };

template <Arith kind> void arithmetic(KernelContext &ctx) {
  const Tensor &a = ctx.input(0), &b = ctx.input(1);
  requireSameDType(a, b);
  ctx.setOutput(0, visitNumeric(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (kind == Arith::Div && std::is_integral_v<T>)
      checkNoZero<T>(b, "division");
    return binaryBroadcast<T, T, T>(ctx.pool, a, b, a.dtype(), [](T x, T y) {
      if constexpr (kind == Arith::Add)
        return T(x + y);
      else if constexpr (kind == Arith::Sub)
        return T(x - y);
      else if constexpr (kind == Arith::Mul)
        return T(x * y);
      else if constexpr (kind == Arith::Div)
        return T(x / y);
      else if constexpr (kind == Arith::Max)
        return std::isnan(double(x)) || x > y ? x : y;
      else
        return std::isnan(double(x)) || x < y ? x : y;
    });
  }));
}

template <typename T> T pythonMod(T x, T y) {
  if constexpr (std::is_floating_point_v<T>) {
    T r = std::fmod(x, y);
    if (r != 0 && ((r < 0) != (y < 0)))
      r += y;
    return r;
  } else if constexpr (std::is_signed_v<T>) {
    T r = T(x % y);
    if (r != 0 && ((r < 0) != (y < 0)))
      r = T(r + y);
    return r;
  } else {
    return T(x % y);
  }
}

void modKernel(KernelContext &ctx) {
  const Tensor &a = ctx.input(0), &b = ctx.input(1);
  requireSameDType(a, b);
  bool useFmod = ctx.attrs.getInt("fmod", 0) != 0;
  ctx.setOutput(0, visitNumeric(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_floating_point_v<T>) {
      if (!useFmod)
        fail("fmod must be 1 for floating-point inputs");
    } else {
      checkNoZero<T>(b, "modulo");
    }
    return binaryBroadcast<T, T, T>(ctx.pool, a, b, a.dtype(), [&](T x, T y) {
      if constexpr (std::is_floating_point_v<T>)
        return T(std::fmod(x, y));
      else if constexpr (std::is_signed_v<T>)
        return useFmod ? T(x % y) : pythonMod(x, y);
      else
        return T(x % y);
    });
  }));
}

void powKernel(KernelContext &ctx) {
  const Tensor &a = ctx.input(0), &b = ctx.input(1);
  // The exponent may have another dtype than the base (opset 12+).
  Tensor exponent = b.dtype() == DType::Float16 || b.dtype() == DType::BFloat16
                        ? b.toFloat32()
                        : b;
  ctx.setOutput(0, visitNumeric(a.dtype(), [&](auto baseTag) {
    using T = decltype(baseTag);
    return visitNumeric(exponent.dtype(), [&](auto expTag) {
      using E = decltype(expTag);
      return binaryBroadcast<T, E, T>(
          ctx.pool, a, exponent, a.dtype(), [](T x, E y) {
            if constexpr (std::is_integral_v<T> && std::is_integral_v<E>) {
              if (y < E(0))
                return T(x == 1 ? 1 : 0);
              T result = 1;
              for (E i = 0; i < y; ++i)
                result = T(result * x);
              return result;
            } else {
              return convertValue<T>(std::pow(double(x), double(y)));
            }
          });
    });
  }));
}

//===----------------------------------------------------------------------===//
// Comparison and logic
//===----------------------------------------------------------------------===//

enum class Compare { Equal, Greater, GreaterOrEqual, Less, LessOrEqual };

template <Compare kind> void compare(KernelContext &ctx) {
  const Tensor &a = ctx.input(0), &b = ctx.input(1);
  requireSameDType(a, b);
  auto run = [&](auto tag) {
    using T = decltype(tag);
    return binaryBroadcast<T, T, bool>(ctx.pool, a, b, DType::Bool,
                                       [](T x, T y) {
                                         if constexpr (kind == Compare::Equal)
                                           return x == y;
                                         else if constexpr (kind == Compare::Greater)
                                           return x > y;
                                         else if constexpr (kind == Compare::GreaterOrEqual)
                                           return x >= y;
                                         else if constexpr (kind == Compare::Less)
                                           return x < y;
                                         else
                                           return x <= y;
                                       });
  };
  if (a.dtype() == DType::Bool)
    ctx.setOutput(0, run(bool{}));
  else
    ctx.setOutput(0, visitNumeric(a.dtype(), run));
}

enum class Logic { And, Or, Xor };

template <Logic kind> void logic(KernelContext &ctx) {
  const Tensor &a = ctx.input(0), &b = ctx.input(1);
  expectDType(a, DType::Bool, "input A");
  expectDType(b, DType::Bool, "input B");
  ctx.setOutput(0, binaryBroadcast<bool, bool, bool>(
                       ctx.pool, a, b, DType::Bool, [](bool x, bool y) {
                         if constexpr (kind == Logic::And)
                           return x && y;
                         else if constexpr (kind == Logic::Or)
                           return x || y;
                         else
                           return x != y;
                       }));
}

void notKernel(KernelContext &ctx) {
  Tensor in = ctx.input(0).contiguous();
  expectDType(in, DType::Bool, "input");
  Tensor out(DType::Bool, in.shape());
  for (int64_t i = 0; i < in.numElements(); ++i)
    out.data<bool>()[i] = !in.data<bool>()[i];
  ctx.setOutput(0, out);
}

//===----------------------------------------------------------------------===//
// Unary maps
//===----------------------------------------------------------------------===//

template <typename T, typename Op>
Tensor mapUnary(ThreadPool &pool, const Tensor &input, Op op) {
  Tensor in = input.contiguous();
  Tensor out = Tensor::uninitialized(in.dtype(), in.shape());
  const T *x = in.data<T>();
  T *y = out.data<T>();
  pool.parallelFor(in.numElements(), 16384, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i)
      y[i] = op(x[i]);
  });
  return out;
}

/// A float-only unary op whose function takes the node's attributes.
template <typename MakeOp> void floatUnary(KernelContext &ctx, MakeOp makeOp) {
  const Tensor &in = ctx.input(0);
  ctx.setOutput(0, visitFloat(in.dtype(), [&](auto tag) {
    using T = decltype(tag);
    return mapUnary<T>(ctx.pool, in, makeOp(T{}));
  }));
}

#define HWC_FLOAT_UNARY(Name, Expr)                                            \
  void Name(KernelContext &ctx) {                                              \
    floatUnary(ctx, [&](auto tag) {                                            \
      using T = decltype(tag);                                                 \
      return [=](T x) -> T { return Expr; };                                   \
    });                                                                        \
  }

HWC_FLOAT_UNARY(ceilKernel, std::ceil(x))
HWC_FLOAT_UNARY(floorKernel, std::floor(x))
HWC_FLOAT_UNARY(sqrtKernel, std::sqrt(x))
HWC_FLOAT_UNARY(expKernel, std::exp(x))
HWC_FLOAT_UNARY(logKernel, std::log(x))
HWC_FLOAT_UNARY(reciprocalKernel, T(1) / x)
HWC_FLOAT_UNARY(sigmoidKernel,
                x >= 0 ? T(1) / (T(1) + std::exp(-x))
                       : std::exp(x) / (T(1) + std::exp(x)))
HWC_FLOAT_UNARY(tanhKernel, std::tanh(x))
HWC_FLOAT_UNARY(sinKernel, std::sin(x))
HWC_FLOAT_UNARY(cosKernel, std::cos(x))
HWC_FLOAT_UNARY(erfKernel, std::erf(x))
HWC_FLOAT_UNARY(softplusKernel,
                x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)))
HWC_FLOAT_UNARY(hardSwishKernel,
                x * std::max(T(0), std::min(T(1), x / T(6) + T(0.5))))
HWC_FLOAT_UNARY(tanKernel, std::tan(x))
HWC_FLOAT_UNARY(asinKernel, std::asin(x))
HWC_FLOAT_UNARY(acosKernel, std::acos(x))
HWC_FLOAT_UNARY(atanKernel, std::atan(x))
HWC_FLOAT_UNARY(sinhKernel, std::sinh(x))
HWC_FLOAT_UNARY(coshKernel, std::cosh(x))
HWC_FLOAT_UNARY(asinhKernel, std::asinh(x))
HWC_FLOAT_UNARY(acoshKernel, std::acosh(x))
HWC_FLOAT_UNARY(atanhKernel, std::atanh(x))
HWC_FLOAT_UNARY(roundKernel, std::nearbyint(x))
HWC_FLOAT_UNARY(softsignKernel, x / (T(1) + std::abs(x)))
HWC_FLOAT_UNARY(mishKernel, x * std::tanh(std::log1p(std::exp(x))))
#undef HWC_FLOAT_UNARY

void seluKernel(KernelContext &ctx) {
  float alpha = ctx.attrs.getFloat("alpha", 1.67326319217681884765625f);
  float gamma = ctx.attrs.getFloat("gamma", 1.05070102214813232421875f);
  floatUnary(ctx, [&](auto tag) {
    using T = decltype(tag);
    return [=](T x) -> T {
      return T(gamma) * (x > 0 ? x : T(alpha) * (std::exp(x) - 1));
    };
  });
}

void celuKernel(KernelContext &ctx) {
  float alpha = ctx.attrs.getFloat("alpha", 1.f);
  floatUnary(ctx, [&](auto tag) {
    using T = decltype(tag);
    return [=](T x) -> T {
      return std::max(T(0), x) +
             std::min(T(0), T(alpha) * (std::exp(x / T(alpha)) - 1));
    };
  });
}

void thresholdedReluKernel(KernelContext &ctx) {
  float alpha = ctx.attrs.getFloat("alpha", 1.f);
  floatUnary(ctx, [&](auto tag) {
    using T = decltype(tag);
    return [=](T x) -> T { return x > T(alpha) ? x : T(0); };
  });
}

void geluKernel(KernelContext &ctx) {
  bool tanhApprox = ctx.attrs.getString("approximate", "none") == "tanh";
  floatUnary(ctx, [&](auto tag) {
    using T = decltype(tag);
    return [=](T x) -> T {
      if (tanhApprox)
        return T(0.5) * x *
               (T(1) + std::tanh(T(0.7978845608028654) *
                                 (x + T(0.044715) * x * x * x)));
      return T(0.5) * x * (T(1) + std::erf(x / T(1.4142135623730951)));
    };
  });
}

void shrinkKernel(KernelContext &ctx) {
  float bias = ctx.attrs.getFloat("bias", 0.f);
  float lambd = ctx.attrs.getFloat("lambd", 0.5f);
  const Tensor &in = ctx.input(0);
  ctx.setOutput(0, visitNumeric(in.dtype(), [&](auto tag) {
    using T = decltype(tag);
    return mapUnary<T>(ctx.pool, in, [=](T x) -> T {
      double v = double(x);
      return convertValue<T>(v < -lambd ? v + bias : v > lambd ? v - bias : 0.0);
    });
  }));
}

/// IsNaN / IsInf: bool output.
template <bool nanCheck> void classifyKernel(KernelContext &ctx) {
  Tensor in = castTensor(ctx.input(0), DType::Float64);
  bool positive = ctx.attrs.getInt("detect_positive", 1) != 0;
  bool negative = ctx.attrs.getInt("detect_negative", 1) != 0;
  Tensor out(DType::Bool, in.shape());
  for (int64_t i = 0; i < in.numElements(); ++i) {
    double v = in.data<double>()[i];
    out.data<bool>()[i] = nanCheck ? std::isnan(v)
                                   : std::isinf(v) && ((v > 0 && positive) ||
                                                       (v < 0 && negative));
  }
  ctx.setOutput(0, out);
}

void castLikeKernel(KernelContext &ctx) {
  DType target = ctx.input(1).dtype();
  if (ctx.attrs.getInt("saturate", 1) == 0)
    failUnsupported("CastLike with saturate = 0 is not supported");
  ctx.setOutput(0, castTensor(ctx.input(0), target));
}

void sizeKernel(KernelContext &ctx) {
  ctx.setOutput(0, Tensor::scalar<int64_t>(ctx.input(0).numElements()));
}

void eluKernel(KernelContext &ctx) {
  float alpha = ctx.attrs.getFloat("alpha", 1.0f);
  floatUnary(ctx, [&](auto tag) {
    using T = decltype(tag);
    return [=](T x) -> T { return x >= 0 ? x : T(alpha) * (std::exp(x) - 1); };
  });
}

void leakyReluKernel(KernelContext &ctx) {
  float alpha = ctx.attrs.getFloat("alpha", 0.01f);
  floatUnary(ctx, [&](auto tag) {
    using T = decltype(tag);
    return [=](T x) -> T { return x >= 0 ? x : T(alpha) * x; };
  });
}

void hardSigmoidKernel(KernelContext &ctx) {
  float alpha = ctx.attrs.getFloat("alpha", 0.2f);
  float beta = ctx.attrs.getFloat("beta", 0.5f);
  floatUnary(ctx, [&](auto tag) {
    using T = decltype(tag);
    return [=](T x) -> T {
      return std::max(T(0), std::min(T(1), T(alpha) * x + T(beta)));
    };
  });
}

/// Unary ops defined for every numeric type.
enum class Signed { Abs, Neg, Sign, Relu };

template <Signed kind> void signedUnary(KernelContext &ctx) {
  const Tensor &in = ctx.input(0);
  ctx.setOutput(0, visitNumeric(in.dtype(), [&](auto tag) {
    using T = decltype(tag);
    return mapUnary<T>(ctx.pool, in, [](T x) -> T {
      if constexpr (kind == Signed::Abs) {
        if constexpr (std::is_unsigned_v<T>)
          return x;
        else
          return x < 0 ? T(-x) : x;
      } else if constexpr (kind == Signed::Neg) {
        return T(-x);
      } else if constexpr (kind == Signed::Sign) {
        if constexpr (std::is_floating_point_v<T>)
          if (std::isnan(x))
            return x;
        return T((x > T(0)) - (x < T(0)));
      } else {
        return x > T(0) ? x : T(0);
      }
    });
  }));
}

void clipKernel(KernelContext &ctx) {
  const Tensor &in = ctx.input(0);
  ctx.setOutput(0, visitNumeric(in.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T lo = std::numeric_limits<T>::lowest(), hi = std::numeric_limits<T>::max();
    if (ctx.opset() < 11) {
      lo = T(ctx.attrs.getFloat("min", -std::numeric_limits<float>::max()));
      hi = T(ctx.attrs.getFloat("max", std::numeric_limits<float>::max()));
    } else {
      if (ctx.hasInput(1))
        lo = convertValue<T>(ctx.input(1).valueAsDouble(0));
      if (ctx.hasInput(2))
        hi = convertValue<T>(ctx.input(2).valueAsDouble(0));
    }
    return mapUnary<T>(ctx.pool, in, [=](T x) -> T {
      if constexpr (std::is_floating_point_v<T>)
        if (std::isnan(x))
          return x;
      // min is applied first, so min > max gives max (as numpy.clip).
      return std::min(std::max(x, lo), hi);
    });
  }));
}

void identityKernel(KernelContext &ctx) { ctx.setOutput(0, ctx.input(0)); }

void dropoutKernel(KernelContext &ctx) {
  // Inference: the input passes through; training_mode (opset 12+) must be
  // false or absent.
  // Training mode drops at random; only ratio 0 is deterministic.
  if (ctx.opset() >= 12 && ctx.hasInput(2) && ctx.input(2).valueAsInt(0) != 0 &&
      (!ctx.hasInput(1) || ctx.input(1).valueAsDouble(0) != 0.0))
    failUnsupported("training_mode = true with a non-zero ratio is not "
                    "supported (the output is random)");
  const Tensor &in = ctx.input(0);
  ctx.setOutput(0, in);
  if (ctx.wantsOutput(1)) {
    Tensor ones(DType::Bool, in.shape());
    std::fill_n(ones.data<bool>(), ones.numElements(), true);
    // The mask is bool from opset 10, the input's dtype before.
    ctx.setOutput(1, castTensor(ones, ctx.opset() >= 10 ? DType::Bool
                                                        : in.dtype()));
  }
}

void castKernel(KernelContext &ctx) {
  int64_t to = ctx.attrs.getInt("to", 0);
  if (!isSupportedDType(int(to)))
    failUnsupported("cast to ", onnxDataTypeName(int(to)),
                    " is not supported");
  DType target = static_cast<DType>(to);
  bool saturate = ctx.attrs.getInt("saturate", 1) != 0;
  if (saturate || !isFloatingPoint(target) || dtypeSize(target) != 1) {
    ctx.setOutput(0, castTensor(ctx.input(0), target));
    return;
  }
  // float8 without saturation: out-of-range values become NaN (or Inf).
  Tensor source = castTensor(ctx.input(0), DType::Float32);
  Tensor out(target, source.shape());
  MiniFloatKind kind = visitAny(target, [](auto tag) {
    using T = decltype(tag);
    if constexpr (IsMiniFloat<T>::value)
      return T::kind;
    else
      return MiniFloatKind::E4M3FN;
  });
  for (int64_t i = 0; i < source.numElements(); ++i)
    out.data<uint8_t>()[i] =
        floatToMiniFloat(kind, source.data<float>()[i], false);
  ctx.setOutput(0, out);
}

//===----------------------------------------------------------------------===//
// Variadic and ternary
//===----------------------------------------------------------------------===//

enum class Variadic { Max, Min, Sum, Mean };

template <Variadic kind> void variadic(KernelContext &ctx) {
  Tensor acc = ctx.input(0);
  for (size_t i = 1; i < ctx.inputCount(); ++i) {
    const Tensor &next = ctx.input(i);
    requireSameDType(acc, next);
    acc = visitNumeric(acc.dtype(), [&](auto tag) {
      using T = decltype(tag);
      return binaryBroadcast<T, T, T>(ctx.pool, acc, next, acc.dtype(),
                                      [](T x, T y) {
                                        if constexpr (kind == Variadic::Max)
                                          return std::isnan(double(x)) || x > y ? x : y;
                                        else if constexpr (kind == Variadic::Min)
                                          return std::isnan(double(x)) || x < y ? x : y;
                                        else
                                          return T(x + y);
                                      });
    });
  }
  if (kind == Variadic::Mean) {
    double count = double(ctx.inputCount());
    acc = visitFloat(acc.dtype(), [&](auto tag) {
      using T = decltype(tag);
      return mapUnary<T>(ctx.pool, acc, [=](T x) { return T(x / count); });
    });
  } else if (ctx.inputCount() == 1) {
    acc = acc.clone();
  }
  ctx.setOutput(0, acc);
}

void whereKernel(KernelContext &ctx) {
  const Tensor &cond = ctx.input(0), &x = ctx.input(1), &y = ctx.input(2);
  expectDType(cond, DType::Bool, "condition");
  requireSameDType(x, y);
  Shape outShape =
      broadcastShapes(broadcastShapes(cond.shape(), x.shape()), y.shape());
  Tensor out(x.dtype(), outShape);
  Tensor cc = cond.contiguous(), xc = x.contiguous(), yc = y.contiguous();
  size_t size = dtypeSize(x.dtype());
  const bool *pc = cc.data<bool>();
  const char *px = static_cast<const char *>(xc.rawData());
  const char *py = static_cast<const char *>(yc.rawData());
  char *po = static_cast<char *>(out.rawData());
  BroadcastPlan<3> plan({&cc.shape(), &xc.shape(), &yc.shape()}, outShape);
  plan.run(ctx.pool, out.numElements(),
           [&](int64_t o, const std::array<int64_t, 3> &in,
               const std::array<int64_t, 3> &step, int64_t count) {
             for (int64_t i = 0; i < count; ++i) {
               const char *src = pc[in[0] + i * step[0]]
                                     ? px + (in[1] + i * step[1]) * int64_t(size)
                                     : py + (in[2] + i * step[2]) * int64_t(size);
               std::memcpy(po + (o + i) * int64_t(size), src, size);
             }
           });
  ctx.setOutput(0, out);
}

void preluKernel(KernelContext &ctx) {
  const Tensor &x = ctx.input(0), &slope = ctx.input(1);
  requireSameDType(x, slope);
  // Opset < 7 slopes broadcast "unidirectionally" like [C,1,1]; numpy
  // broadcasting covers the shapes real models use.
  ctx.setOutput(0, visitNumeric(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    return binaryBroadcast<T, T, T>(ctx.pool, x, slope, x.dtype(),
                                    [](T v, T s) { return v < T(0) ? T(v * s) : v; });
  }));
}

} // namespace

void registerElementwiseKernels(KernelRegistry &r) {
  addKernel(r, "Add", arithmetic<Arith::Add>);
  addKernel(r, "Sub", arithmetic<Arith::Sub>);
  addKernel(r, "Mul", arithmetic<Arith::Mul>);
  addKernel(r, "Div", arithmetic<Arith::Div>);
  addKernel(r, "Mod", modKernel);
  addKernel(r, "Pow", powKernel);
  addKernel(r, "Max", variadic<Variadic::Max>);
  addKernel(r, "Min", variadic<Variadic::Min>);
  addKernel(r, "Sum", variadic<Variadic::Sum>);
  addKernel(r, "Mean", variadic<Variadic::Mean>);
  addKernel(r, "Equal", compare<Compare::Equal>);
  addKernel(r, "Greater", compare<Compare::Greater>);
  addKernel(r, "GreaterOrEqual", compare<Compare::GreaterOrEqual>);
  addKernel(r, "Less", compare<Compare::Less>);
  addKernel(r, "LessOrEqual", compare<Compare::LessOrEqual>);
  addKernel(r, "And", logic<Logic::And>);
  addKernel(r, "Or", logic<Logic::Or>);
  addKernel(r, "Xor", logic<Logic::Xor>);
  addKernel(r, "Not", notKernel);
  addKernel(r, "Abs", signedUnary<Signed::Abs>);
  addKernel(r, "Neg", signedUnary<Signed::Neg>);
  addKernel(r, "Sign", signedUnary<Signed::Sign>);
  addKernel(r, "Relu", signedUnary<Signed::Relu>);
  addKernel(r, "Ceil", ceilKernel);
  addKernel(r, "Floor", floorKernel);
  addKernel(r, "Sqrt", sqrtKernel);
  addKernel(r, "Exp", expKernel);
  addKernel(r, "Log", logKernel);
  addKernel(r, "Reciprocal", reciprocalKernel);
  addKernel(r, "Sigmoid", sigmoidKernel);
  addKernel(r, "Tanh", tanhKernel);
  addKernel(r, "Sin", sinKernel);
  addKernel(r, "Cos", cosKernel);
  addKernel(r, "Erf", erfKernel);
  addKernel(r, "Softplus", softplusKernel);
  addKernel(r, "HardSwish", hardSwishKernel);
  addKernel(r, "Elu", eluKernel);
  addKernel(r, "LeakyRelu", leakyReluKernel);
  addKernel(r, "HardSigmoid", hardSigmoidKernel);
  addKernel(r, "Clip", clipKernel);
  addKernel(r, "PRelu", preluKernel);
  addKernel(r, "Where", whereKernel, {1, 1 << 30, false});
  addKernel(r, "Identity", identityKernel, {1, 1 << 30, false});
  addKernel(r, "Tan", tanKernel);
  addKernel(r, "Asin", asinKernel);
  addKernel(r, "Acos", acosKernel);
  addKernel(r, "Atan", atanKernel);
  addKernel(r, "Sinh", sinhKernel);
  addKernel(r, "Cosh", coshKernel);
  addKernel(r, "Asinh", asinhKernel);
  addKernel(r, "Acosh", acoshKernel);
  addKernel(r, "Atanh", atanhKernel);
  addKernel(r, "Round", roundKernel);
  addKernel(r, "Softsign", softsignKernel);
  addKernel(r, "Mish", mishKernel);
  addKernel(r, "Selu", seluKernel);
  addKernel(r, "Celu", celuKernel);
  addKernel(r, "ThresholdedRelu", thresholdedReluKernel);
  addKernel(r, "Gelu", geluKernel);
  addKernel(r, "Shrink", shrinkKernel);
  addKernel(r, "IsNaN", classifyKernel<true>);
  addKernel(r, "IsInf", classifyKernel<false>);
  addKernel(r, "CastLike", castLikeKernel, {1, 1 << 30, false});
  addKernel(r, "Size", sizeKernel, {1, 1 << 30, false});
  addKernel(r, "Dropout", dropoutKernel,
            {1, 1 << 30, false,
             "inference; training_mode only with ratio 0 (else the output is random)"});
  addKernel(r, "Cast", castKernel,
            {1, 1 << 30, false, "no string or float8e8m0 tensors"});
}

} // namespace hwc::rt
