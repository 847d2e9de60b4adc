#include "json/split.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <tuple>
#include <vector>

#include "json/ondemand.h"

namespace iw::json::detail {

namespace {

// A piece ends just after a comma. When that comma was inside a string, stage 1 finds the
// string unclosed and the piece ends at an earlier comma, this many times at most.
constexpr int kCutTries = 8;

// This thread's stage-1 parser, its index sized for a piece of `bytes`; nullptr when it cannot
// be made. (A piece's index, about one structural character per ten bytes, stays in the caches
// and is reused from piece to piece.)
simdjson::internal::dom_parser_implementation* stage1_parser(std::size_t bytes) {
  thread_local std::unique_ptr<simdjson::internal::dom_parser_implementation> parser;
  if (!parser && simdjson::get_active_implementation()->create_dom_parser_implementation(bytes, 1, parser)) {
    parser.reset();
  }
  if (parser && parser->capacity() < bytes && parser->set_capacity(bytes)) parser.reset();
  return parser.get();
}

// What a structural character does to the nesting depth.
constexpr std::array<signed char, 256> kDepthChange = [] {
  std::array<signed char, 256> change{};
  change['{'] = change['['] = 1;
  change['}'] = change[']'] = -1;
  return change;
}();

// The end of the next piece of `text` from `begin`: the whole rest when it fits, else just past
// the last comma before `limit` (npos when there is none).
std::size_t cut(std::string_view text, std::size_t begin, std::size_t limit) {
  if (limit >= text.size()) return text.size();
  const void* comma = limit > begin ? ::memrchr(text.data() + begin, ',', limit - begin) : nullptr;
  return comma == nullptr ? std::string_view::npos
                          : static_cast<const char*>(comma) - text.data() + 1;
}

// Walks the structural characters of the text, in order, piece after piece: the root object's
// members are built as parse() builds them; the elements of split arrays are recorded as spans,
// walked strictly up to their select_member's value (without one, their first member's), then
// only counted to their end (as On-Demand skips a value).
class Walker {
 public:
  using Splits = std::vector<std::pair<std::uint32_t, std::vector<Span>>>;
  Walker(std::string_view text, const char* padded, const ParseOptions& options, std::vector<Node>& nodes,
         Splits& splits)
      : text_(text), padded_(padded), options_(options), nodes_(nodes), splits_(splits) {}

  // `count` structural characters, at `base` + at[i]. False when the text is not what the walk
  // builds.
  bool walk(const std::uint32_t* at, std::size_t count, std::size_t base) {
    const unsigned char* piece = reinterpret_cast<const unsigned char*>(padded_) + base;
    for (std::size_t i = 0; i < count; ++i) {
      if (depth_ > 0) {
        for (; i < count; ++i) {
          depth_ += kDepthChange[piece[at[i]]];
          if (depth_ == 0) break;
        }
        if (i == count) return true;
        if (!skipped(base + at[i])) return false;
        continue;
      }
      if (!step(base + at[i])) return false;
    }
    return true;
  }

  bool done() const { return state_ == State::done; }

 private:
  enum class State : unsigned char {
    root,            // expects the root's '{'
    key_or_end,      // a root key or '}'
    key,             // a root key
    colon,           // the ':' after a root key
    value,           // a root member's value
    next,            // ',' or the root's '}'
    element_or_end,  // a split array's first element or ']'
    element,         // an element
    next_element,    // ',' or ']'
    field_or_end,    // an element's first key or '}'
    field,           // an element's key
    field_colon,     // the ':' after it
    field_value,     // its value
    next_field,      // ',' or the element's '}'
    done,            // past the root
  };

  bool step(std::size_t at) {
    const char c = text_[at];
    switch (state_) {
      case State::root:
        if (c != '{') return false;
        add_node(at, Kind::object);
        state_ = State::key_or_end;
        return true;
      case State::key_or_end:
        if (c == '}') return close_root(at);
        [[fallthrough]];
      case State::key: return root_key(at);
      case State::colon: return expect(c, ':', State::value);
      case State::value: return root_value(at);
      case State::next:
        if (c == '}') return close_root(at);
        return expect(c, ',', State::key);
      case State::element_or_end:
        if (c == ']') return close_array(at);
        [[fallthrough]];
      case State::element:
        if (c != '{') return false;
        span_ = {static_cast<std::uint32_t>(at), 0, {}};
        state_ = State::field_or_end;
        return true;
      case State::next_element:
        if (c == ']') return close_array(at);
        return expect(c, ',', State::element);
      case State::field_or_end:
        if (c == '}') return close_element(at);
        [[fallthrough]];
      case State::field:
        if (c != '"') return false;
        // Without a select_member only the first member is walked, then the rest counted.
        selecting_ = options_.select_member.empty() || string_at(at) == options_.select_member;  // (as written)
        state_ = State::field_colon;
        return true;
      case State::field_colon: return expect(c, ':', State::field_value);
      case State::field_value:
        if (c == '}' || c == ']' || c == ',' || c == ':') return false;
        if (selecting_) {  // the first such member: the rest of the element is only counted
          if (!options_.select_member.empty() && c == '"' && (span_.selector = string_at(at)).data() == nullptr) {
            return false;
          }
          return skip_rest(1 + kDepthChange[static_cast<unsigned char>(c)]);
        }
        if (c == '{' || c == '[') {
          depth_ = 1;
          rest_ = false;
          return true;
        }
        state_ = State::next_field;
        return true;
      case State::next_field:
        if (c == '}') return close_element(at);
        return expect(c, ',', State::field);
      case State::done: return false;  // content after the root
    }
    return false;
  }

  bool expect(char c, char wanted, State then) {
    if (c != wanted) return false;
    state_ = then;
    return true;
  }

  // A string without escapes at `quote`, viewed in the text; a null view for one with an escape.
  std::string_view string_at(std::size_t quote) const {
    const std::string_view s = string_in_place(padded_ + quote);
    return s.data() == nullptr ? s : text_.substr(quote + 1, s.size());
  }

  bool root_key(std::size_t at) {
    if (text_[at] != '"') return false;
    key_ = string_at(at);
    if (key_.data() == nullptr || std::find(keys_.begin(), keys_.end(), key_) != keys_.end()) return false;
    keys_.push_back(key_);
    key_offset_ = static_cast<std::uint32_t>(at);
    state_ = State::colon;
    return true;
  }

  // A split array, a string without escapes, or true, false, null; else false.
  bool root_value(std::size_t at) {
    const char c = text_[at];
    state_ = State::next;
    if (c == '[' && std::find(options_.split.begin(), options_.split.end(), key_) != options_.split.end()) {
      array_ = add_member(at, Kind::array);
      state_ = State::element_or_end;
      return true;
    }
    if (c == '"') {
      const std::string_view s = string_at(at);
      if (s.data() == nullptr) return false;
      Node& n = nodes_[add_member(at, Kind::string)];
      n.text = s;
      n.end = static_cast<std::uint32_t>(at + s.size() + 2);
      return true;
    }
    for (const auto& [word, kind, value] : {std::tuple{"true", Kind::boolean, true},
                                             std::tuple{"false", Kind::boolean, false},
                                             std::tuple{"null", Kind::null, false}}) {
      const std::size_t size = std::strlen(word);
      if (text_.substr(at, size) != word || !ends_atom(at + size)) continue;
      Node& n = nodes_[add_member(at, kind)];
      n.boolean = value;
      n.end = static_cast<std::uint32_t>(at + size);
      return true;
    }
    return false;
  }

  bool ends_atom(std::size_t at) const {
    if (at >= text_.size()) return false;
    const char c = text_[at];
    return is_space(c) || c == ',' || c == '}';
  }

  bool skip_rest(int depth) {
    depth_ = depth;
    rest_ = true;
    return true;
  }

  // The value being counted ended at `at`: a member's value, or the element.
  bool skipped(std::size_t at) {
    if (!rest_) {
      state_ = State::next_field;
      return true;
    }
    return text_[at] == '}' && close_element(at);
  }

  bool close_element(std::size_t at) {
    span_.end = static_cast<std::uint32_t>(at + 1);
    spans_.push_back(span_);
    state_ = State::next_element;
    return true;
  }

  bool close_array(std::size_t at) {
    nodes_[array_].end = static_cast<std::uint32_t>(at + 1);
    splits_.emplace_back(nodes_[array_].offset, std::move(spans_));
    spans_ = {};
    state_ = State::next;
    return true;
  }

  bool close_root(std::size_t at) {
    nodes_[0].end = static_cast<std::uint32_t>(at + 1);
    state_ = State::done;
    return true;
  }

  std::uint32_t add_node(std::size_t at, Kind kind) {
    Node& n = nodes_.emplace_back();
    n.offset = static_cast<std::uint32_t>(at);
    n.kind = kind;
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }

  std::uint32_t add_member(std::size_t at, Kind kind) {
    const std::uint32_t index = add_node(at, kind);
    nodes_[index].key = key_;
    nodes_[index].key_offset = key_offset_;
    Node& root = nodes_[0];
    if (last_ == kNone) {
      root.first_child = index;
    } else {
      nodes_[last_].next_sibling = index;
    }
    last_ = index;
    ++root.child_count;
    return index;
  }

  std::string_view text_;
  const char* padded_;  // the same bytes, followed by kPadding readable ones
  const ParseOptions& options_;
  std::vector<Node>& nodes_;
  Splits& splits_;
  State state_ = State::root;
  std::int64_t depth_ = 0;  // > 0: counting the brackets of a value to its end
  bool rest_ = false;       // the value counted is the rest of an element
  bool selecting_ = false;  // the current field is the element's select_member
  std::vector<std::string_view> keys_;  // the root's
  std::string_view key_;
  std::uint32_t key_offset_ = 0;
  std::uint32_t last_ = kNone;   // the root's last member
  std::uint32_t array_ = kNone;  // the split array being walked
  std::vector<Span> spans_;      // its elements so far
  Span span_;                    // the element being walked
};

}  // namespace

std::unique_ptr<Document> chunked_split(std::string_view text, const char* padded, const Limits& limits,
                                        const ParseOptions& options) {
  const std::size_t piece = std::min(options.split_piece, text.size());
  simdjson::internal::dom_parser_implementation* parser = stage1_parser(piece);
  if (parser == nullptr || limits.max_depth <= 2) return nullptr;  // (parse() builds the lists then)
  auto doc = std::make_unique<Document>();
  Walker walker(text, padded, options, doc->nodes_, doc->splits_);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(padded);
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = cut(text, begin, begin + piece);
    simdjson::error_code error = simdjson::UNCLOSED_STRING;
    for (int tries = 0; tries < kCutTries && end != std::string_view::npos; ++tries) {
      error = parser->stage1(bytes + begin, end - begin, simdjson::stage1_mode::regular);
      if (error != simdjson::UNCLOSED_STRING || end == text.size()) break;
      end = cut(text, begin, end - 1);
    }
    if (end == std::string_view::npos || error ||
        !walker.walk(parser->structural_indexes.get(), parser->n_structural_indexes, begin)) {
      return nullptr;
    }
    begin = end;
  }
  return walker.done() ? std::move(doc) : nullptr;
}

}  // namespace iw::json::detail
