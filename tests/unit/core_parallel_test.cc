// core/parallel.h and core/lasting.h: every item runs once, and the error reported is the one of
// the lowest failing index, whatever the threads' timing.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/lasting.h"
#include "core/parallel.h"

namespace iw {
namespace {

TEST(Parallel, EveryItemRunsOnce) {
  std::vector<std::atomic<int>> runs(10007);
  parallel_for(runs.size(), 4, [&](std::size_t i) { ++runs[i]; });
  for (std::size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i], 1) << i;
}

TEST(Parallel, TheLowestFailingItemIsReported) {
  for (int round = 0; round < 50; ++round) {
    std::vector<std::atomic<int>> runs(5000);
    try {
      parallel_for(runs.size(), 3, [&](std::size_t i) {
        ++runs[i];
        if (i == 1234 || i == 3000 || i == 4999) throw std::runtime_error(std::to_string(i));
      });
      FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
      ASSERT_EQ(std::string(e.what()), "1234") << "round " << round;
    }
    for (std::size_t i = 0; i <= 1234; ++i) ASSERT_EQ(runs[i], 1) << "item " << i << " below the failure skipped";
  }
}

TEST(Parallel, OneThreadRunsInOrderAndStopsAtTheFirstError) {
  std::vector<std::size_t> order;
  EXPECT_THROW(parallel_for(10, 1, [&](std::size_t i) {
                 order.push_back(i);
                 if (i == 6) throw std::runtime_error("six");
               }),
               std::runtime_error);
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(Lasting, KeepsTheObjectAlive) {
  std::vector<int>& v = lasting<std::vector<int>>(3, 7);
  v.push_back(8);
  EXPECT_EQ(lasting<std::vector<int>>(v).size(), 4u);
  EXPECT_EQ(v.back(), 8);
}

}  // namespace
}  // namespace iw
