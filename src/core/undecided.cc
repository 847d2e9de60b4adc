#include "core/undecided.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/json_writer.h"

namespace iw {

void merge_undecided(std::vector<Undecided>& list, const Undecided& u) {
  for (Undecided& have : list) {
    if (have.what != u.what || have.needs != u.needs) continue;
    have.ids.insert(have.ids.end(), u.ids.begin(), u.ids.end());
    std::sort(have.ids.begin(), have.ids.end());
    have.ids.erase(std::unique(have.ids.begin(), have.ids.end()), have.ids.end());
    return;
  }
  list.push_back(u);
}

void write_undecided(JsonWriter& w, const std::vector<Undecided>& list) {
  if (list.empty()) return;
  w.key("undecided").begin_array();
  for (const Undecided& u : list) w.begin_object().key(u.what).value(u.ids).member("needs", u.needs).end_object();
  w.end_array();
}

std::string undecided_line(const Undecided& u) {
  constexpr std::size_t kShown = 4;  // the JSON "undecided" lists every id
  if (u.ids.size() <= kShown) return fmt::format("undecided without {}: {} {}", u.needs, u.what, fmt::join(u.ids, ", "));
  return fmt::format("undecided without {}: {} {} ({}, ... ; --format json lists them)", u.needs, u.ids.size(), u.what,
                     fmt::join(u.ids.begin(), u.ids.begin() + kShown, ", "));
}

}  // namespace iw
