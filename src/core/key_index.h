// KeyIndex: the positions of a list's string keys, by hash (open addressing, no allocation per
// key): find() gives the first position, in list order, whose key equals the one wanted. The
// keys are not copied: the list must outlive the index and keep its keys unchanged.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace iw {

class KeyIndex {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  KeyIndex() = default;
  // `key(i)` is the key of position i < n, a string_view (or convertible to one).
  template <typename Key>
  KeyIndex(std::size_t n, Key key) {
    std::size_t slots = 16;
    while (slots < 2 * n) slots *= 2;
    slots_.assign(slots, {0, 0});
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t h = hash(key(i));
      std::size_t s = h & (slots - 1);
      while (slots_[s].second != 0) s = (s + 1) & (slots - 1);
      slots_[s] = {h, static_cast<std::uint32_t>(i + 1)};
    }
  }

  bool empty() const { return slots_.empty(); }

  // The first position whose key is `wanted` (checked with the same `key`), or npos.
  template <typename Key>
  std::size_t find(std::string_view wanted, Key key) const {
    if (slots_.empty()) return npos;
    // Equal keys were placed in list order along the same probe sequence: the first met is first.
    const std::uint64_t h = hash(wanted);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = h & mask; slots_[s].second != 0; s = (s + 1) & mask) {
      const std::size_t i = slots_[s].second - 1;
      if (slots_[s].first == h && std::string_view(key(i)) == wanted) return i;
    }
    return npos;
  }

 private:
  static std::uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> slots_;  // key hash, position + 1 (0: empty)
};

}  // namespace iw
