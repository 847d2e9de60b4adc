// A guard for yaml-cpp on untrusted text.
//
// yaml-cpp 0.7 (Debian 12) can loop forever on some malformed texts: after "!t,:e [\nt:e [\n"
// or ",aA" (both found by fuzzing Sigma rules and templates) its parser yields events without end,
// and YAML::LoadAll builds nodes for them until memory runs out (9 GB in 20 s). A well-formed text
// yields at most about one event per byte, so check_yaml_terminates() runs the event parser over
// the documents the load will read (the first, for YAML::Load; all of them, for YAML::LoadAll)
// under a budget of events proportional to the text's size, and throws YAML::ParserException (its
// mark: where the parser was) once the budget is spent. Call it before loading text from a user;
// the parser's own errors are left to the load that follows (the guard returns normally on them).
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

enum class YamlDocuments { first, all };  // what YAML::Load, YAML::LoadAll read
void check_yaml_terminates(std::string_view text, YamlDocuments documents);

// `text` as a read-only stream buffer (yaml-cpp's parser reads a std::istream), without a copy.
class TextBuffer : public std::streambuf {
 public:
  explicit TextBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // read only: the get area is never written
    setg(begin, begin, begin + text.size());
  }
};

}  // namespace iw
