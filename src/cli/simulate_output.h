// The answers of `iamwarden simulate` for one decision (docs/simulate.md): the JSON object of
// contracts.md §4 and the text explanation. Batch and NDJSON outputs are sequences of these.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "core/json_writer.h"
#include "eval/engine.h"
#include "eval/request_file.h"

namespace iw::cli {

// Writes answers for decisions on the policies of one request file. Labels ("identity[0]") and
// statement locations ("file:line:column") are computed once per policy and statement, since
// a batch names the same ones in answer after answer. `file` must outlive it.
class Answers {
 public:
  explicit Answers(const eval::RequestFile& file) : file_(file) {}

  // Appends {"decision": ..., "denied_by": [...], "matched": [...]} (compact, no newline).
  void json(std::string& out, const eval::Decision& d);
  // Appends the text explanation of `d` for request `r`.
  void text(std::string& out, const eval::Decision& d, const eval::Request& r);

 private:
  using Key = std::tuple<eval::Layer, std::int32_t, std::int32_t, std::uint32_t>;
  const std::string& label(const eval::PolicyRef& ref);
  const std::string& name(const eval::PolicyRef& ref);
  const std::string& location(const eval::PolicyRef& ref, std::uint32_t offset);
  void append_match(std::string& out, const eval::Match& m);

  const eval::RequestFile& file_;
  JsonWriter writer_;
  std::map<Key, std::string> labels_;     // offset 0
  std::map<Key, std::string> names_;      // offset 0
  std::map<Key, std::string> locations_;
};

}  // namespace iw::cli
