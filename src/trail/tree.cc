#include "trail/tree.h"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <deque>
#include <type_traits>

#include "core/json_writer.h"
#include "json/ondemand.h"

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
  bool zero = false;  // walkable() met an integer 0 (written "0" or "-0")

  std::uint32_t add(json::Kind kind) {
    tree->nodes_.emplace_back().kind = kind;
    return static_cast<std::uint32_t>(tree->nodes_.size() - 1);
  }

  // Walks the DOM `e`, which walkable() accepted, into the tree; returns its index.
  std::uint32_t walk(simdjson::dom::element e) {
    using T = simdjson::dom::element_type;
    switch (e.type()) {
      case T::OBJECT: {
        const std::uint32_t index = add(json::Kind::object);
        std::uint32_t last = json::kNone;
        for (const simdjson::dom::key_value_pair field : simdjson::dom::object(e)) {
          const std::uint32_t child = walk(field.value);
          tree->nodes_[child].key = field.key;
          link(index, last, child);
        }
        return index;
      }
      case T::ARRAY: {
        const std::uint32_t index = add(json::Kind::array);
        std::uint32_t last = json::kNone;
        for (const simdjson::dom::element element : simdjson::dom::array(e)) link(index, last, walk(element));
        return index;
      }
      case T::STRING: {
        const std::uint32_t index = add(json::Kind::string);
        tree->nodes_[index].text = std::string_view(e);
        return index;
      }
      case T::INT64: return integer(std::int64_t(e));
      case T::UINT64: return integer(std::uint64_t(e));
      case T::BOOL: {
        const std::uint32_t index = add(json::Kind::boolean);
        tree->nodes_[index].boolean = bool(e);
        return index;
      }
      case T::NULL_VALUE:
      case T::DOUBLE: break;  // not walkable
    }
    return add(json::Kind::null);
  }

  template <typename I>
  std::uint32_t integer(I value) {
    std::array<char, 24>& text = integers.emplace_back();
    const char* end = std::to_chars(text.data(), text.data() + text.size(), value).ptr;
    const std::uint32_t index = add(json::Kind::number);
    tree->nodes_[index].text = std::string_view(text.data(), static_cast<std::size_t>(end - text.data()));
    return index;
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

  // Whether the DOM `e` can be walked: no deeper than max_depth, no fraction or exponent. Sets
  // `zero` when an integer is 0.
  bool walkable(simdjson::dom::element e, std::size_t depth) {
    using T = simdjson::dom::element_type;
    if (depth > max_depth) return false;
    switch (e.type()) {
      case T::OBJECT:
        for (const simdjson::dom::key_value_pair field : simdjson::dom::object(e)) {
          if (!walkable(field.value, depth + 1)) return false;
        }
        return true;
      case T::ARRAY:
        for (const simdjson::dom::element element : simdjson::dom::array(e)) {
          if (!walkable(element, depth + 1)) return false;
        }
        return true;
      case T::INT64: zero |= std::int64_t(e) == 0; return true;
      case T::UINT64: zero |= std::uint64_t(e) == 0; return true;
      case T::DOUBLE: return false;
      default: return true;
    }
  }

  // Parses `text` with the DOM; true when it is valid and walkable as a whole (every number's
  // text follows from its value).
  bool dom_walkable(std::string_view text, simdjson::dom::element& root) {
    if (text.size() > kDomMaxBytes) return false;
    // Room for a text somewhat larger than this one: files of a log differ a little in size, and
    // growing by each file's excess would leave a trail of freed buffers behind.
    if (text.size() > dom.capacity() && !allocate(std::min(kDomMaxBytes, text.size() + text.size() / 2))) return false;
    if (dom.parse(text.data(), text.size(), false).get(root)) return false;
    zero = false;
    return walkable(root, 1) && !(zero && may_hold_minus_zero(text));
  }

  // Room in the DOM parser and its document for texts of `bytes` bytes. (The parser would size
  // its document on the first parse, on the thread that parses.)
  bool allocate(std::size_t bytes) { return !dom.allocate(bytes) && !dom.doc.allocate(bytes); }

  // Builds `e` (walkable) as the whole of the tree.
  void build_whole(simdjson::dom::element e) {
    tree->nodes_.clear();
    integers.clear();
    walk(e);
  }

  // The array that is the first member named `member` of the object `root`.
  static bool array_member(simdjson::dom::element root, std::string_view member, simdjson::dom::array& out) {
    simdjson::dom::object object;
    if (root.get_object().get(object)) return false;
    for (const simdjson::dom::key_value_pair field : object) {
      if (field.key == member) return !field.value.get_array().get(out);
    }
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
          std::string_view key;
          if (json::get_key(field, key)) return false;
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
        if constexpr (std::is_same_v<V, od::value>) {
          if (json::get_string(value, s)) return false;
        } else if (value.get_string().get(s)) {
          return false;
        }
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
  bool each = false;
  return parse_each(text, {}, limits, tree, error, {}, each);
}

bool TreeParser::parse_each(std::string_view text, std::string_view member, const json::Limits& limits, Tree& tree,
                            json::ParseError& error, const std::function<void(const Tree&)>& on_element, bool& each) {
  static_assert(json::kPadding >= simdjson::SIMDJSON_PADDING);
  each = false;
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
  if (simdjson::dom::element root; impl_->dom_walkable(text, root)) {
    simdjson::dom::array elements;
    if (member.empty() || !Impl::array_member(root, member, elements)) {
      impl_->build_whole(root);
      return true;
    }
    each = true;
    for (const simdjson::dom::element element : elements) {
      impl_->build_whole(element);
      on_element(tree);
    }
    tree.nodes_.clear();
    return true;
  }
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

void TreeParser::reserve(std::size_t bytes) {
  if (bytes > impl_->dom.capacity()) impl_->allocate(std::min(bytes, kDomMaxBytes));
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
