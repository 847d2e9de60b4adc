// A small JSON value tree for what collect writes: AWS responses turned into the JSON the AWS
// CLI prints (from XML with pugixml, or from the JSON protocols), merged across pages, written
// with the project's JsonWriter. Members keep their order (and repeats, inside policies).
//
// The XML reader is the one parser of untrusted XML here (fuzz/fuzz_aws_xml.cc): it never
// recurses deeper than kMaxDepth and rejects more than kMaxBytes of input.
#pragma once

#include <cstddef>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_writer.h"

namespace iw::aws {

struct Value {
  enum class Kind { null, boolean, number, string, array, object };
  struct Member;  // a key and its value (std::pair's members, defined after Value is complete)
  Kind kind = Kind::null;
  std::string text;              // string value, number as written, "true"/"false"
  std::vector<Value> items;      // array
  std::vector<Member> members;   // object

  static Value string(std::string s);
  static Value number(std::string s);
  static Value boolean(bool b);
  static Value array();
  static Value object();

  // Object members: the first named `key`, or nullptr. set() replaces it or appends.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  Value& set(std::string key, Value v);
  // The member's string ("" when absent or not a string).
  std::string str(std::string_view key) const;

 private:
  static Value of(Kind kind, std::string text);
};

struct Value::Member {
  Member(std::string key, Value value) : first(std::move(key)), second(std::move(value)) {}
  std::string first;
  Value second;
};

// Defined after the class: a Value's members (vectors of Values) are complete types only here,
// which clang requires of the implicit destructor these functions use.
inline Value Value::of(Kind kind, std::string text) {
  Value v;
  v.kind = kind;
  v.text = std::move(text);
  return v;
}
inline Value Value::string(std::string s) { return of(Kind::string, std::move(s)); }
inline Value Value::number(std::string s) { return of(Kind::number, std::move(s)); }
inline Value Value::boolean(bool b) { return of(Kind::boolean, b ? "true" : "false"); }
inline Value Value::array() { return of(Kind::array, {}); }
inline Value Value::object() { return of(Kind::object, {}); }

void write(const Value& v, JsonWriter& w);
// Pretty JSON text with a trailing newline.
std::string to_json_text(const Value& v);

struct XmlError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// How the XML of a query API maps to the CLI's JSON: elements whose children are all <member>
// (or <item>) are arrays; these names are arrays even when empty, numbers, booleans, or
// URL-encoded policy documents (decoded and embedded as JSON objects when they parse).
struct XmlShape {
  std::set<std::string, std::less<>> lists, integers, booleans, documents;
};

// The shape of the IAM, STS, SNS, SQS and EC2 responses collect and remediate read.
const XmlShape& default_shape();

inline constexpr std::size_t kMaxXmlBytes = 256u << 20;
inline constexpr std::size_t kMaxXmlDepth = 64;

// Parses a query-API response and returns the converted content of its <ActionResult> element
// (or of the root element when there is none). Throws XmlError on malformed or oversized XML.
Value parse_xml_response(std::string_view text, const XmlShape& shape = default_shape());

// Parses a JSON text into a Value (throws XmlError -- a response error -- on invalid JSON).
Value parse_json_value(std::string_view text);

}  // namespace iw::aws
