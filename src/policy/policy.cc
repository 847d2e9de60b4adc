#include "policy/policy.h"

#include <algorithm>
#include <array>

#include "core/strings.h"
#include "policy/condition_op.h"
#include "policy/variables.h"

namespace iw::policy {

std::string_view to_string(Kind k) {
  static constexpr std::array<std::string_view, 7> kNames{
      "identity", "resource", "trust", "scp", "rcp", "boundary", "session"};
  return kNames[static_cast<std::size_t>(k)];
}

std::optional<Kind> parse_kind(std::string_view s) {
  for (Kind k : {Kind::identity, Kind::resource, Kind::trust, Kind::scp, Kind::rcp, Kind::boundary,
                 Kind::session}) {
    if (iequals(s, to_string(k))) return k;
  }
  return std::nullopt;
}

std::string_view to_string(PrincipalType t) {
  switch (t) {
    case PrincipalType::star: return "*";
    case PrincipalType::aws: return "AWS";
    case PrincipalType::service: return "Service";
    case PrincipalType::federated: return "Federated";
    case PrincipalType::canonical_user: return "CanonicalUser";
  }
  return "";
}

namespace {

using json::Node;
using JKind = json::Kind;

// Reads one policy from a JSON tree, collecting structural issues.
class Reader {
 public:
  Reader(const json::Document& doc, std::vector<Issue>& issues) : doc_(doc), issues_(issues) {}

  Document read(const Node& root) {
    Document out;
    if (root.kind != JKind::object) {
      issue("a policy must be a JSON object, not " + std::string(json::to_string(root.kind)), root.offset);
      return out;
    }
    for (const Node& member : doc_.children(root)) {
      if (member.key == "Version") {
        out.version = read_string(member, "Version");
        if (out.version && out.version->text != "2012-10-17" && out.version->text != "2008-10-17") {
          issue("Version must be \"2012-10-17\" or \"2008-10-17\", not \"" + out.version->text + "\"",
                member.offset);
        }
      } else if (member.key == "Id") {
        out.id = read_string(member, "Id");
      } else if (member.key == "Statement") {
        read_statements(member, out);
      } else {
        unknown_element(member, {"Version", "Id", "Statement"}, "policy");
      }
    }
    if (!out.has_statement) issue("the policy has no Statement element", root.offset);
    return out;
  }

 private:
  void issue(std::string message, std::uint32_t offset) { issues_.push_back({std::move(message), offset}); }

  void unknown_element(const Node& member, std::initializer_list<std::string_view> known,
                       std::string_view where) {
    std::string message = "unknown " + std::string(where) + " element \"" + std::string(member.key) + "\"";
    for (std::string_view k : known) {
      if (iequals(k, member.key) || edit_distance(k, member.key, 2) <= 2) {
        message += " (did you mean \"" + std::string(k) + "\"?)";
        break;
      }
    }
    issue(std::move(message), member.key_offset);
  }

  std::optional<Located> read_string(const Node& n, std::string_view what) {
    if (n.kind != JKind::string) {
      issue(std::string(what) + " must be a string, not " + std::string(json::to_string(n.kind)), n.offset);
      return std::nullopt;
    }
    return Located{std::string(n.text), n.offset};
  }

  // A string or an array of strings.
  std::vector<Located> read_string_list(const Node& n, std::string_view what) {
    std::vector<Located> out;
    if (n.kind == JKind::string) {
      out.push_back({std::string(n.text), n.offset});
    } else if (n.kind == JKind::array) {
      for (const Node& item : doc_.children(n)) {
        if (auto s = read_string(item, std::string(what) + " entries")) out.push_back(std::move(*s));
      }
    } else {
      issue(std::string(what) + " must be a string or an array of strings, not " +
                std::string(json::to_string(n.kind)),
            n.offset);
    }
    return out;
  }

  void read_statements(const Node& n, Document& out) {
    out.has_statement = true;
    out.statement_offset = n.key_offset;
    if (n.kind == JKind::object) {
      out.statements.push_back(read_statement(n, 0));
    } else if (n.kind == JKind::array) {
      out.statement_array = true;
      std::uint32_t index = 0;
      for (const Node& item : doc_.children(n)) {
        if (item.kind != JKind::object) {
          issue("each Statement entry must be an object, not " + std::string(json::to_string(item.kind)),
                item.offset);
          continue;
        }
        out.statements.push_back(read_statement(item, index++));
      }
    } else {
      issue("Statement must be an object or an array of objects, not " +
                std::string(json::to_string(n.kind)),
            n.offset);
    }
  }

  // Records which of a pair (Action/NotAction, ...) is used; reports both.
  bool claim(Polarity& slot, Polarity value, const Node& member, std::string_view a, std::string_view b) {
    if (slot != Polarity::absent) {
      issue("a statement may have " + std::string(a) + " or " + std::string(b) + ", not both",
            member.key_offset);
      return false;
    }
    slot = value;
    return true;
  }

  Statement read_statement(const Node& n, std::uint32_t index) {
    Statement st;
    st.offset = n.offset;
    st.index = index;
    bool has_effect = false;
    std::vector<std::string_view> seen;
    for (const Node& m : doc_.children(n)) {
      const std::string_view key = m.key;
      // A repeated key is reported once, as a duplicate key; its first occurrence counts.
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      if (key == "Sid") {
        st.sid = read_string(m, "Sid");
      } else if (key == "Effect") {
        has_effect = true;
        st.effect_offset = m.offset;
        if (auto e = read_string(m, "Effect")) {
          if (e->text == "Allow" || e->text == "Deny") {
            st.effect = e->text == "Allow" ? Effect::allow : Effect::deny;
            st.effect_valid = true;
          } else {
            issue("Effect must be \"Allow\" or \"Deny\" (case-sensitive), not \"" + e->text + "\"", m.offset);
          }
        }
      } else if (key == "Action" || key == "NotAction") {
        if (!claim(st.action, key == "Action" ? Polarity::positive : Polarity::negated, m, "Action", "NotAction")) continue;
        st.action_offset = m.key_offset;
        st.actions = read_string_list(m, key);
        for (const Located& a : st.actions) {
          if (a.text != "*" && a.text.find(':') == std::string::npos) {
            issue("action \"" + a.text + "\" must have the form service:ActionName", a.offset);
          }
        }
      } else if (key == "Resource" || key == "NotResource") {
        if (!claim(st.resource, key == "Resource" ? Polarity::positive : Polarity::negated, m, "Resource", "NotResource")) continue;
        st.resource_offset = m.key_offset;
        st.resources = read_string_list(m, key);
      } else if (key == "Principal" || key == "NotPrincipal") {
        if (!claim(st.principal, key == "Principal" ? Polarity::positive : Polarity::negated, m, "Principal", "NotPrincipal")) continue;
        st.principal_offset = m.key_offset;
        read_principal(m, st);
      } else if (key == "Condition") {
        st.has_condition = true;
        st.condition_offset = m.key_offset;
        read_conditions(m, st);
      } else {
        unknown_element(m, {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
                            "Principal", "NotPrincipal", "Condition"},
                        "statement");
      }
    }
    if (!has_effect) issue("the statement has no Effect", n.offset);
    if (st.action == Polarity::absent) issue("the statement has no Action or NotAction", n.offset);
    return st;
  }

  void read_principal(const Node& m, Statement& st) {
    if (m.kind == JKind::string) {
      if (m.text == "*") {
        st.principals.push_back({PrincipalType::star, "*", m.offset});
      } else {
        issue("Principal must be \"*\" or an object such as {\"AWS\": \"...\"}", m.offset);
      }
      return;
    }
    if (m.kind != JKind::object) {
      issue("Principal must be \"*\" or an object, not " + std::string(json::to_string(m.kind)), m.offset);
      return;
    }
    for (const Node& entry : doc_.children(m)) {
      PrincipalType type;
      if (entry.key == "AWS") type = PrincipalType::aws;
      else if (entry.key == "Service") type = PrincipalType::service;
      else if (entry.key == "Federated") type = PrincipalType::federated;
      else if (entry.key == "CanonicalUser") type = PrincipalType::canonical_user;
      else {
        unknown_element(entry, {"AWS", "Service", "Federated", "CanonicalUser"}, "principal type");
        continue;
      }
      for (Located& v : read_string_list(entry, entry.key)) {
        check_principal_value(type, v);
        st.principals.push_back({type, std::move(v.text), v.offset});
      }
    }
  }

  void check_principal_value(PrincipalType type, const Located& v) {
    if (v.text.empty()) {
      issue("empty principal", v.offset);
      return;
    }
    if (type == PrincipalType::aws && v.text != "*") {
      const bool account = v.text.size() == 12 &&
                           v.text.find_first_not_of("0123456789") == std::string::npos;
      const bool arn = v.text.rfind("arn:", 0) == 0;
      const bool unique_id = v.text.size() >= 16 && (v.text.rfind("AIDA", 0) == 0 ||
                                                     v.text.rfind("AROA", 0) == 0);
      if (!account && !arn && !unique_id) {
        issue("AWS principal \"" + v.text + "\" must be an account ID (12 digits), an ARN or \"*\"",
              v.offset);
      } else if (arn && v.text.find('*') != std::string::npos) {
        issue("AWS principal ARNs cannot contain wildcards (\"" + v.text +
                  "\"); use the aws:PrincipalArn condition key",
              v.offset);
      }
    }
  }

  void read_conditions(const Node& m, Statement& st) {
    if (m.kind != JKind::object) {
      issue("Condition must be an object, not " + std::string(json::to_string(m.kind)), m.offset);
      return;
    }
    for (const Node& op : doc_.children(m)) {
      if (!parse_operator(op.key)) {
        std::string message = "unknown condition operator \"" + std::string(op.key) + "\"";
        if (auto lenient = parse_operator_lenient(op.key); lenient && lenient->base == OpBase::null) {
          message = "the Null operator cannot take IfExists or a ForAllValues/ForAnyValue qualifier";
        }
        issue(message, op.key_offset);
      }
      if (op.kind != JKind::object) {
        issue("condition operator \"" + std::string(op.key) + "\" must map to an object of keys",
              op.offset);
        continue;
      }
      for (const Node& key : doc_.children(op)) {
        Condition c;
        c.op = std::string(op.key);
        c.op_offset = op.key_offset;
        c.key = std::string(key.key);
        c.key_offset = key.key_offset;
        read_condition_values(key, c);
        st.conditions.push_back(std::move(c));
      }
    }
  }

  void read_condition_values(const Node& n, Condition& c) {
    const auto add = [&](const Node& v) {
      switch (v.kind) {
        case JKind::string:
        case JKind::number:
          c.values.push_back({std::string(v.text), v.kind, v.offset});
          break;
        case JKind::boolean:
          c.values.push_back({v.boolean ? "true" : "false", v.kind, v.offset});
          break;
        default:
          issue("condition values must be strings, numbers or booleans, not " +
                    std::string(json::to_string(v.kind)),
                v.offset);
      }
    };
    if (n.kind == JKind::array) {
      c.values_array = true;
      for (const Node& v : doc_.children(n)) add(v);
    } else {
      add(n);
    }
  }

  const json::Document& doc_;
  std::vector<Issue>& issues_;
};

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) {
  return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

bool looks_url_encoded(std::string_view text) {
  text = trim(text);
  return text.size() >= 3 && text[0] == '%' && (text.substr(0, 3) == "%7B" || text.substr(0, 3) == "%7b");
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return std::nullopt;
    out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
    i += 2;
  }
  return out;
}

Document read_policy(const json::Document& doc, const json::Node& node, std::vector<Issue>& grammar) {
  // Duplicates are recorded in document order: binary-search the node's range.
  const auto& dups = doc.duplicate_keys();
  auto it = std::lower_bound(dups.begin(), dups.end(), node.offset,
                             [](const json::DuplicateKey& d, std::uint32_t off) { return d.offset < off; });
  for (; it != dups.end() && it->offset < node.end; ++it) {
    grammar.push_back({"duplicate key \"" + it->key + "\" (IAM rejects documents with repeated keys)", it->offset});
  }
  return Reader(doc, grammar).read(node);
}

ParseResult parse_policy(std::string_view text, const ParseOptions& options) {
  ParseResult result;
  if (looks_url_encoded(text)) {
    auto decoded = percent_decode(trim(text));
    if (!decoded) {
      result.text = std::string(text);
      result.json_error = Issue{"malformed percent-encoding in a URL-encoded policy", 0};
      return result;
    }
    result.text = std::move(*decoded);
    result.url_encoded = true;
  } else {
    result.text = std::string(text);
  }
  json::ParseError error;
  auto doc = json::parse(result.text, error, options.limits);
  if (!doc) {
    result.json_error = Issue{error.message, error.offset};
    return result;
  }
  result.document = read_policy(*doc, doc->root(), result.grammar);
  result.not_a_policy = not_a_policy(*doc, doc->root());
  return result;
}

Kind infer_kind(const Document& doc) {
  bool has_principal = false;
  bool all_trust_actions = true;
  bool any_action = false;
  for (const Statement& st : doc.statements) {
    if (st.principal != Polarity::absent) has_principal = true;
    for (const Located& a : st.actions) {
      any_action = true;
      const std::string_view t = a.text;
      const bool trust = istarts_with(t, "sts:AssumeRole") || iequals(t, "sts:TagSession") ||
                         iequals(t, "sts:SetSourceIdentity") || iequals(t, "sts:SetContext");
      if (!trust) all_trust_actions = false;
    }
  }
  if (!has_principal) return Kind::identity;
  return any_action && all_trust_actions ? Kind::trust : Kind::resource;
}

}  // namespace iw::policy
