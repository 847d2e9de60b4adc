#include "json/json.h"

#include "json/ondemand.h"
#include "json/split.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <vector>

namespace iw::json {

namespace od = simdjson::ondemand;

std::string_view to_string(Kind k) {
  switch (k) {
    case Kind::null: return "null";
    case Kind::boolean: return "boolean";
    case Kind::number: return "number";
    case Kind::string: return "string";
    case Kind::array: return "array";
    case Kind::object: return "object";
  }
  return "value";
}

namespace {

std::string describe(simdjson::error_code code) {
  switch (code) {
    case simdjson::UNCLOSED_STRING: return "unclosed string";
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::DEPTH_ERROR: return "nesting too deep";
    case simdjson::CAPACITY: return "document too large";
    case simdjson::EMPTY: return "empty document";
    case simdjson::STRING_ERROR: return "invalid string (bad escape or control character)";
    case simdjson::UNESCAPED_CHARS: return "control character inside a string (write it escaped, such as \\t or \\n)";
    case simdjson::NUMBER_ERROR: return "invalid number";
    case simdjson::T_ATOM_ERROR: return "invalid literal (expected true)";
    case simdjson::F_ATOM_ERROR: return "invalid literal (expected false)";
    case simdjson::N_ATOM_ERROR: return "invalid literal (expected null)";
    case simdjson::TRAILING_CONTENT: return "unexpected content after the JSON value";
    case simdjson::TAPE_ERROR:
    case simdjson::INCORRECT_TYPE:
    default: return "malformed JSON (unexpected character or missing ',' ':' '}' ']')";
  }
}

// The keys of one object seen so far, each with the offset of its first occurrence. A linear
// scan while the object is small (most are), a hash set once it grows: linear time in the
// number of keys either way.
class KeySet {
 public:
  // Records `key` at `offset`; returns the offset of its first occurrence when it was already
  // there, else kNone. `key` must outlive the set.
  std::uint32_t insert(std::string_view key, std::uint32_t offset) {
    if (hashed_.empty()) {
      for (std::size_t i = 0; i < size_; ++i) {
        if (small_[i].first == key) return small_[i].second;
      }
      if (size_ < kSmall) {
        small_[size_++] = {key, offset};
        return kNone;
      }
      hashed_.insert(small_.begin(), small_.end());
    }
    const auto [it, added] = hashed_.emplace(key, offset);
    return added ? kNone : it->second;
  }

 private:
  static constexpr std::size_t kSmall = 8;
  std::array<std::pair<std::string_view, std::uint32_t>, kSmall> small_;  // no allocation while small
  std::size_t size_ = 0;
  std::unordered_map<std::string_view, std::uint32_t> hashed_;
};

}  // namespace

class Builder {
 public:
  Builder(std::string_view text, const char* base, const Limits& limits, const ParseOptions& options,
          Document& doc, od::document* od_doc)
      : text_(text), base_(base), limits_(limits), options_(options), doc_(doc), od_doc_(od_doc) {}

  // Builds the node for `value` at depth `depth`; returns its index, or kNone on error.
  template <typename V>
  std::uint32_t build(V& value, std::size_t depth, ParseError& error) {
    const std::uint32_t index = build_value(value, depth, error);
    if (index != kNone) doc_.nodes_[index].end = end_of_consumed();
    return index;
  }

 private:
  // Just past the last value consumed: the iterator stands on the next token (or at the end of
  // the document), so step back over the whitespace before it.
  std::uint32_t end_of_consumed() const {
    std::size_t pos = text_.size();
    const char* at = nullptr;
    if (od_doc_ != nullptr && !od_doc_->current_location().get(at) && at != nullptr) {
      pos = std::min<std::size_t>(static_cast<std::size_t>(at - base_), text_.size());
    }
    return static_cast<std::uint32_t>(trim_end(text_.substr(0, pos)).size());
  }

  template <typename V>
  std::uint32_t build_value(V& value, std::size_t depth, ParseError& error) {
    if (depth > limits_.max_depth) return fail(error, "nesting deeper than the limit", value);
    od::json_type type;
    if (auto e = value.type().get(type)) return fail(error, describe(e), value);
    const std::uint32_t index = add_node(offset_of(value));
    switch (type) {
      case od::json_type::object: return build_object(value, index, depth, error);
      case od::json_type::array: return build_array(value, index, depth, error);
      case od::json_type::string: {
        std::string_view s;
        if (auto e = string_of(value, s)) return fail(error, describe(e), value);
        doc_.nodes_[index].kind = Kind::string;
        doc_.nodes_[index].text = keep(s);
        return index;
      }
      case od::json_type::number: {
        std::string_view raw;
        if (auto e = raw_token(value, raw)) return fail(error, describe(e), value);
        double ignored;
        if (auto e = value.get_double().get(ignored); e && e != simdjson::NUMBER_OUT_OF_RANGE) {
          return fail(error, describe(simdjson::NUMBER_ERROR), value);
        }
        raw = trim_end(raw);
        doc_.nodes_[index].kind = Kind::number;
        doc_.nodes_[index].text = text_.substr(raw.data() - base_, raw.size());  // as written, in the source
        return index;
      }
      case od::json_type::boolean: {
        bool b;
        if (auto e = value.get_bool().get(b)) return fail(error, describe(e), value);
        doc_.nodes_[index].kind = Kind::boolean;
        doc_.nodes_[index].boolean = b;
        return index;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (auto e = value.is_null().get(is_null); e || !is_null) {
          return fail(error, describe(simdjson::N_ATOM_ERROR), value);
        }
        doc_.nodes_[index].kind = Kind::null;
        return index;
      }
    }
    return fail(error, "unexpected value", value);
  }

 private:
  // A string value, viewed in the text when it holds no escape (the root, a document, is read
  // the usual way: it must consume itself).
  static simdjson::error_code string_of(od::value& v, std::string_view& out) { return get_string(v, out); }
  static simdjson::error_code string_of(od::document& d, std::string_view& out) { return d.get_string().get(out); }

  static simdjson::error_code raw_token(od::value& v, std::string_view& out) {
    out = v.raw_json_token();
    return simdjson::SUCCESS;
  }
  static simdjson::error_code raw_token(od::document& d, std::string_view& out) {
    return d.raw_json_token().get(out);
  }

  template <typename V>
  std::uint32_t build_object(V& value, std::uint32_t index, std::size_t depth, ParseError& error) {
    od::object object;
    if (auto e = value.get_object().get(object)) return fail(error, describe(e), value);
    return build_members(object, index, depth, error);
  }

  std::uint32_t build_members(od::object& object, std::uint32_t index, std::size_t depth, ParseError& error) {
    doc_.nodes_[index].kind = Kind::object;
    std::uint32_t last = kNone;
    KeySet seen;
    for (auto field_result : object) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return fail_at(error, describe(e));
      const std::uint32_t key_offset =
          static_cast<std::uint32_t>(field.key().raw() - 1 - base_);
      std::string_view key;
      if (auto e = get_key(field, key)) return fail_at(error, describe(e), key_offset);
      key = keep(key);
      if (const std::uint32_t first = seen.insert(key, key_offset); first != kNone) {
        doc_.duplicates_.push_back({std::string(key), key_offset, first});
      }
      od::value child_value = field.value();
      const bool unread = depth == 1 && !options_.unread_array.empty() && key == options_.unread_array;
      const bool split =
          depth == 1 && std::find(options_.split.begin(), options_.split.end(), key) != options_.split.end();
      const std::uint32_t child = unread  ? skip_if_array(child_value, depth + 1, error)
                                  : split ? split_if_array(child_value, depth + 1, error)
                                          : build(child_value, depth + 1, error);
      if (child == kNone) return kNone;
      doc_.nodes_[child].key = key;
      doc_.nodes_[child].key_offset = key_offset;
      link(index, last, child);
    }
    return index;
  }

  template <typename V>
  std::uint32_t build_array(V& value, std::uint32_t index, std::size_t depth, ParseError& error) {
    od::array array;
    if (auto e = value.get_array().get(array)) return fail(error, describe(e), value);
    doc_.nodes_[index].kind = Kind::array;
    std::uint32_t last = kNone;
    for (auto element_result : array) {
      od::value element;
      if (auto e = std::move(element_result).get(element)) return fail_at(error, describe(e));
      const std::uint32_t child = build(element, depth + 1, error);
      if (child == kNone) return kNone;
      link(index, last, child);
    }
    return index;
  }

  // ParseOptions::split: an array becomes a node without children whose elements' spans are
  // recorded; any other value is built as usual.
  std::uint32_t split_if_array(od::value& value, std::size_t depth, ParseError& error) {
    od::json_type type;
    if (auto e = value.type().get(type)) return fail(error, describe(e), value);
    if (type != od::json_type::array || depth >= limits_.max_depth) return build(value, depth, error);
    const std::uint32_t index = add_node(offset_of(value));
    doc_.nodes_[index].kind = Kind::array;
    od::array array;
    if (auto e = value.get_array().get(array)) return fail(error, describe(e), value);
    std::vector<Span> spans;
    for (auto element_result : array) {
      od::value element;
      if (auto e = std::move(element_result).get(element)) return fail_at(error, describe(e));
      const std::uint32_t begin = offset_of(element);
      std::string_view raw, selector;
      if (auto e = raw_element(element, raw, selector)) return fail(error, describe(e), element);
      if (raw.empty()) {  // a scalar: built (checked) and dropped
        if (build(element, depth + 1, error) == kNone) return kNone;
        raw = text_.substr(begin, end_of_consumed() - begin);
      }
      spans.push_back({begin, begin + static_cast<std::uint32_t>(trim_end(raw).size()), selector});
    }
    doc_.nodes_[index].end = end_of_consumed();
    doc_.splits_.emplace_back(doc_.nodes_[index].offset, std::move(spans));
    return index;
  }

  // The text of an object or array element, consumed, with an object's ParseOptions::
  // select_member; an empty view for a scalar, left for the caller to consume.
  simdjson::error_code raw_element(od::value& element, std::string_view& raw, std::string_view& selector) {
    od::json_type type;
    if (auto e = element.type().get(type)) return e;
    raw = std::string_view("", 0);
    if (type == od::json_type::array) {
      od::array a;
      if (auto e = element.get_array().get(a)) return e;
      return a.raw_json().get(raw);
    }
    if (type != od::json_type::object) return simdjson::SUCCESS;
    od::object object;
    if (auto e = element.get_object().get(object)) return e;
    if (!options_.select_member.empty()) {
      // The first member of that name (compared as written, as simdjson finds fields); a
      // malformed member before it is an error here (skipping past it can leave On-Demand's
      // iterator outside the text).
      for (auto field_result : object) {
        od::field field;
        if (auto e = std::move(field_result).get(field)) return e;
        if (!field.key().unsafe_is_equal(options_.select_member)) continue;
        std::string_view value;
        if (!get_string(field.value(), value)) selector = keep(value);
        break;
      }
      bool ignored;
      if (auto e = object.reset().get(ignored)) return e;
    }
    return object.raw_json().get(raw);
  }

  // ParseOptions::unread_array: an array becomes a node without children; any other value is
  // built as usual.
  std::uint32_t skip_if_array(od::value& value, std::size_t depth, ParseError& error) {
    od::json_type type;
    if (auto e = value.type().get(type)) return fail(error, describe(e), value);
    if (type != od::json_type::array) return build(value, depth, error);
    const std::uint32_t index = add_node(offset_of(value));
    od::array array;
    std::string_view raw;
    if (auto e = value.get_array().get(array)) return fail(error, describe(e), value);
    if (auto e = array.raw_json().get(raw)) return fail_at(error, describe(e));
    raw = trim_end(raw);
    doc_.nodes_[index].kind = Kind::array;
    doc_.nodes_[index].end = doc_.nodes_[index].offset + static_cast<std::uint32_t>(raw.size());
    return index;
  }

  void link(std::uint32_t parent, std::uint32_t& last, std::uint32_t child) {
    if (last == kNone) {
      doc_.nodes_[parent].first_child = child;
    } else {
      doc_.nodes_[last].next_sibling = child;
    }
    last = child;
    ++doc_.nodes_[parent].child_count;
  }

  std::uint32_t add_node(std::uint32_t offset) {
    doc_.nodes_.emplace_back();
    doc_.nodes_.back().offset = offset;
    return static_cast<std::uint32_t>(doc_.nodes_.size() - 1);
  }

  // A string as the tree keeps it: a view of the text when it is one (in place: no escape), else
  // a copy in the document (simdjson's buffer is reused by the next string).
  std::string_view keep(std::string_view s) {
    if (s.data() >= base_ && s.data() + s.size() <= base_ + text_.size()) {
      return text_.substr(static_cast<std::size_t>(s.data() - base_), s.size());
    }
    return store(s);
  }

  std::string_view store(std::string_view s) {
    // strings_ was reserved to the input size; unescaped text is never longer than its source.
    const std::size_t at = doc_.strings_.size();
    doc_.strings_.append(s);
    return std::string_view(doc_.strings_).substr(at, s.size());
  }

  template <typename V>
  std::uint32_t offset_of(V& value) {
    const char* at = nullptr;
    if (value.current_location().get(at) || at == nullptr) return last_offset_;
    last_offset_ = static_cast<std::uint32_t>(at - base_);
    if (last_offset_ > text_.size()) last_offset_ = static_cast<std::uint32_t>(text_.size());
    return last_offset_;
  }

  template <typename V>
  std::uint32_t fail(ParseError& error, std::string message, V& value) {
    return fail_at(error, std::move(message), offset_of(value));
  }
  // An error met while iterating: the document's iterator stands at the offending token.
  std::uint32_t fail_at(ParseError& error, std::string message) {
    std::uint32_t offset = last_offset_;
    const char* at = nullptr;
    if (od_doc_ != nullptr && !od_doc_->current_location().get(at) && at != nullptr) {
      offset = static_cast<std::uint32_t>(std::min<std::size_t>(at - base_, text_.size()));
    }
    return fail_at(error, std::move(message), offset);
  }
  std::uint32_t fail_at(ParseError& error, std::string message, std::uint32_t offset) {
    error.message = std::move(message);
    error.offset = offset;
    return kNone;
  }

  std::string_view text_;
  const char* base_;
  const Limits& limits_;
  const ParseOptions& options_;
  Document& doc_;
  od::document* od_doc_;
  std::uint32_t last_offset_ = 0;
};

namespace {

// The offset of the first control character (below U+0020) inside a string, which JSON allows
// only escaped; npos when there is none.
std::size_t find_raw_control(std::string_view text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!in_string) {
      in_string = c == '"';
    } else if (c == '\\') {
      ++i;
    } else if (c == '"') {
      in_string = false;
    } else if (c < 0x20) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Stage-1 errors (unclosed string, bad UTF-8, control characters in strings) come without a
// position; find a useful one.
std::uint32_t locate_stage1_error(std::string_view text, simdjson::error_code code) {
  if (code == simdjson::UNESCAPED_CHARS) {
    const std::size_t at = find_raw_control(text);
    return at == std::string_view::npos ? 0 : static_cast<std::uint32_t>(at);
  }
  if (code == simdjson::UNCLOSED_STRING) {
    bool in_string = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (in_string && text[i] == '\\') { ++i; continue; }
      if (text[i] == '"') {
        in_string = !in_string;
        start = i;
      }
    }
    return static_cast<std::uint32_t>(start);
  }
  if (code == simdjson::UTF8_ERROR) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x80) {
        std::size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = n != 0 && i + n <= text.size();
        for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (!ok) return static_cast<std::uint32_t>(i);
        i += n - 1;
      }
    }
  }
  return 0;
}

// simdjson reports unbalanced brackets without a position; find one: the end of a truncated
// text, or the first unmatched closing bracket.
std::optional<std::pair<std::size_t, std::string>> locate_unbalanced(std::string_view text) {
  std::vector<char> open;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      open.push_back(c);
    } else if (c == '}' || c == ']') {
      if (open.empty() || open.back() != (c == '}' ? '{' : '[')) {
        return std::make_pair(i, std::string("unmatched '") + c + "'");
      }
      open.pop_back();
    }
  }
  if (open.empty() || in_string) return std::nullopt;
  const std::size_t end = trim_end(text).size();
  return std::make_pair(end, std::string("unexpected end of the file: ") + std::to_string(open.size()) +
                                 (open.size() == 1 ? " bracket is" : " brackets are") +
                                 " not closed (is the file truncated?)");
}

// Gives a position-less error (offset 0) a useful position and message, if one can be found.
void locate_unpositioned(std::string_view text, ParseError& error) {
  if (error.offset != 0) return;
  if (auto found = locate_unbalanced(text)) {
    error.offset = static_cast<std::uint32_t>(found->first);
    error.message = found->second;
  } else if (const std::size_t at = find_raw_control(text); at != std::string_view::npos) {
    error.offset = static_cast<std::uint32_t>(at);
    error.message = describe(simdjson::UNESCAPED_CHARS);
  } else {
    error.offset = locate_stage1_error(text, simdjson::UTF8_ERROR);
  }
}

}  // namespace

simdjson::ondemand::parser& thread_parser() {
  thread_local od::parser parser;
  return parser;
}

std::unique_ptr<Document> parse(std::string_view text, ParseError& error, const Limits& limits) {
  return parse(text, error, limits, ParseOptions{});
}

std::unique_ptr<Document> parse(std::string_view text, ParseError& error, const Limits& limits,
                                const ParseOptions& options) {
  static_assert(kPadding >= simdjson::SIMDJSON_PADDING);
  if (text.size() > limits.max_bytes) {
    error = {"input larger than the limit of " + std::to_string(limits.max_bytes) + " bytes", options.origin};
    return nullptr;
  }
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    error = {"byte order mark at the start (save the file as UTF-8 without BOM)", options.origin};
    return nullptr;
  }
  od::parser& parser = thread_parser();
  // The parser's buffers grow to the largest text read; after a large one they are released,
  // so that a command's model can reuse that memory instead of adding to its peak.
  struct Release {
    od::parser& parser;
    ~Release() {
      if (parser.capacity() > (16u << 20)) parser = od::parser{};
    }
  } release{parser};
  simdjson::padded_string copy;
  if (!options.padded) copy = simdjson::padded_string(text);
  const simdjson::padded_string_view padded =
      options.padded ? simdjson::padded_string_view(text.data(), text.size(), text.size() + kPadding)
                     : simdjson::padded_string_view(copy);
  if (!options.split.empty() && options.unread_array.empty() && options.split_piece != 0) {
    if (auto doc = detail::chunked_split(text, padded.data(), limits, options, nullptr)) {
      if (options.origin != 0) doc->shift(options.origin);
      return doc;
    }
  }
  auto doc = std::make_unique<Document>();
  doc->strings_.reserve(text.size() + 1);
  doc->nodes_.reserve(text.size() / 16 + 16);  // about one value per 16 bytes: few regrowths
  od::document od_doc;
  if (auto e = parser.iterate(padded).get(od_doc)) {
    error = {describe(e), locate_stage1_error(text, e)};
    locate_unpositioned(text, error);
    error.offset += options.origin;
    return nullptr;
  }
  Builder builder(text, padded.data(), limits, options, *doc, &od_doc);
  if (builder.build(od_doc, 1, error) == kNone) {
    locate_unpositioned(text, error);  // simdjson reports some problems lazily
    error.offset += options.origin;
    return nullptr;
  }
  const char* at = nullptr;
  if (!od_doc.current_location().get(at) && at != nullptr) {
    error = {describe(simdjson::TRAILING_CONTENT), static_cast<std::uint32_t>(at - padded.data()) + options.origin};
    return nullptr;
  }
  if (options.origin != 0) doc->shift(options.origin);
  return doc;
}

void Document::shift(std::uint32_t origin) {
  for (Node& n : nodes_) {
    n.offset += origin;
    n.end += origin;
    if (n.key.data() != nullptr) n.key_offset += origin;
  }
  for (DuplicateKey& d : duplicates_) {
    d.offset += origin;
    d.first_offset += origin;
  }
  for (auto& [offset, spans] : splits_) {
    offset += origin;
    for (Span& e : spans) {
      e.begin += origin;
      e.end += origin;
    }
  }
}

std::span<const Span> Document::elements(const Node& array) const {
  for (const auto& [offset, spans] : splits_) {
    if (offset == array.offset) return spans;
  }
  return {};
}

const Node* Document::member(const Node& object, std::string_view key) const {
  if (object.kind != Kind::object) return nullptr;
  for (const Node& child : children(object)) {
    if (child.key == key) return &child;
  }
  return nullptr;
}

}  // namespace iw::json
