// What each principal did before: the APIs, source IPs, user agents and regions it used, each
// with when it was first and last seen (contracts.md §6, `trail baseline`). Learned from events,
// saved to and loaded from an SQLite database, and asked by the detector (`detect --baseline`)
// whether a value is new.
//
// The file holds one table:
//   seen(principal TEXT, field TEXT, value TEXT, first_seen TEXT, last_seen TEXT, count INTEGER,
//        PRIMARY KEY (principal, field, value))
// field is one of "api" ("iam:CreateUser"), "ip", "user_agent", "region"; times are ISO 8601 UTC.
// Principals are keyed as principal_key() (events.h) does: an assumed role by its role ARN.
// Not thread-safe.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>

#include "trail/events.h"

namespace iw::trail {

class Baseline {
 public:
  enum class Field { api, ip, user_agent, region };
  static constexpr std::array<std::string_view, 4> kFieldNames = {"api", "ip", "user_agent", "region"};

  struct Seen {
    Timestamp first = 0, last = 0;
    long long count = 0;
  };

  // Records the principal, call, IP, user agent and region of `e` (failed calls too: an attempt
  // shows the principal at work).
  void learn(const Event& e);

  // Adds what `other` learned (events of other files): the union of values, the earliest first
  // and latest last seen, counts summed. Learning parts separately and merging them gives the
  // baseline of learning all the events.
  void merge(const Baseline& other);

  // True when the baseline holds anything for `principal`.
  bool knows(std::string_view principal) const { return principals_.contains(principal); }
  bool seen(std::string_view principal, Field field, std::string_view value) const;

  // The baseline as JSON text, to travel between processes before merge():
  // {"format": "iamwarden-trail-baseline-1", "seen": [[principal, field, value, first, last, count], ...]}
  // with times in seconds. from_json() throws std::runtime_error when `text` is not one.
  std::string to_json() const;
  static Baseline from_json(std::string_view text);

  std::size_t principal_count() const { return principals_.size(); }

  // Writes the baseline to `path` (replacing the file). Throws std::runtime_error naming the file.
  void save(const std::string& path) const;
  // Reads a baseline written by save(). Throws std::runtime_error naming the file when it cannot
  // be opened or is not a baseline.
  static Baseline load(const std::string& path);

  using Values = std::map<std::string, Seen, std::less<>>;
  // principal -> per field -> value -> first/last seen.
  const std::map<std::string, std::array<Values, 4>, std::less<>>& principals() const { return principals_; }

 private:
  void note(std::array<Values, 4>& p, Field f, std::string_view value, Timestamp t);
  std::map<std::string, std::array<Values, 4>, std::less<>> principals_;
};

}  // namespace iw::trail
