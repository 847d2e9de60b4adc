// parse_suite(): YAML or JSON text -> SuiteSpec. Both syntaxes are first turned into one small
// located tree (Value), so that the schema is checked by a single reader.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <exception>
#include <initializer_list>
#include <span>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/yaml_budget.h"
#include "core/source.h"
#include "core/strings.h"
#include "json/json.h"
#include "testsuite/suite.h"

namespace iw::testsuite {

std::string_view to_string(Expect e) {
  switch (e) {
    case Expect::allow: return "allow";
    case Expect::deny: return "deny";
    case Expect::explicit_deny: return "explicit_deny";
    case Expect::implicit_deny: return "implicit_deny";
  }
  return "?";
}

std::optional<Expect> parse_expect(std::string_view s) {
  for (Expect e : {Expect::allow, Expect::deny, Expect::explicit_deny, Expect::implicit_deny}) {
    if (s == to_string(e)) return e;
  }
  return std::nullopt;
}

bool satisfies(eval::Outcome outcome, Expect expect) {
  switch (expect) {
    case Expect::allow: return outcome == eval::Outcome::allow;
    case Expect::deny: return outcome != eval::Outcome::allow;
    case Expect::explicit_deny: return outcome == eval::Outcome::explicit_deny;
    case Expect::implicit_deny: return outcome == eval::Outcome::implicit_deny;
  }
  return false;
}

namespace {

// ---------------------------------------------------------------------------------------------
// The located tree.

struct Member;

struct Value {
  enum class Type : std::uint8_t { null, string, number, boolean, list, map };
  Type type = Type::null;
  std::string text;  // string, number (as written), boolean ("true"/"false")
  Location where;
  std::vector<Value> items;     // list
  std::vector<Member> members;  // map, in source order
};

struct Member {
  std::string key;
  Location key_where;
  Value value;
};

std::string_view type_name(Value::Type t) {
  switch (t) {
    case Value::Type::null: return "null";
    case Value::Type::string: return "a string";
    case Value::Type::number: return "a number";
    case Value::Type::boolean: return "a boolean";
    case Value::Type::list: return "a list";
    case Value::Type::map: return "a mapping";
  }
  return "?";
}

std::string at(std::string_view file, Location l) {
  std::string s(file);
  if (l.line > 0) {
    s += ":" + std::to_string(l.line);
    if (l.column > 0) s += ":" + std::to_string(l.column);
  }
  return s;
}

// Both converters share the budget and report the first problem.
struct Converter {
  std::string_view file;
  ParseLimits limits;
  std::size_t nodes = 0;
  std::string error;

  bool fail(Location l, std::string message) {
    error = at(file, l) + ": " + std::move(message);
    return false;
  }
  bool count(Location l, std::size_t depth) {
    if (++nodes > limits.max_nodes) return fail(l, "the suite is too large (more than " +
                                                       std::to_string(limits.max_nodes) + " values)");
    if (depth > limits.max_depth) return fail(l, "the suite nests too deeply (more than " +
                                                     std::to_string(limits.max_depth) + " levels)");
    return true;
  }
};

Location yaml_location(const YAML::Mark& m) {
  if (m.line < 0 || m.column < 0) return {};
  return {m.line + 1, m.column + 1};
}

bool from_yaml(const YAML::Node& n, Value& out, std::size_t depth, Converter& c) {
  out.where = yaml_location(n.Mark());
  if (!c.count(out.where, depth)) return false;
  switch (n.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.type = Value::Type::null;
      return true;
    case YAML::NodeType::Scalar:
      out.type = Value::Type::string;
      out.text = n.Scalar();
      return true;
    case YAML::NodeType::Sequence:
      out.type = Value::Type::list;
      for (const YAML::Node& item : n) {
        out.items.emplace_back();
        if (!from_yaml(item, out.items.back(), depth + 1, c)) return false;
      }
      return true;
    case YAML::NodeType::Map:
      out.type = Value::Type::map;
      for (const auto& kv : n) {
        const Location kl = yaml_location(kv.first.Mark());
        if (!kv.first.IsScalar()) return c.fail(kl, "mapping keys must be plain strings");
        const std::string key = kv.first.Scalar();
        for (const Member& m : out.members) {
          if (m.key == key) {
            return c.fail(kl, "duplicate key \"" + key + "\" (first at line " + std::to_string(m.key_where.line) + ")");
          }
        }
        out.members.push_back({key, kl, {}});
        if (!from_yaml(kv.second, out.members.back().value, depth + 1, c)) return false;
      }
      return true;
  }
  return c.fail(out.where, "unsupported YAML node");
}

bool parse_yaml(std::string_view text, Value& root, Converter& c) {
  try {
    check_yaml_terminates(text, YamlDocuments::first);
    const YAML::Node doc = YAML::Load(std::string(text));
    return from_yaml(doc, root, 0, c);
  } catch (const YAML::DeepRecursion& e) {
    return c.fail(yaml_location(e.mark), "invalid YAML: the suite nests too deeply");
  } catch (const YAML::Exception& e) {
    return c.fail(yaml_location(e.mark), "invalid YAML: " + e.msg);
  } catch (const std::exception& e) {
    return c.fail({}, std::string("invalid YAML: ") + e.what());
  }
}

bool from_json(const json::Document& doc, const json::Node& n, const SourceText& src, Value& out,
               std::size_t depth, Converter& c) {
  const LineColumn lc = src.position(n.offset);
  out.where = {lc.line, lc.column};
  if (!c.count(out.where, depth)) return false;
  switch (n.kind) {
    case json::Kind::null: out.type = Value::Type::null; return true;
    case json::Kind::boolean:
      out.type = Value::Type::boolean;
      out.text = n.boolean ? "true" : "false";
      return true;
    case json::Kind::number:
      out.type = Value::Type::number;
      out.text = std::string(n.text);
      return true;
    case json::Kind::string:
      out.type = Value::Type::string;
      out.text = std::string(n.text);
      return true;
    case json::Kind::array:
      out.type = Value::Type::list;
      for (const json::Node& item : doc.children(n)) {
        out.items.emplace_back();
        if (!from_json(doc, item, src, out.items.back(), depth + 1, c)) return false;
      }
      return true;
    case json::Kind::object:
      out.type = Value::Type::map;
      for (const json::Node& m : doc.children(n)) {
        const LineColumn kl = src.position(m.key_offset);
        out.members.push_back({std::string(m.key), {kl.line, kl.column}, {}});
        if (!from_json(doc, m, src, out.members.back().value, depth + 1, c)) return false;
      }
      return true;
  }
  return c.fail(out.where, "unsupported JSON value");
}

bool parse_json(std::string_view text, Value& root, Converter& c) {
  const SourceText src(std::string(c.file), std::string(text));
  json::ParseError pe;
  json::Limits jl;
  jl.max_bytes = c.limits.max_bytes;
  jl.max_depth = c.limits.max_depth;
  auto doc = json::parse(src.text(), pe, jl);
  if (!doc) {
    const LineColumn lc = src.position(pe.offset);
    return c.fail({lc.line, lc.column}, "invalid JSON: " + pe.message);
  }
  if (!doc->duplicate_keys().empty()) {
    const json::DuplicateKey& d = doc->duplicate_keys().front();
    const LineColumn lc = src.position(d.offset);
    return c.fail({lc.line, lc.column}, "duplicate key \"" + d.key + "\" (first at line " +
                                            std::to_string(src.position(d.first_offset).line) + ")");
  }
  return from_json(*doc, doc->root(), src, root, 0, c);
}

// ---------------------------------------------------------------------------------------------
// The schema.

struct ContextItem {
  std::string key;
  std::vector<std::string> values;
  bool multi = false;
  Location where;
};

struct RequestFields {
  std::optional<std::string> principal, action, resource, resource_account, federated_by;
  std::vector<ContextItem> context;
  std::vector<std::pair<std::string, Location>> where;  // field -> location of its value
  Location location_of(std::string_view field) const {
    for (const auto& [k, l] : where) {
      if (k == field) return l;
    }
    return {};
  }
};

using Keys = std::span<const std::string_view>;
constexpr std::string_view kTopKeys[] = {"version", "name", "description", "policies", "defaults", "cases"};
constexpr std::string_view kPolicyKeys[] = {"identity_policies", "permission_boundary", "session_policies",
                                            "resource_policy",   "scps",                "rcps"};
constexpr std::string_view kDefaultKeys[] = {"principal",        "action",  "resource",
                                             "resource_account", "context", "federated_by"};
constexpr std::string_view kCaseKeys[] = {
    "name",    "description", "principal", "action",   "resource", "resource_account",
    "context", "federated_by", "expect",   "denied_by", "policies"};

std::optional<eval::Layer> parse_layer(std::string_view s) {
  using L = eval::Layer;
  for (L l : {L::scp, L::rcp, L::resource, L::identity, L::boundary, L::session}) {
    if (s == eval::to_string(l)) return l;
  }
  return std::nullopt;
}

class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}

  bool read(const Value& root, SuiteSpec& out) {
    out.file = std::string(file_);
    if (root.type != Value::Type::map) {
      return fail(root.where, "a suite must be a mapping with \"cases\" (got " + std::string(type_name(root.type)) + ")");
    }
    if (!known_keys(root, kTopKeys, "the suite")) return false;
    const Value* cases = nullptr;
    for (const Member& m : root.members) {
      if (m.key == "version") {
        if (m.value.text != "1" || (m.value.type != Value::Type::string && m.value.type != Value::Type::number)) {
          return fail(m.value.where, "\"version\" must be 1 (the only suite format so far)");
        }
      } else if (m.key == "name") {
        if (!string(m, out.name)) return false;
      } else if (m.key == "description") {
        if (!string(m, out.description)) return false;
      } else if (m.key == "policies") {
        if (!policies(m.value, out.policies)) return false;
      } else if (m.key == "defaults") {
        if (m.value.type != Value::Type::map) return wrong_type(m, "a mapping");
        if (!known_keys(m.value, kDefaultKeys, "\"defaults\"")) return false;
        for (const Member& d : m.value.members) {
          if (!request_field(d, defaults_)) return false;
        }
      } else if (m.key == "cases") {
        cases = &m.value;
        if (cases->type != Value::Type::list) return wrong_type(m, "a list of cases");
      }
    }
    if (out.name.empty()) {
      const std::size_t slash = file_.find_last_of('/');
      out.name = std::string(slash == std::string_view::npos ? file_ : file_.substr(slash + 1));
    }
    if (cases == nullptr) return fail(root.where, "the suite has no \"cases\"");
    if (cases->items.empty()) return fail(cases->where, "\"cases\" is empty: a suite needs at least one case");
    for (const Value& item : cases->items) {
      CaseSpec spec;
      if (!read_case(item, spec)) return false;
      for (const CaseSpec& other : out.cases) {
        if (other.name == spec.name) {
          return fail(spec.where, "two cases are named \"" + spec.name + "\" (first at line " +
                                      std::to_string(other.where.line) + "); case names must be unique");
        }
      }
      out.cases.push_back(std::move(spec));
    }
    return true;
  }

  std::string error;

 private:
  bool fail(Location l, std::string message) {
    error = at(file_, l) + ": " + std::move(message);
    return false;
  }

  bool wrong_type(const Member& m, std::string_view expected) {
    return fail(m.value.where, "\"" + m.key + "\" must be " + std::string(expected) + " (got " +
                                   std::string(type_name(m.value.type)) + ")");
  }

  bool known_keys(const Value& map, Keys keys, std::string_view where) {
    for (const Member& m : map.members) {
      if (std::find(keys.begin(), keys.end(), m.key) != keys.end()) continue;
      if (m.key == "snapshot" && where == "the suite") {
        return fail(m.key_where, "\"snapshot\" sources are not supported yet; name policy files under \"policies\"");
      }
      std::string message = "unknown key \"" + m.key + "\" in " + std::string(where);
      std::string_view best;
      std::size_t best_distance = 3;
      for (std::string_view k : keys) {
        const std::size_t d = edit_distance(to_lower(m.key), k, best_distance);
        if (d < best_distance) {
          best = k;
          best_distance = d;
        }
      }
      if (!best.empty()) {
        message += " (did you mean \"" + std::string(best) + "\"?)";
      } else {
        message += "; expected one of:";
        for (std::string_view k : keys) message += " " + std::string(k);
      }
      return fail(m.key_where, std::move(message));
    }
    return true;
  }

  bool string(const Member& m, std::string& out) {
    if (m.value.type != Value::Type::string) return wrong_type(m, "a string");
    out = m.value.text;
    return true;
  }

  // A string, or null for "not set".
  bool optional_string(const Member& m, std::optional<std::string>& out) {
    if (m.value.type == Value::Type::null) {
      out = std::string();
      return true;
    }
    if (m.value.type != Value::Type::string) return wrong_type(m, "a string");
    out = m.value.text;
    return true;
  }

  bool file_name(const Value& v, std::string_view what, PolicyFile& out) {
    if (v.type != Value::Type::string) {
      return fail(v.where, std::string(what) + " must be a policy file path (got " + std::string(type_name(v.type)) + ")");
    }
    if (v.text.empty()) return fail(v.where, std::string(what) + ": empty policy file path");
    out = {v.text, v.where};
    return true;
  }

  // A path or a list of paths (null: none).
  bool file_list(const Member& m, std::vector<PolicyFile>& out) {
    if (m.value.type == Value::Type::null) return true;
    if (m.value.type == Value::Type::list) {
      for (const Value& item : m.value.items) {
        PolicyFile f;
        if (!file_name(item, "each entry of \"" + m.key + "\"", f)) return false;
        out.push_back(std::move(f));
      }
      return true;
    }
    PolicyFile f;
    if (!file_name(m.value, "\"" + m.key + "\"", f)) return false;
    out.push_back(std::move(f));
    return true;
  }

  bool policies(const Value& v, PolicyFiles& out) {
    if (v.type != Value::Type::map) {
      return fail(v.where, "\"policies\" must be a mapping of layers (got " + std::string(type_name(v.type)) + ")");
    }
    if (!known_keys(v, kPolicyKeys, "\"policies\"")) return false;
    using L = eval::Layer;
    for (const Member& m : v.members) {
      if (m.key == "identity_policies" || m.key == "session_policies") {
        LayerFiles& lf = out[m.key == "identity_policies" ? L::identity : L::session];
        lf.set = true;
        lf.levels.assign(1, {});
        if (!file_list(m, lf.levels[0])) return false;
      } else if (m.key == "permission_boundary" || m.key == "resource_policy") {
        LayerFiles& lf = out[m.key == "permission_boundary" ? L::boundary : L::resource];
        lf.set = true;
        lf.levels.assign(1, {});
        if (m.value.type == Value::Type::null) continue;
        PolicyFile f;
        if (!file_name(m.value, "\"" + m.key + "\"", f)) return false;
        lf.levels[0].push_back(std::move(f));
      } else {  // scps, rcps: a list of levels, each a path or a list of paths
        LayerFiles& lf = out[m.key == "scps" ? L::scp : L::rcp];
        lf.set = true;
        lf.levels.clear();
        if (m.value.type == Value::Type::null) continue;
        if (m.value.type == Value::Type::string) {
          lf.levels.emplace_back();
          if (!file_list(m, lf.levels.back())) return false;
          continue;
        }
        if (m.value.type != Value::Type::list) return wrong_type(m, "a list of levels (root first)");
        for (const Value& level : m.value.items) {
          lf.levels.emplace_back();
          if (level.type == Value::Type::list) {
            if (level.items.empty()) return fail(level.where, "an empty level in \"" + m.key + "\" would deny everything; give it a policy");
            for (const Value& item : level.items) {
              PolicyFile f;
              if (!file_name(item, "each policy of a level of \"" + m.key + "\"", f)) return false;
              lf.levels.back().push_back(std::move(f));
            }
          } else {
            PolicyFile f;
            if (!file_name(level, "each level of \"" + m.key + "\"", f)) return false;
            lf.levels.back().push_back(std::move(f));
          }
        }
      }
    }
    return true;
  }

  bool scalar(const Value& v, std::string& out) {
    if (v.type == Value::Type::string || v.type == Value::Type::number || v.type == Value::Type::boolean) {
      out = v.text;
      return true;
    }
    return fail(v.where, "context values must be strings or lists of strings (got " + std::string(type_name(v.type)) + ")");
  }

  bool context(const Member& m, std::vector<ContextItem>& out) {
    if (m.value.type == Value::Type::null) return true;
    if (m.value.type != Value::Type::map) return wrong_type(m, "a mapping of condition keys");
    for (const Member& k : m.value.members) {
      if (k.key.empty()) return fail(k.key_where, "empty context key");
      for (const ContextItem& c : out) {
        if (iequals(c.key, k.key)) {
          return fail(k.key_where, "context key \"" + k.key + "\" is given twice (keys are case-insensitive)");
        }
      }
      ContextItem item{k.key, {}, false, k.key_where};
      if (k.value.type == Value::Type::list) {
        item.multi = true;
        for (const Value& v : k.value.items) {
          std::string s;
          if (!scalar(v, s)) return false;
          item.values.push_back(std::move(s));
        }
      } else {
        std::string s;
        if (!scalar(k.value, s)) return false;
        item.values.push_back(std::move(s));
      }
      out.push_back(std::move(item));
    }
    return true;
  }

  bool request_field(const Member& m, RequestFields& out) {
    out.where.emplace_back(m.key, m.value.where);
    if (m.key == "principal") return optional_string(m, out.principal);
    if (m.key == "action") return optional_string(m, out.action);
    if (m.key == "resource") return optional_string(m, out.resource);
    if (m.key == "resource_account") return optional_string(m, out.resource_account);
    if (m.key == "federated_by") return optional_string(m, out.federated_by);
    return context(m, out.context);  // "context"
  }

  bool read_case(const Value& v, CaseSpec& out) {
    out.where = v.where;
    if (v.type != Value::Type::map) {
      return fail(v.where, "each case must be a mapping with name, principal, action and expect (got " +
                               std::string(type_name(v.type)) + ")");
    }
    if (!known_keys(v, kCaseKeys, "a case")) return false;
    RequestFields fields;
    bool have_expect = false;
    const Value* denied_by = nullptr;
    for (const Member& m : v.members) {
      if (m.key == "name") {
        if (!string(m, out.name)) return false;
        if (out.name.empty()) return fail(m.value.where, "a case name must not be empty");
      } else if (m.key == "description") {
        if (!string(m, out.description)) return false;
      } else if (m.key == "expect") {
        std::string s;
        if (!string(m, s)) return false;
        auto e = parse_expect(s);
        if (!e) return fail(m.value.where, "\"expect\" must be allow, deny, explicit_deny or implicit_deny (got \"" + s + "\")");
        out.expect = *e;
        have_expect = true;
      } else if (m.key == "denied_by") {
        denied_by = &m.value;
      } else if (m.key == "policies") {
        if (!policies(m.value, out.policies)) return false;
      } else if (!request_field(m, fields)) {
        return false;
      }
    }
    const std::string prefix = out.name.empty() ? "a case" : "case \"" + out.name + "\"";
    if (out.name.empty()) return fail(v.where, "a case has no \"name\"");
    if (!have_expect) return fail(v.where, prefix + " has no \"expect\" (allow, deny, explicit_deny or implicit_deny)");
    if (denied_by != nullptr && !layers(*denied_by, out)) return false;

    eval::RequestSpec spec;
    auto pick = [](const std::optional<std::string>& own, const std::optional<std::string>& dflt) {
      return own ? *own : dflt ? *dflt : std::string();
    };
    spec.principal = pick(fields.principal, defaults_.principal);
    spec.action = pick(fields.action, defaults_.action);
    spec.resource = pick(fields.resource, defaults_.resource);
    if (spec.resource.empty()) spec.resource = "*";
    spec.resource_account = pick(fields.resource_account, defaults_.resource_account);
    spec.federated_by = pick(fields.federated_by, defaults_.federated_by);
    if (spec.principal.empty()) return fail(v.where, prefix + " has no \"principal\" (and \"defaults\" gives none)");
    if (spec.action.empty()) return fail(v.where, prefix + " has no \"action\" (and \"defaults\" gives none)");
    // Context: the defaults, then the case's keys (a case key replaces a default one; an empty
    // list removes it).
    std::vector<ContextItem> ctx = defaults_.context;
    for (const ContextItem& c : fields.context) {
      auto it = std::find_if(ctx.begin(), ctx.end(), [&](const ContextItem& d) { return iequals(d.key, c.key); });
      if (it != ctx.end()) *it = c;
      else ctx.push_back(c);
    }
    for (ContextItem& c : ctx) {
      if (c.multi) spec.context.set_list(c.key, std::move(c.values));
      else spec.context.set(c.key, std::move(c.values[0]));
    }
    auto request = eval::make_request(spec);
    if (!request) {
      // Point at the field the message names: the case's own, else the default's, else the case.
      Location l;
      for (std::string_view f : {"principal", "action", "resource_account", "resource", "federated_by"}) {
        if (request.error.starts_with(f)) {
          l = fields.location_of(f);
          if (l.line == 0) l = defaults_.location_of(f);
          break;
        }
      }
      return fail(l.line > 0 ? l : v.where, prefix + ": " + request.error);
    }
    out.request = std::move(*request.value);
    return true;
  }

  bool layers(const Value& v, CaseSpec& out) {
    eval::LayerSet set;
    auto one = [&](const Value& item) {
      if (item.type != Value::Type::string) {
        return fail(item.where, "\"denied_by\" lists layer names (got " + std::string(type_name(item.type)) + ")");
      }
      auto l = parse_layer(item.text);
      if (!l) {
        return fail(item.where, "unknown layer \"" + item.text +
                                    "\" in \"denied_by\"; layers: scp, rcp, resource, identity, boundary, session");
      }
      set.add(*l);
      return true;
    };
    if (v.type == Value::Type::list) {
      for (const Value& item : v.items) {
        if (!one(item)) return false;
      }
    } else if (v.type != Value::Type::null && !one(v)) {
      return false;
    }
    if (out.expect == Expect::allow && !set.empty()) {
      return fail(v.where, "\"denied_by\" names layers but the case expects allow");
    }
    if (out.expect != Expect::allow && set.empty()) {
      return fail(v.where, "\"denied_by\" is empty but a deny always names at least one layer");
    }
    out.denied_by = set;
    return true;
  }

  std::string_view file_;
  RequestFields defaults_;
};

}  // namespace

Result<SuiteSpec> parse_suite(std::string_view text, std::string_view file, Syntax syntax, const ParseLimits& limits) {
  Converter c{file, limits, 0, {}};
  if (text.size() > limits.max_bytes) {
    return Result<SuiteSpec>::fail(std::string(file) + ": the suite is larger than " +
                                   std::to_string(limits.max_bytes) + " bytes");
  }
  if (syntax == Syntax::automatic) syntax = iends_with(file, ".json") ? Syntax::json : Syntax::yaml;
  Value root;
  try {
    const bool ok = syntax == Syntax::json ? parse_json(text, root, c) : parse_yaml(text, root, c);
    if (!ok) return Result<SuiteSpec>::fail(std::move(c.error));
    Reader reader(file);
    SuiteSpec spec;
    if (!reader.read(root, spec)) return Result<SuiteSpec>::fail(std::move(reader.error));
    return Result<SuiteSpec>{std::move(spec), {}};
  } catch (const std::exception& e) {  // allocation failure and the like: still an input error
    return Result<SuiteSpec>::fail(std::string(file) + ": cannot read the suite: " + e.what());
  }
}

}  // namespace iw::testsuite
