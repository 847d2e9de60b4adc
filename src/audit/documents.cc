// The policy documents the findings of an account point into, with who holds each: what the
// HTML report shows next to a finding ("what do I edit?").
#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

#include "audit/checks.h"
#include "core/json_writer.h"

namespace iw::audit {

namespace {

using account::PolicyDoc;

// The end (one past the closing bracket) of the JSON object or array that starts at `at`, or
// `at` when the text there is not one.
std::size_t value_end(std::string_view text, std::size_t at) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return at;
}

// Where each finding sits, by file: sorted (line, column) pairs.
using Positions = std::map<std::string_view, std::vector<std::pair<int, int>>>;

Positions positions_of(const std::vector<Finding>& findings) {
  Positions out;
  for (const Finding& f : findings) {
    if (f.location && f.location->line > 0) out[f.location->file].emplace_back(f.location->line, f.location->column);
  }
  for (auto& [file, v] : out) std::sort(v.begin(), v.end());
  return out;
}

LineColumn begin_of(const PolicyDoc& doc) {
  return doc.decoded ? LineColumn{1, 1} : doc.source->position(doc.offset);
}

LineColumn end_of(const PolicyDoc& doc) {
  return doc.decoded ? doc.decoded->position(doc.text.size())
                     : doc.source->position(doc.offset + doc.text.size());
}

bool has_finding(const Positions& positions, const PolicyDoc& doc) {
  const auto it = positions.find(doc.located_in().name());
  if (it == positions.end()) return false;
  const LineColumn b = begin_of(doc), e = end_of(doc);
  const auto first = std::lower_bound(it->second.begin(), it->second.end(), std::pair{b.line, b.column});
  return first != it->second.end() && *first <= std::pair{e.line, e.column};
}

PolicyDocument describe(const PolicyDoc& doc, std::string name, std::vector<std::string> holders) {
  PolicyDocument out;
  out.name = std::move(name);
  out.file = doc.located_in().name();
  out.begin = begin_of(doc);
  out.end = end_of(doc);
  out.text = std::string(doc.text);
  const std::size_t base = doc.decoded ? 0 : doc.offset;
  for (const policy::Statement& st : doc.document.statements) {
    const std::size_t at = st.offset >= base ? st.offset - base : out.text.size();
    const std::size_t end = at < out.text.size() && out.text[at] == '{' ? value_end(out.text, at) : at;
    out.statements.emplace_back(end > at ? at : 0, end > at ? end : 0);
  }
  out.holders = std::move(holders);
  return out;
}

// Managed policy ARN -> the users, groups and roles it is attached to or bounds.
std::unordered_map<std::string, std::vector<std::string>> managed_holders(const account::Account& a) {
  std::unordered_map<std::string, std::vector<std::string>> out;
  const auto add = [&](const std::string& policy, const std::string& holder) {
    std::vector<std::string>& v = out[policy];
    if (std::find(v.begin(), v.end(), holder) == v.end()) v.push_back(holder);
  };
  for (const account::User& u : a.users) {
    for (const std::string& p : u.attached_policy_arns) add(p, u.arn);
    if (u.boundary_arn) add(*u.boundary_arn, u.arn);
  }
  for (const account::Group& g : a.groups) {
    for (const std::string& p : g.attached_policy_arns) add(p, g.arn);
  }
  for (const account::Role& r : a.roles) {
    for (const std::string& p : r.attached_policy_arns) add(p, r.arn);
    if (r.boundary_arn) add(*r.boundary_arn, r.arn);
  }
  return out;
}

class Collector {
 public:
  Collector(const Positions& positions, std::vector<PolicyDocument>& out) : positions_(positions), out_(out) {}
  template <typename Name, typename Holders>
  void add(const PolicyDoc& doc, Name&& name, Holders&& holders) {
    if (has_finding(positions_, doc)) out_.push_back(describe(doc, name(), holders()));
  }

 private:
  const Positions& positions_;
  std::vector<PolicyDocument>& out_;
};

void collect_principals(const account::Account& a, Collector& c) {
  const auto self = [](const std::string& arn) { return [&arn] { return std::vector<std::string>{arn}; }; };
  for (const account::User& u : a.users) {
    for (const auto& ip : u.inline_policies) {
      c.add(ip.doc, [&] { return "inline policy " + ip.name + " of " + u.arn; }, self(u.arn));
    }
  }
  for (const account::Group& g : a.groups) {
    for (const auto& ip : g.inline_policies) {
      c.add(ip.doc, [&] { return "inline policy " + ip.name + " of " + g.arn; }, self(g.arn));
    }
  }
  for (const account::Role& r : a.roles) {
    c.add(r.trust, [&] { return "trust policy of " + r.arn; }, self(r.arn));
    for (const auto& ip : r.inline_policies) {
      c.add(ip.doc, [&] { return "inline policy " + ip.name + " of " + r.arn; }, self(r.arn));
    }
  }
}

void collect_others(const account::Account& a, Collector& c) {
  const auto none = [] { return std::vector<std::string>{}; };
  for (const account::ResourcePolicy& rp : a.resource_policies) {
    c.add(rp.doc, [&] { return "resource policy of " + rp.arn; }, none);
  }
  for (const account::IdentityCenterInstance& instance : a.identity_center) {
    for (const account::PermissionSet& ps : instance.permission_sets) {
      if (!ps.inline_policy) continue;
      c.add(*ps.inline_policy, [&] { return "inline policy of permission set " + ps.name + " (" + ps.arn + ")"; },
            [&] { return std::vector<std::string>{ps.arn}; });
    }
  }
  const auto account = [&a] { return std::vector<std::string>{a.root_arn()}; };
  for (const auto* levels : {&a.scps, &a.rcps}) {
    const std::string kind = levels == &a.scps ? "SCP " : "RCP ";
    for (const auto& level : *levels) {
      for (const account::NamedPolicy& np : level) c.add(np.doc, [&] { return kind + np.name; }, account);
    }
  }
}

}  // namespace

void add_holders(const account::Account& a, std::vector<Finding>& findings) {
  const auto holders = managed_holders(a);
  for (Finding& f : findings) {
    const auto it = holders.find(f.resource);
    if (it == holders.end() || it->second.empty()) continue;
    JsonWriter w;
    w.value(it->second);
    f.json.emplace_back("holders", std::move(w).take());
  }
}

std::vector<PolicyDocument> documents_of_findings(const account::Account& a, const std::vector<Finding>& findings) {
  std::vector<PolicyDocument> out;
  const Positions positions = positions_of(findings);
  if (positions.empty()) return out;
  Collector c(positions, out);
  const auto holders = managed_holders(a);
  for (const account::ManagedPolicy& p : a.policies) {
    if (const PolicyDoc* doc = p.default_document()) {
      c.add(*doc, [&] { return p.arn; }, [&] {
        const auto it = holders.find(p.arn);
        return it == holders.end() ? std::vector<std::string>{} : it->second;
      });
    }
  }
  collect_principals(a, c);
  collect_others(a, c);
  return out;
}

}  // namespace iw::audit
