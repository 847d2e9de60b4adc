#include "trail/tree.h"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <deque>
#include <type_traits>

#include "core/json_writer.h"

namespace iw::trail {

namespace od = simdjson::ondemand;

// Two readers of one grammar: simdjson's DOM parser (a validating pass that leaves a tape, walked
// into the tree: the fast path) and its On-Demand parser (built value by value). The DOM keeps
// numbers as values, not as written: a document with a number whose text cannot be told from its
// value (a fraction, an exponent, -0, beyond 64 bits) is built On-Demand, as is any document the
// DOM refuses (On-Demand then decides, and json::parse() words the error). The DOM's buffers grow
// to ~14 times the largest text it parsed (a few times that size resident): larger texts go
// On-Demand.
constexpr std::size_t kDomMaxBytes = std::size_t{32} << 20;

struct TreeParser::Impl {
  simdjson::dom::parser dom;
  od::parser parser;
  std::string copy;  // parse_copy(): the padded text the last tree points into
  std::deque<std::array<char, 24>> integers;  // the text of the DOM's integers (stable addresses)

  Tree* tree = nullptr;
  std::size_t max_depth = 0;
  bool zero = false;  // the DOM walk met an integer 0 (written "0" or "-0")

  std::uint32_t add(json::Kind kind) {
    tree->nodes_.emplace_back().kind = kind;
    return static_cast<std::uint32_t>(tree->nodes_.size() - 1);
  }

  // Walks the DOM `e` into the tree; false when the On-Demand builder must decide (too deep, a
  // fraction or exponent).
  bool walk(simdjson::dom::element e, std::size_t depth, std::uint32_t& index) {
    using T = simdjson::dom::element_type;
    if (depth > max_depth) return false;
    switch (e.type()) {
      case T::OBJECT: {
        index = add(json::Kind::object);
        std::uint32_t last = json::kNone;
        for (const simdjson::dom::key_value_pair field : simdjson::dom::object(e)) {
          std::uint32_t child;
          if (!walk(field.value, depth + 1, child)) return false;
          tree->nodes_[child].key = field.key;
          link(index, last, child);
        }
        return true;
      }
      case T::ARRAY: {
        index = add(json::Kind::array);
        std::uint32_t last = json::kNone;
        for (const simdjson::dom::element element : simdjson::dom::array(e)) {
          std::uint32_t child;
          if (!walk(element, depth + 1, child)) return false;
          link(index, last, child);
        }
        return true;
      }
      case T::STRING:
        index = add(json::Kind::string);
        tree->nodes_[index].text = std::string_view(e);
        return true;
      case T::INT64: return integer(std::int64_t(e), index);
      case T::UINT64: return integer(std::uint64_t(e), index);
      case T::BOOL:
        index = add(json::Kind::boolean);
        tree->nodes_[index].boolean = bool(e);
        return true;
      case T::NULL_VALUE: index = add(json::Kind::null); return true;
      case T::DOUBLE: return false;
    }
    return false;
  }

  template <typename I>
  bool integer(I value, std::uint32_t& index) {
    zero |= value == 0;
    std::array<char, 24>& text = integers.emplace_back();
    const char* end = std::to_chars(text.data(), text.data() + text.size(), value).ptr;
    index = add(json::Kind::number);
    tree->nodes_[index].text = std::string_view(text.data(), static_cast<std::size_t>(end - text.data()));
    return true;
  }

  // Whether `text` may hold the number -0: a '-' followed by '0' and no further digit, after a
  // character a value can follow (a string holding ": -0" only costs the On-Demand build).
  static bool may_hold_minus_zero(std::string_view text) {
    for (std::size_t at = text.find("-0"); at != std::string_view::npos; at = text.find("-0", at + 1)) {
      const char before = at == 0 ? ' ' : text[at - 1];
      const char after = at + 2 < text.size() ? text[at + 2] : ' ';
      const bool value_start = before == ':' || before == ',' || before == '[' || before == ' ' || before == '\n' ||
                               before == '\r' || before == '\t';
      if (value_start && !(after >= '0' && after <= '9')) return true;
    }
    return false;
  }

  // The fast path: true when the tree was built from the DOM.
  bool build_from_dom(std::string_view text) {
    simdjson::dom::element root;
    if (text.size() > kDomMaxBytes) return false;
    if (dom.parse(text.data(), text.size(), false).get(root)) return false;
    integers.clear();
    zero = false;
    std::uint32_t index;
    if (walk(root, 1, index) && !(zero && may_hold_minus_zero(text))) return true;
    tree->nodes_.clear();
    return false;
  }

  // Builds `value` and returns its index; false on any error (the caller re-parses with
  // json::parse() for the message).
  template <typename V>
  bool build(V& value, std::size_t depth, std::uint32_t& index) {
    if (depth > max_depth) return false;
    od::json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
      case od::json_type::object: {
        od::object object;
        if (value.get_object().get(object)) return false;
        index = add(json::Kind::object);
        std::uint32_t last = json::kNone;
        for (auto field_result : object) {
          od::field field;
          if (std::move(field_result).get(field)) return false;
          std::string_view key = raw_key(field);
          if (key.data() == nullptr && field.unescaped_key().get(key)) return false;
          od::value child_value = field.value();
          std::uint32_t child;
          if (!build(child_value, depth + 1, child)) return false;
          tree->nodes_[child].key = key;
          link(index, last, child);
        }
        return true;
      }
      case od::json_type::array: {
        od::array array;
        if (value.get_array().get(array)) return false;
        index = add(json::Kind::array);
        std::uint32_t last = json::kNone;
        for (auto element_result : array) {
          od::value element;
          if (std::move(element_result).get(element)) return false;
          std::uint32_t child;
          if (!build(element, depth + 1, child)) return false;
          link(index, last, child);
        }
        return true;
      }
      case od::json_type::string: {
        std::string_view s;
        // A string value without escapes is viewed in the text (a root string is read the usual
        // way: the document must consume it).
        if constexpr (std::is_same_v<V, od::value>) s = unescaped(value.raw_json_token().data());
        if (s.data() == nullptr && value.get_string().get(s)) return false;
        index = add(json::Kind::string);
        tree->nodes_[index].text = s;
        return true;
      }
      case od::json_type::number: {
        std::string_view raw;
        if (raw_token(value, raw)) return false;
        double ignored;
        if (auto e = value.get_double().get(ignored); e && e != simdjson::NUMBER_OUT_OF_RANGE) return false;
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t')) {
          raw.remove_suffix(1);
        }
        index = add(json::Kind::number);
        tree->nodes_[index].text = raw;
        return true;
      }
      case od::json_type::boolean: {
        bool b;
        if (value.get_bool().get(b)) return false;
        index = add(json::Kind::boolean);
        tree->nodes_[index].boolean = b;
        return true;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (value.is_null().get(is_null) || !is_null) return false;
        index = add(json::Kind::null);
        return true;
      }
    }
    return false;
  }

  // The key as it is in the text when it has no escapes (no copy), else a null view.
  static std::string_view raw_key(od::field& field) { return unescaped(field.key().raw() - 1); }

  // The content of the string whose opening quote is at `quote` when it has no escapes, else a
  // null view. The text is valid JSON (the string is closed) and padded: reading up to 7 bytes
  // past the closing quote stays inside the buffer.
  static std::string_view unescaped(const char* quote) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    const auto has_byte = [](std::uint64_t w, std::uint64_t pattern) {
      const std::uint64_t x = w ^ pattern;
      return (x - kOnes) & ~x & kHigh;
    };
    const char* begin = quote + 1;
    for (const char* p = begin;; p += 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (has_byte(w, kOnes * '"') == 0 && has_byte(w, kOnes * '\\') == 0) continue;
      for (const char* q = p;; ++q) {
        if (*q == '"') return {begin, static_cast<std::size_t>(q - begin)};
        if (*q == '\\') return {};
      }
    }
  }

  void link(std::uint32_t parent, std::uint32_t& last, std::uint32_t child) {
    if (last == json::kNone) {
      tree->nodes_[parent].first_child = child;
    } else {
      tree->nodes_[last].next_sibling = child;
    }
    last = child;
  }

  static simdjson::error_code raw_token(od::value& v, std::string_view& out) {
    out = v.raw_json_token();
    return simdjson::SUCCESS;
  }
  static simdjson::error_code raw_token(od::document& d, std::string_view& out) { return d.raw_json_token().get(out); }
};

TreeParser::TreeParser() : impl_(std::make_unique<Impl>()) {}
TreeParser::~TreeParser() = default;

bool TreeParser::parse(std::string_view text, const json::Limits& limits, Tree& tree, json::ParseError& error) {
  static_assert(json::kPadding >= simdjson::SIMDJSON_PADDING);
  tree.nodes_.clear();
  const auto fail = [&] {
    tree.nodes_.clear();
    json::ParseOptions padded;
    padded.padded = true;
    if (json::parse(text, error, limits, padded) == nullptr) return false;
    error = {"malformed JSON", 0};  // not expected: the two readers accept the same texts
    return false;
  };
  if (text.size() > limits.max_bytes || text.starts_with("\xEF\xBB\xBF")) return fail();
  impl_->tree = &tree;
  impl_->max_depth = limits.max_depth;
  if (impl_->build_from_dom(text)) return true;
  od::document doc;
  if (impl_->parser.iterate(simdjson::padded_string_view(text.data(), text.size(), text.size() + json::kPadding)).get(doc)) {
    return fail();
  }
  std::uint32_t root;
  if (!impl_->build(doc, 1, root)) return fail();
  const char* at = nullptr;
  if (!doc.current_location().get(at) && at != nullptr) return fail();  // content after the value
  return true;
}

bool TreeParser::parse_copy(std::string_view text, const json::Limits& limits, Tree& tree, json::ParseError& error) {
  impl_->copy.assign(text);
  impl_->copy.append(json::kPadding, '\0');
  return parse(std::string_view(impl_->copy.data(), text.size()), limits, tree, error);
}

namespace {

void write(JsonWriter& w, const Tree& tree, const TreeNode& n) {
  switch (n.kind) {
    case json::Kind::null: w.null(); break;
    case json::Kind::boolean: w.value(n.boolean); break;
    case json::Kind::number: w.raw(n.text); break;
    case json::Kind::string: w.value(n.text); break;
    case json::Kind::array:
      w.begin_array();
      for (const TreeNode& c : tree.children(n)) write(w, tree, c);
      w.end_array();
      break;
    case json::Kind::object:
      w.begin_object();
      for (const TreeNode& c : tree.children(n)) {
        w.key(c.key);
        write(w, tree, c);
      }
      w.end_object();
      break;
  }
}

}  // namespace

std::string to_json(const Tree& tree, const TreeNode& node) {
  JsonWriter w;
  write(w, tree, node);
  return std::move(w).take();
}

}  // namespace iw::trail
