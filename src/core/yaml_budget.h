// A guard for yaml-cpp on untrusted text.
//
// yaml-cpp 0.7 (Debian 12) can loop forever on some malformed documents: a tag before an unclosed
// flow sequence ("!t,:e [\nt:e [\n", found by fuzzing Sigma rules) makes it emit parse events
// without end, and YAML::Load allocates nodes for them until memory runs out. A well-formed
// document yields at most about one event per byte, so check_yaml_terminates() runs the event
// parser over every document of `text` under a budget of events proportional to its size, and
// throws YAML::ParserException (its mark: where the parser was) once the budget is spent. Call it
// before YAML::Load or YAML::LoadAll on text from a user; the parser's own errors are left to the
// load that follows (the guard returns normally on them).
#pragma once

#include <yaml-cpp/exceptions.h>

#include <streambuf>
#include <string_view>

namespace iw {

// What check_yaml_terminates() throws: a YAML::ParserException, so that the callers' handling of
// yaml-cpp's errors (file, line, column) words it too.
struct YamlDoesNotEnd : YAML::ParserException {
  using YAML::ParserException::ParserException;
};

void check_yaml_terminates(std::string_view text);

// `text` as a read-only stream buffer (yaml-cpp's parser reads a std::istream), without a copy.
class TextBuffer : public std::streambuf {
 public:
  explicit TextBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // read only: the get area is never written
    setg(begin, begin, begin + text.size());
  }
};

}  // namespace iw
