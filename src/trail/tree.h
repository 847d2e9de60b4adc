// The parsed form of a CloudTrail file: a lean JSON tree for reading events fast.
//
// json::parse() builds a located tree (byte offsets of every value and key, duplicate keys
// reported) for documents whose findings point at a line and column. Events need none of that:
// a finding about an event names its file and record. Tree keeps what detections read — kinds,
// keys, strings unescaped, numbers as written, booleans — and reuses its storage from one file to
// the next, so reading a log costs little more than simdjson's own pass over the bytes.
//
// A TreeParser owns the simdjson parsers whose buffers hold the strings and numbers of the last
// Tree it built: a Tree is valid until its parser parses again. Duplicate keys are kept; member() finds
// the first, as json::Document::member() does. Not thread-safe: one TreeParser per thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace iw::trail {

// a == b for keys: most keys an event is searched for differ from the others in size or first
// byte, which this checks before calling memcmp.
inline bool same_key(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || (a[0] == b[0] && std::memcmp(a.data(), b.data(), a.size()) == 0));
}

struct TreeNode {
  json::Kind kind = json::Kind::null;
  bool boolean = false;
  std::uint32_t first_child = json::kNone;
  std::uint32_t next_sibling = json::kNone;
  std::string_view text;  // string: unescaped; number: as written; else empty
  std::string_view key;   // object members: the unescaped key
};

class Tree {
 public:
  const TreeNode& root() const { return nodes_[0]; }

  // Iterates the children of an array or object: for (const TreeNode& c : tree.children(n)).
  using ChildRange = json::SiblingRange<TreeNode>;
  ChildRange children(const TreeNode& parent) const;
  // The first member of `object` named `key`, or nullptr (also when `object` is no object).
  const TreeNode* member(const TreeNode& object, std::string_view key) const {
    if (object.kind != json::Kind::object) return nullptr;
    for (std::uint32_t i = object.first_child; i != json::kNone; i = nodes_[i].next_sibling) {
      if (same_key(nodes_[i].key, key)) return &nodes_[i];
    }
    return nullptr;
  }

 private:
  friend class TreeParser;
  std::vector<TreeNode> nodes_;
};

inline Tree::ChildRange Tree::children(const TreeNode& parent) const { return ChildRange(&nodes_, parent.first_child); }

class TreeParser {
 public:
  TreeParser();
  ~TreeParser();
  TreeParser(const TreeParser&) = delete;
  TreeParser& operator=(const TreeParser&) = delete;

  // Parses the JSON text `text`, which must be followed in memory by json::kPadding readable
  // bytes, into `tree` (its previous content is dropped). Accepts exactly what json::parse()
  // accepts under `limits`; on failure returns false and fills `error` with json::parse()'s
  // located message. `tree` keeps views into `text` and into this parser's buffers.
  bool parse(std::string_view text, const json::Limits& limits, Tree& tree, json::ParseError& error);
  // parse() for a text that may be CloudTrail's S3 delivery form, {"Records": [...]}: when the
  // root is an object whose first member named `member` is an array, builds each element of that
  // array into `tree` in turn (as the tree's root), calls on_element(tree), sets `each` and
  // returns true. The tree holds one element at a time, so reading a large file stays in the
  // cache. Otherwise (`each` false; always when `member` is empty) exactly parse(). A text whose
  // numbers must keep their written form is built whole.
  bool parse_each(std::string_view text, std::string_view member, const json::Limits& limits, Tree& tree,
                  json::ParseError& error, const std::function<void(const Tree&)>& on_element, bool& each);
  // Room for texts of `bytes` bytes without growing (made on the calling thread).
  void reserve(std::size_t bytes);
  // The same for a text without padding (copied first).
  bool parse_copy(std::string_view text, const json::Limits& limits, Tree& tree, json::ParseError& error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `node` of `tree` as compact JSON text (numbers as written).
std::string to_json(const Tree& tree, const TreeNode& node);

}  // namespace iw::trail
