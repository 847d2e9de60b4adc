// The AWS shared config and credentials files (~/.aws/config, ~/.aws/credentials), read as the
// AWS CLI reads them.
//
// Format: `[section]` headers; `key = value` lines (whitespace around key and value trimmed);
// full-line comments starting with `#` or `;`; an indented line right after `key =` with an
// empty value starts a nested block (`s3 =\n  max_concurrent_requests = 10`), kept as
// "key.subkey". Keys are case-sensitive, as in the CLI. A later duplicate section merges into
// the earlier one; a later duplicate key replaces the earlier value. Anything else (a key before
// any section, a line without `=`, an unclosed `[`) is an IniError naming the line.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace iw::aws {

struct IniError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>;

// Parses `text`; `name` (a file path) prefixes error messages: "NAME:LINE: message".
IniFile parse_ini(std::string_view text, std::string_view name);

}  // namespace iw::aws
