// A located JSON tree, built from simdjson's On-Demand parser.
//
// parse() reads one JSON text and returns a tree in which every value and every object key
// carries its byte offset in the source, so that findings can name line and column. Unlike
// most JSON libraries it reports duplicate object keys (IAM rejects them) instead of keeping
// the last one, in time linear in the number of keys. Input limits (size, nesting depth) are enforced; exceeding them is an error,
// never a crash. The tree is immutable after parse() and safe to read from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iw::json {

enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
std::string_view to_string(Kind k);

inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;

struct Node {
  Kind kind = Kind::null;
  bool boolean = false;
  std::uint32_t offset = 0;      // byte offset of the value's first character
  std::uint32_t end = 0;         // byte offset just past the value's last character
  std::uint32_t key_offset = 0;  // object members: byte offset of the key's opening quote
  std::string_view text;         // string: unescaped; number: as written; else empty (views of
                                 // the source when it has no escape, else of the document)
  std::string_view key;          // object members: the unescaped key (viewed the same way)
  std::uint32_t first_child = kNone;
  std::uint32_t next_sibling = kNone;
  std::uint32_t child_count = 0;
};

// A key repeated in one object. Every later occurrence is reported once, against the first
// occurrence; duplicate_keys() lists them in document order.
struct DuplicateKey {
  std::string key;
  std::uint32_t offset;        // of the later occurrence
  std::uint32_t first_offset;  // of the first occurrence
};

struct Limits {
  std::size_t max_bytes = 64u << 20;  // 64 MiB
  std::size_t max_depth = 64;
};

// How parse() reads its input, beyond the limits.
struct ParseOptions {
  // The text is followed in memory by at least kPadding readable bytes (as a SourceText's is):
  // parse it in place instead of copying it.
  bool padded = false;
  // When set: the value of the root object's member of this name, when it is an array, is not
  // read. Its node has kind array, offset and end, but no children and child_count 0; its content
  // is not validated. The caller reads it itself (simulate streams a batch's requests so).
  std::string_view unread_array;
  // Arrays that are members of the root object under these names (the lists of an account
  // snapshot) are split instead of built: their node has kind array, offset and end, no
  // children, and Document::elements() gives the span of each element, which the caller parses
  // on its own (with `origin`, on any thread). Elements are checked no further than every value
  // is (balanced, valid UTF-8) until then.
  std::vector<std::string_view> split;
  // With `split`: the member of this name of each object element, when it is a string, is
  // recorded as the element's Span::selector, so that the caller can choose elements unparsed.
  std::string_view select_member;
  // With `split`: stage 1 indexes a large text about this many bytes at a time (json/split.h);
  // 0 indexes it whole. Both give the same Document.
  std::size_t split_piece = 256u << 10;
  // With `split`: a text of at least this many bytes is indexed in two halves at once, the
  // second on a thread of its own from an element boundary near the middle (kept only when the
  // walk of the first half arrives at that boundary between two elements of a split array;
  // json/split.h). The Document is the same either way.
  std::size_t split_halves_from = 8u << 20;
  // The text is the part of a larger text that starts at this offset (an element that `split`
  // gave): every offset of the document and of an error counts from the larger text's start.
  std::uint32_t origin = 0;
};

inline constexpr std::size_t kPadding = 64;

// An element of a split array: the bytes [begin, end) of the text, and the value of its
// ParseOptions::select_member (null when it has none that is a string; valid while the
// Document and the text live).
struct Span {
  std::uint32_t begin = 0, end = 0;
  std::string_view selector;
};

struct ParseError {
  std::string message;
  std::uint32_t offset = 0;
};

class Document;
class Builder;
namespace detail {
struct Halves;
std::unique_ptr<Document> chunked_split(std::string_view text, const char* padded, const Limits& limits,
                                        const ParseOptions& options, Halves* halves);
}  // namespace detail

// The children of a node in a vector of nodes linked by first_child / next_sibling (this tree's
// and trail's lean event tree): for (const N& c : range).
template <typename N>
class SiblingRange {
 public:
  class iterator {
   public:
    iterator(const std::vector<N>* nodes, std::uint32_t i) : nodes_(nodes), index_(i) {}
    const N& operator*() const { return (*nodes_)[index_]; }
    iterator& operator++() {
      index_ = (*nodes_)[index_].next_sibling;
      return *this;
    }
    bool operator!=(const iterator& o) const { return index_ != o.index_; }

   private:
    const std::vector<N>* nodes_;
    std::uint32_t index_;
  };
  SiblingRange(const std::vector<N>* nodes, std::uint32_t first) : nodes_(nodes), first_(first) {}
  iterator begin() const { return {nodes_, first_}; }
  iterator end() const { return {nodes_, kNone}; }

 private:
  const std::vector<N>* nodes_;
  std::uint32_t first_;
};

// Parses `text` (which must stay alive as long as the Document).
// On failure returns nullptr and fills `error`.
std::unique_ptr<Document> parse(std::string_view text, ParseError& error, const Limits& limits = {});
std::unique_ptr<Document> parse(std::string_view text, ParseError& error, const Limits& limits,
                                const ParseOptions& options);

class Document {
 public:
  const Node& root() const { return nodes_[0]; }
  const Node& node(std::uint32_t index) const { return nodes_[index]; }
  const std::vector<DuplicateKey>& duplicate_keys() const { return duplicates_; }
  // The elements of an array that ParseOptions::split named, in order; empty for another node.
  std::span<const Span> elements(const Node& array) const;

  // Iterates the children of an array or object: for (const Node& c : doc.children(n)).
  using ChildRange = SiblingRange<Node>;
  ChildRange children(const Node& parent) const;
  // The first member of `object` named `key` (exact match), or nullptr.
  const Node* member(const Node& object, std::string_view key) const;

 private:
  friend class Builder;
  friend std::unique_ptr<Document> detail::chunked_split(std::string_view, const char*, const Limits&,
                                                        const ParseOptions&, detail::Halves*);
  friend std::unique_ptr<Document> parse(std::string_view, ParseError&, const Limits&, const ParseOptions&);
  std::vector<Node> nodes_;
  std::string strings_;  // storage for unescaped strings; reserved so views stay valid
  std::vector<DuplicateKey> duplicates_;
  void shift(std::uint32_t origin);  // ParseOptions::origin
  std::vector<std::pair<std::uint32_t, std::vector<Span>>> splits_;  // split array's offset, elements
};

inline Document::ChildRange Document::children(const Node& parent) const {
  return ChildRange(&nodes_, parent.first_child);
}

}  // namespace iw::json
