//===- RangeSelection.h - Calibration statistics and ranges ------*- C++ -*-===//
//
// What calibration keeps per tensor and how a quantization range is chosen
// from it. Statistics are sums over elements in fixed bins, so they do not
// depend on batch size or on the order of the samples: a first pass finds
// each tensor's min/max, a second fills a 2048-bin histogram of the values
// over [min(min, 0), max(max, 0)] and one of |x| over [0, max|x|].
//
// Methods (ranges always contain 0, so zero padding is exact):
//   minmax      the observed [min, max];
//   percentile  the central `percentile` % of the values (default 99.999);
//   entropy     the |x| threshold whose 128-level quantized distribution is
//               closest (KL divergence) to the observed one (TensorRT);
//   mse         the proportional shrink of [min, max] with the least
//               expected int8 quantization error;
//   auto        whichever of the four gives the best SQNR.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_RANGESELECTION_H
#define HWC_COMPILER_QUANTIZE_RANGESELECTION_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hwc::quant {

constexpr int kHistogramBins = 2048;

/// Fixed-bin counts over [lo, hi).
struct Histogram {
  double lo = 0, hi = 0;
  std::vector<double> counts;

  Histogram() = default;
  Histogram(double lo, double hi, int bins = kHistogramBins);
  double binWidth() const { return (hi - lo) / double(counts.size()); }
  double center(size_t bin) const { return lo + (double(bin) + 0.5) * binWidth(); }
  /// Adds `value`; values at `hi` go into the last bin. Inline: it runs
  /// for every activation element of every calibration sample.
  void add(double value) {
    if (counts.empty())
      return;
    double position = (value - lo) * binsPerUnit;
    size_t last = counts.size() - 1;
    size_t bin = position <= 0 ? 0 : position >= double(last) ? last : size_t(position);
    counts[bin] += 1;
  }
  double total() const;

private:
  /// Bins per unit of value (0 for an empty range: everything in bin 0).
  double binsPerUnit = 0;
};

struct TensorStatistics {
  double min = 0, max = 0;
  int64_t count = 0;
  /// Values that were NaN or infinite (left out of everything else).
  int64_t nonFinite = 0;
  Histogram values, magnitudes;

  double absMax() const;
  /// Sizes the histograms from min/max, after the first pass.
  void prepareHistograms();
};

enum class RangeMethod { MinMax, Percentile, Entropy, Mse, Auto };

std::optional<RangeMethod> parseRangeMethod(const std::string &name);
const char *rangeMethodName(RangeMethod method);

/// An int8 (or `bits`) asymmetric quantization grid over [lo, hi].
struct Grid {
  double scale = 1;
  int64_t zeroPoint = 0;
  int64_t minLevel = -128, maxLevel = 127;
};

/// The grid for [lo, hi] (which must contain 0), with a zero point that
/// represents 0 exactly.
Grid asymmetricGrid(double lo, double hi, int bits = 8);

struct Range {
  double lo = 0, hi = 0;
  RangeMethod method = RangeMethod::MinMax;
  /// Expected signal-to-quantization-noise ratio on the histogram, dB.
  double sqnrDb = 0;
};

/// Chooses the range of one tensor; `percentile` is used by Percentile
/// (and by Auto among its candidates).
Range selectRange(const TensorStatistics &stats, RangeMethod method,
                  double percentile = 99.999, int bits = 8);

/// SQNR in dB of quantizing the histogram's values on [lo, hi].
double histogramSqnrDb(const Histogram &values, double lo, double hi, int bits = 8);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_RANGESELECTION_H
