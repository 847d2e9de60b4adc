// load_yaml() of tree.h. A document is read through yaml-cpp's event parser straight into a Value
// tree (no node graph in between). A document that parser cannot build without deciding an error
// (bad syntax, a limit reached, a mapping key that is not a scalar, an alias inside the node it
// names) is read again by detail::load_yaml_graph, the reader of yaml-cpp's node graph, whose
// error it returns: one reader decides every error, and both agree on every document they accept
// (tests/unit/iac_yaml_test.cc, fuzz/fuzz_cfn.cc).
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <istream>
#include <streambuf>
#include <utility>
#include <vector>

#include "core/yaml_budget.h"
#include "iac/tree.h"

namespace iw::iac {

namespace {

// CloudFormation's short forms and the long names they stand for.
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kShortForms{{
    {"!Ref", "Ref"},
    {"!Condition", "Condition"},
    {"!Sub", "Fn::Sub"},
    {"!GetAtt", "Fn::GetAtt"},
    {"!Join", "Fn::Join"},
    {"!If", "Fn::If"},
    {"!Select", "Fn::Select"},
    {"!Split", "Fn::Split"},
    {"!FindInMap", "Fn::FindInMap"},
    {"!ImportValue", "Fn::ImportValue"},
    {"!Base64", "Fn::Base64"},
    {"!GetAZs", "Fn::GetAZs"},
    {"!Equals", "Fn::Equals"},
    {"!And", "Fn::And"},
    {"!Or", "Fn::Or"},
    {"!Not", "Fn::Not"},
    {"!Cidr", "Fn::Cidr"},
    {"!Transform", "Fn::Transform"},
    {"!Length", "Fn::Length"},
    {"!ToJsonString", "Fn::ToJsonString"},
}};

// The long name of a short-form tag, or "" when `tag` is none.
std::string_view long_form(std::string_view tag) {
  if (tag.size() < 2 || tag[0] != '!') return {};
  for (const auto& [short_form, long_name] : kShortForms) {
    if (tag == short_form) return long_name;
  }
  return {};
}

Origin origin_of(std::string_view file, const YAML::Mark& m) {
  if (m.line < 0) return Origin{std::string(file), 0, 0, 0};
  return Origin{std::string(file), m.line + 1, m.column + 1, 0};
}

std::string located(std::string_view file, int line, int column, std::string_view message) {
  return std::string(file) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + std::string(message);
}

// A scalar as a value: plain (untagged, unquoted) true and false are booleans, the rest strings.
Value scalar_value(const std::string& tag, const std::string& text, Origin o) {
  Value v;
  v.origin = std::move(o);
  if (tag == "?" && (text == "true" || text == "false" || text == "True" || text == "False")) {
    v.kind = Value::Kind::boolean;
    v.text = text == "true" || text == "True" ? "true" : "false";
    return v;
  }
  v.kind = Value::Kind::string;
  v.text = text;
  return v;
}

// {long_name: inner}, the long form of a short-form tag; `!GetAtt Resource.Attribute` becomes
// the list [Resource, Attribute].
Value long_value(std::string_view long_name, Value inner, const Origin& o) {
  if (long_name == "Fn::GetAtt" && inner.is_string()) {
    const std::size_t dot = inner.text.find('.');
    Value list = Value::list(o);
    list.items.push_back(Value::string(inner.text.substr(0, dot), o));
    if (dot != std::string::npos) list.items.push_back(Value::string(inner.text.substr(dot + 1), o));
    inner = std::move(list);
  }
  Value out = Value::object(o);
  out.set(std::string(long_name), std::move(inner));
  return out;
}

// The last line of every container: the largest line inside it (YAML marks give only starts).
int close_lines(Value& v) {
  int last = v.origin.last_line();
  for (Value& c : v.items) last = std::max(last, close_lines(c));
  if (v.origin.line > 0) v.origin.end_line = last;
  return last;
}

// ---- the node-graph reader ------------------------------------------------------------------

struct GraphReader {
  std::string_view file;
  const TreeLimits& limits;
  std::size_t nodes = 0;
  std::string error;

  bool convert(const YAML::Node& n, Value& out, std::size_t depth) {
    Origin o = origin_of(file, n.Mark());
    if (++nodes > limits.max_nodes || depth > limits.max_depth) {
      error = located(file, o.line, o.column, "too large or nested too deeply");
      return false;
    }
    const std::string_view long_name = long_form(n.Tag());
    if (long_name.empty()) return plain(n, out, depth, std::move(o));
    Value inner;
    if (!plain(n, inner, depth + 1, o)) return false;
    out = long_value(long_name, std::move(inner), o);
    return true;
  }

  bool plain(const YAML::Node& n, Value& out, std::size_t depth, Origin o) {
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = Value::Kind::null;
        out.origin = std::move(o);
        return true;
      case YAML::NodeType::Scalar:
        out = scalar_value(n.Tag(), n.Scalar(), std::move(o));
        return true;
      case YAML::NodeType::Sequence:
        out.kind = Value::Kind::list;
        out.origin = std::move(o);
        for (const YAML::Node& item : n) {
          out.items.emplace_back();
          if (!convert(item, out.items.back(), depth + 1)) return false;
        }
        return true;
      case YAML::NodeType::Map:
        out.kind = Value::Kind::object;
        out.origin = std::move(o);
        for (const auto& kv : n) {
          if (!kv.first.IsScalar()) {
            const Origin ko = origin_of(file, kv.first.Mark());
            error = located(file, ko.line, ko.column, "mapping keys must be plain strings");
            return false;
          }
          Value v;
          if (!convert(kv.second, v, depth + 1)) return false;
          out.keys.push_back(kv.first.Scalar());
          out.key_origins.push_back(origin_of(file, kv.first.Mark()));
          out.items.push_back(std::move(v));
        }
        return true;
    }
    error = located(file, o.line, o.column, "unsupported YAML node");
    return false;
  }
};

// ---- the event reader -----------------------------------------------------------------------

// Thrown by EventReader when the document is for the graph reader to decide.
struct NeedsGraph {};

// Builds the Value tree from the parser's events exactly as GraphReader converts yaml-cpp's node
// graph (which NodeBuilder builds from the same events): same values, origins, node count and
// depth. An alias is a copy of the value its anchor names, counted as that many nodes again.
class EventReader final : public YAML::EventHandler {
 public:
  EventReader(std::string_view file, const TreeLimits& limits) : file_(file), limits_(limits) {
    root_.origin = Origin{std::string(file), 0, 0, 0};  // an empty stream is null
  }

  Value& root() { return root_; }

  void OnDocumentStart(const YAML::Mark& /*mark*/) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (key_expected()) throw NeedsGraph{};
    const std::size_t depth = count_node();
    Value v;
    v.origin = origin_of(file_, mark);
    finish(std::move(v), anchor, depth, depth, 1, nullptr);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    if (key_expected()) {
      Origin o = origin_of(file_, mark);
      if (anchor != YAML::NullAnchor) remember(anchor, node_of_scalar(tag, text, o), 0, 1, &text);
      take_key(text, std::move(o));
      return;
    }
    const std::size_t depth = count_node();
    finish(node_of_scalar(tag, text, origin_of(file_, mark)), anchor, depth, depth, 1, &text);
  }

  void OnAlias(const YAML::Mark& /*mark*/, YAML::anchor_t anchor) override {
    if (anchor >= anchors_.size() || !anchors_[anchor].done) throw NeedsGraph{};  // inside itself
    const Anchored& a = anchors_[anchor];
    if (key_expected()) {
      if (!a.scalar) throw NeedsGraph{};
      take_key(a.text, a.value.origin);
      return;
    }
    const std::size_t depth = next_depth();
    if (nodes_ + a.nodes > limits_.max_nodes || depth + a.height > limits_.max_depth) throw NeedsGraph{};
    nodes_ += a.nodes;
    attach(Value(a.value), depth + a.height);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(mark, tag, anchor, Value::Kind::list);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(mark, tag, anchor, Value::Kind::object);
  }
  void OnMapEnd() override { close(); }

 private:
  // A list or mapping being read.
  struct Frame {
    Value value;                // its items so far (the short form's inner value)
    std::string_view long_name; // of its short-form tag, or ""
    std::size_t depth = 0;      // of this node (the root is 0)
    std::size_t deepest = 0;    // the largest depth inside it so far
    std::size_t nodes_before = 0;
    YAML::anchor_t anchor = YAML::NullAnchor;
    bool has_key = false;       // a mapping's key read, its value not yet
    std::string key;
    Origin key_origin;
  };
  // A complete anchored node, for its aliases.
  struct Anchored {
    bool done = false;
    bool scalar = false;
    std::string text;        // a scalar's text (an alias used as a mapping key)
    Value value;
    std::size_t nodes = 0;   // nodes it counts for
    std::size_t height = 0;  // the depth of its deepest node below it
  };

  bool key_expected() const {
    return !frames_.empty() && frames_.back().value.kind == Value::Kind::object && !frames_.back().has_key;
  }

  std::size_t next_depth() const {
    if (frames_.empty()) return 0;
    const Frame& f = frames_.back();
    return f.depth + (f.long_name.empty() ? 1 : 2);
  }

  // Counts the node about to be read against the limits; returns its depth.
  std::size_t count_node() {
    const std::size_t depth = next_depth();
    if (++nodes_ > limits_.max_nodes || depth > limits_.max_depth) throw NeedsGraph{};
    return depth;
  }

  Value node_of_scalar(const std::string& tag, const std::string& text, Origin o) const {
    const std::string_view long_name = long_form(tag);
    if (long_name.empty()) return scalar_value(tag, text, std::move(o));
    return long_value(long_name, scalar_value(tag, text, o), o);
  }

  void take_key(std::string text, Origin o) {
    Frame& f = frames_.back();
    f.key = std::move(text);
    f.key_origin = std::move(o);
    f.has_key = true;
  }

  void remember(YAML::anchor_t anchor, const Value& v, std::size_t height, std::size_t nodes, const std::string* text) {
    if (anchor >= anchors_.size()) anchors_.resize(anchor + 1);
    Anchored& a = anchors_[anchor];
    a.done = true;
    a.scalar = text != nullptr;
    a.text = text != nullptr ? *text : std::string();
    a.value = v;
    a.nodes = nodes;
    a.height = height;
  }

  // A complete node at `depth` whose deepest node is at `deepest`.
  void finish(Value v, YAML::anchor_t anchor, std::size_t depth, std::size_t deepest, std::size_t nodes,
              const std::string* text) {
    if (anchor != YAML::NullAnchor) remember(anchor, v, deepest - depth, nodes, text);
    attach(std::move(v), deepest);
  }

  void attach(Value v, std::size_t deepest) {
    if (frames_.empty()) {
      root_ = std::move(v);
      return;
    }
    Frame& f = frames_.back();
    f.deepest = std::max(f.deepest, deepest);
    if (f.value.kind == Value::Kind::object) {
      f.value.keys.push_back(std::move(f.key));
      f.value.key_origins.push_back(std::move(f.key_origin));
      f.has_key = false;
    }
    f.value.items.push_back(std::move(v));
  }

  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, Value::Kind kind) {
    if (key_expected()) throw NeedsGraph{};
    Frame f;
    f.nodes_before = nodes_;
    f.depth = count_node();
    f.deepest = f.depth;
    f.long_name = long_form(tag);
    f.anchor = anchor;
    f.value.kind = kind;
    f.value.origin = origin_of(file_, mark);
    if (anchor != YAML::NullAnchor && anchor >= anchors_.size()) anchors_.resize(anchor + 1);
    if (anchor != YAML::NullAnchor) anchors_[anchor].done = false;
    frames_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    Value v;
    if (f.long_name.empty()) {
      v = std::move(f.value);
    } else {
      const Origin o = f.value.origin;
      v = long_value(f.long_name, std::move(f.value), o);
    }
    finish(std::move(v), f.anchor, f.depth, f.deepest, nodes_ - f.nodes_before, nullptr);
  }

  std::string_view file_;
  const TreeLimits& limits_;
  std::size_t nodes_ = 0;
  std::vector<Frame> frames_;
  std::vector<Anchored> anchors_;  // by yaml-cpp's anchor number (from 1)
  Value root_;
};

}  // namespace

namespace detail {

bool load_yaml_graph(std::string_view file, std::string_view text, Value& out, std::string& error,
                     const TreeLimits& limits) {
  GraphReader reader{file, limits, 0, {}};
  try {
    check_yaml_terminates(text, YamlDocuments::first);
    const YAML::Node doc = YAML::Load(std::string(text));
    if (!reader.convert(doc, out, 0)) {
      error = reader.error;
      return false;
    }
  } catch (const YAML::Exception& e) {
    error = located(file, e.mark.line + 1, e.mark.column + 1, "invalid YAML: " + e.msg);
    return false;
  } catch (const std::exception& e) {
    error = std::string(file) + ": invalid YAML: " + e.what();
    return false;
  }
  close_lines(out);
  return true;
}

bool load_yaml_events(std::string_view file, std::string_view text, Value& out, const TreeLimits& limits) {
  try {
    TextBuffer buffer(text);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    EventReader reader(file, limits);
    parser.HandleNextDocument(reader);  // the first document, as YAML::Load reads
    out = std::move(reader.root());
    close_lines(out);
    return true;
  } catch (const NeedsGraph&) {
  } catch (const std::exception&) {
  }
  return false;
}

}  // namespace detail

bool load_yaml(std::string_view file, std::string_view text, Value& out, std::string& error, const TreeLimits& limits) {
  if (detail::load_yaml_events(file, text, out, limits)) return true;
  out = Value{};
  return detail::load_yaml_graph(file, text, out, error, limits);
}

}  // namespace iw::iac
