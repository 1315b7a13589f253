//===- QuantizeTest.cpp - Calibration range selection ----------------------===//
//
// Range selection works on histograms only, so these tests build the
// statistics directly from known distributions.
//
//===----------------------------------------------------------------------===//

#include "compiler/quantize/RangeSelection.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace hwc::quant;

namespace {

/// Statistics of `values` the way calibration builds them: extremes first,
/// then both histograms.
TensorStatistics statisticsOf(const std::vector<double> &values) {
  TensorStatistics stats;
  for (double x : values) {
    stats.min = stats.count == 0 ? x : std::min(stats.min, x);
    stats.max = stats.count == 0 ? x : std::max(stats.max, x);
    ++stats.count;
  }
  stats.prepareHistograms();
  for (double x : values) {
    stats.values.add(x);
    stats.magnitudes.add(std::fabs(x));
  }
  return stats;
}

/// Unit normal values plus a few far outliers, as activations often are.
std::vector<double> heavyTailed(size_t count, double outlier) {
  std::mt19937 generator(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> values;
  for (size_t i = 0; i < count; ++i)
    values.push_back(normal(generator));
  values.push_back(outlier);
  values.push_back(-outlier / 2);
  return values;
}

TEST(RangeSelection, GridRepresentsZeroExactly) {
  Grid grid = asymmetricGrid(-1.0, 3.0);
  EXPECT_DOUBLE_EQ(grid.scale, 4.0 / 255.0);
  EXPECT_EQ(grid.zeroPoint, -64); // round(-128 + 1 / (4/255)) = round(-64.25)
  // 0 quantizes to the zero point and back to exactly 0.
  EXPECT_EQ(std::nearbyint(0.0 / grid.scale) + double(grid.zeroPoint), double(grid.zeroPoint));
  // A one-sided range still contains 0.
  Grid positive = asymmetricGrid(0.5, 2.0);
  EXPECT_EQ(positive.zeroPoint, -128);
  EXPECT_DOUBLE_EQ(positive.scale, 2.0 / 255.0);
}

TEST(RangeSelection, MinMaxIsTheObservedRangeWithZero) {
  Range range = selectRange(statisticsOf({0.5, 1.0, 2.0}), RangeMethod::MinMax);
  EXPECT_EQ(range.lo, 0.0);
  EXPECT_EQ(range.hi, 2.0);
}

TEST(RangeSelection, PercentileDropsARareOutlier) {
  std::vector<double> values;
  for (int i = 0; i < 200000; ++i)
    values.push_back(double(i % 1000) / 1000.0);
  values.push_back(1000.0);
  TensorStatistics stats = statisticsOf(values);
  EXPECT_EQ(selectRange(stats, RangeMethod::MinMax).hi, 1000.0);
  Range range = selectRange(stats, RangeMethod::Percentile, 99.999);
  // Bins over [0, 1000] are 0.49 wide: the 0..1 bulk ends in the third.
  EXPECT_LT(range.hi, 1.5);
  EXPECT_EQ(range.lo, 0.0);
}

TEST(RangeSelection, EntropyClipsOutliers) {
  // The KL threshold follows the bulk of the distribution; the two
  // outliers are clipped.
  TensorStatistics stats = statisticsOf(heavyTailed(100000, 60.0));
  Range entropy = selectRange(stats, RangeMethod::Entropy);
  EXPECT_LT(entropy.hi, 20.0);
  EXPECT_GT(entropy.hi, 3.0);
  EXPECT_LT(entropy.lo, -3.0);
}

TEST(RangeSelection, MseClipsWhereTheTailCostsLessThanTheSteps) {
  // Many values in a long, thin tail: a finer grid for the bulk is worth
  // clipping the tail. Two huge outliers alone are not (their squared
  // error dominates), so MSE keeps them.
  std::vector<double> tail;
  std::mt19937 generator(5);
  std::exponential_distribution<double> exponential(1.0);
  for (int i = 0; i < 100000; ++i)
    tail.push_back(exponential(generator));
  TensorStatistics stats = statisticsOf(tail);
  Range minmax = selectRange(stats, RangeMethod::MinMax);
  Range mse = selectRange(stats, RangeMethod::Mse);
  EXPECT_LT(mse.hi, minmax.hi);
  EXPECT_GT(mse.sqnrDb, minmax.sqnrDb);
  TensorStatistics outliers = statisticsOf(heavyTailed(100000, 60.0));
  EXPECT_GE(selectRange(outliers, RangeMethod::Mse).sqnrDb,
            selectRange(outliers, RangeMethod::MinMax).sqnrDb);
}

TEST(RangeSelection, AutoIsTheBestSqnrOfTheMethods) {
  TensorStatistics stats = statisticsOf(heavyTailed(50000, 40.0));
  Range chosen = selectRange(stats, RangeMethod::Auto);
  for (RangeMethod method : {RangeMethod::MinMax, RangeMethod::Percentile,
                             RangeMethod::Entropy, RangeMethod::Mse})
    EXPECT_GE(chosen.sqnrDb, selectRange(stats, method).sqnrDb) << rangeMethodName(method);
  EXPECT_NE(chosen.method, RangeMethod::Auto);
}

TEST(RangeSelection, StatisticsDoNotDependOnOrder) {
  std::vector<double> values = heavyTailed(20000, 30.0);
  std::vector<double> shuffled = values;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(3));
  TensorStatistics a = statisticsOf(values), b = statisticsOf(shuffled);
  EXPECT_EQ(a.values.counts, b.values.counts);
  EXPECT_EQ(a.magnitudes.counts, b.magnitudes.counts);
  Range ra = selectRange(a, RangeMethod::Auto), rb = selectRange(b, RangeMethod::Auto);
  EXPECT_EQ(ra.lo, rb.lo);
  EXPECT_EQ(ra.hi, rb.hi);
}

TEST(RangeSelection, ParsesMethodNames) {
  EXPECT_EQ(parseRangeMethod("entropy"), RangeMethod::Entropy);
  EXPECT_EQ(parseRangeMethod("kl"), std::nullopt);
}

} // namespace
