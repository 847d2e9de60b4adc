// KeyIndex: the first position of a key, in list order, whatever the collisions.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/key_index.h"

namespace iw {
namespace {

TEST(KeyIndex, FindsTheFirstPositionOfEachKeyAndNothingElse) {
  std::mt19937 rng(7);
  std::vector<std::string> keys;
  for (int i = 0; i < 5000; ++i) keys.push_back("arn:aws:iam::111122223333:policy/p-" + std::to_string(rng() % 2000));
  keys.push_back("");  // an empty key is a key like another
  const auto key = [&](std::size_t i) -> std::string_view { return keys[i]; };
  const KeyIndex index(keys.size(), key);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::size_t first = static_cast<std::size_t>(std::find(keys.begin(), keys.end(), keys[i]) - keys.begin());
    ASSERT_EQ(index.find(keys[i], key), first) << keys[i];
  }
  EXPECT_EQ(index.find("arn:aws:iam::111122223333:policy/p-2000", key), KeyIndex::npos);
  EXPECT_EQ(index.find("arn:aws:iam::111122223333:policy/p-", key), KeyIndex::npos);
  EXPECT_EQ(KeyIndex().find("", key), KeyIndex::npos);
  EXPECT_TRUE(KeyIndex().empty());
  EXPECT_FALSE(KeyIndex(0, key).empty());  // built for no key: finds nothing
  EXPECT_EQ(KeyIndex(0, key).find("", key), KeyIndex::npos);
}

}  // namespace
}  // namespace iw
