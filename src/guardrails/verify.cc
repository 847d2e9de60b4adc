#include "guardrails/verify.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "access/model.h"
#include "core/json_writer.h"
#include "core/parallel.h"
#include "core/rules.h"
#include "json/json.h"
#include "policy/glob.h"
#include "testsuite/suite.h"

namespace iw::guardrails {

namespace {

constexpr std::size_t kMaxManifestBytes = 1u << 20;

std::string at(const SourceText& s, std::uint32_t offset, std::string_view message) {
  const LineColumn lc = s.position(offset);
  return fmt::format("{}:{}:{}: {}", s.name(), lc.line, lc.column, message);
}

std::unique_ptr<SourceText> read_source(const std::string& path) {
  std::string error;
  std::optional<std::string> text = testsuite::read_file(path, error);
  if (!text) throw Error(fmt::format("{}: {}", path, error));
  if (text->size() > kMaxManifestBytes) throw Error(fmt::format("{}: larger than 1 MiB", path));
  return std::make_unique<SourceText>(path, std::move(*text));
}

// The strings of an array member (absent: empty).
std::vector<std::string> strings(const SourceText& s, const json::Document& d, const json::Node& object,
                                 std::string_view key) {
  std::vector<std::string> out;
  const json::Node* n = d.member(object, key);
  if (n == nullptr) return out;
  if (n->kind != json::Kind::array) throw Error(at(s, n->offset, fmt::format("\"{}\" must be a list of strings", key)));
  for (const json::Node& v : d.children(*n)) {
    if (v.kind != json::Kind::string) throw Error(at(s, v.offset, fmt::format("\"{}\" must hold strings", key)));
    out.emplace_back(v.text);
  }
  return out;
}

std::string string_member(const SourceText& s, const json::Document& d, const json::Node& object,
                          std::string_view key) {
  const json::Node* n = d.member(object, key);
  if (n == nullptr) throw Error(at(s, object.offset, fmt::format("missing \"{}\"", key)));
  if (n->kind != json::Kind::string || n->text.empty())
    throw Error(at(s, n->offset, fmt::format("\"{}\" must be a non-empty string", key)));
  return std::string(n->text);
}

Parameters parameters_of(const SourceText& s, const json::Document& d, const json::Node* object,
                         const Parameters& defaults) {
  if (object == nullptr) return defaults;
  if (object->kind != json::Kind::object) throw Error(at(s, object->offset, "\"parameters\" must be an object"));
  Parameters p = defaults;
  if (d.member(*object, "break_glass")) p.break_glass = strings(s, d, *object, "break_glass");
  if (d.member(*object, "regions")) p.regions = strings(s, d, *object, "regions");
  if (d.member(*object, "protected_roles")) p.protected_roles = strings(s, d, *object, "protected_roles");
  if (std::string e = check(p); !e.empty()) throw Error(at(s, object->offset, e));
  return p;
}

void read_scp(Guardrail& g) {
  g.source = read_source(g.path);
  policy::ParseResult r = policy::parse_policy(g.source->text());
  if (r.json_error) throw Error(at(*g.source, r.json_error->offset, r.json_error->message));
  if (!r.document) throw Error(fmt::format("{}: not an IAM policy", g.path));
  std::vector<policy::Issue> issues = r.grammar;
  policy::check_kind_grammar(*r.document, policy::Kind::scp, issues);
  if (!issues.empty()) throw Error(at(*g.source, issues.front().offset, "not a valid SCP: " + issues.front().message));
  if (r.url_encoded) throw Error(fmt::format("{}: write the SCP as JSON, not URL-encoded", g.path));
  g.document = std::move(*r.document);
}

// Probes of an SCP `generate` does not know: the literal actions its Deny statements name.
std::vector<Probe> deny_probes(const policy::Document& doc) {
  std::vector<Probe> out;
  for (const policy::Statement& s : doc.statements) {
    if (s.effect != policy::Effect::deny || s.action != policy::Polarity::positive) continue;
    for (const policy::Located& a : s.actions) {
      if (a.text.find_first_of("*?") != std::string::npos) continue;
      if (std::none_of(out.begin(), out.end(), [&](const Probe& p) { return p.action == a.text; }))
        out.push_back({a.text, "*", {}, false});
    }
  }
  return out;
}

// Requests every guardrail must leave alone for everyone (a guardrail denying them denies
// everything): reading the caller's own account.
std::vector<Probe> everyday_probes() {
  return {{"iam:GetRole", "arn:aws:iam::{account}:role/example", {}, true},
          {"s3:ListAllMyBuckets", "*", {}, true},
          {"ec2:DescribeInstances", "*", {}, true}};
}

std::string replace_account(std::string s, std::string_view account) {
  constexpr std::string_view kSlot = "{account}";
  for (std::size_t i = s.find(kSlot); i != std::string::npos; i = s.find(kSlot)) s.replace(i, kSlot.size(), account);
  return s;
}

std::string describe(const Probe& p, std::string_view account) {
  std::string s = p.action;
  if (p.resource != "*") s += " on " + replace_account(p.resource, account);
  for (const auto& [k, v] : p.context) s += fmt::format(" with {}={}", k, v);
  return s;
}

bool matches_any(std::string_view arn, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return Glob(p, GlobDialect::resource).matches(arn); });
}

// allowed[principal][probe] under one model.
using Table = std::vector<std::vector<bool>>;

Table ask(const access::Model& m, const std::vector<Probe>& probes, unsigned threads) {
  const auto entries = m.entries();
  Table t(entries.size(), std::vector<bool>(probes.size(), false));
  parallel_for(entries.size(), threads, [&](std::size_t i) {
    const access::Model::Entry& e = entries[i];
    if (!e.checker) return;
    const std::string account = access::account_of(e.arn());
    for (std::size_t k = 0; k < probes.size(); ++k) {
      access::Fixed fixed;
      for (const auto& [key, value] : probes[k].context) fixed.context.set(key, value);
      t[i][k] = e.checker->can(probes[k].action, replace_account(probes[k].resource, account), fixed).allowed();
    }
  });
  return t;
}

// Attaches SCPs at the account level of every account `a` holds, and takes them off again.
class Attachment {
 public:
  Attachment(account::Account& a, const Guardrail& g, const account::NamedPolicy& full) : a_(a) {
    account::NamedPolicy scp{g.name, "", {}};
    scp.doc.source = g.source.get();
    scp.doc.text = g.source->text();
    scp.doc.document = g.document;
    add(a.scps, scp, full);
    for (auto& [id, levels] : a.member_scps) add(levels, scp, full);
  }
  ~Attachment() {
    std::size_t i = 0;
    remove(a_.scps, added_level_[i++]);
    for (auto& [id, levels] : a_.member_scps) remove(levels, added_level_[i++]);
  }
  Attachment(const Attachment&) = delete;
  Attachment& operator=(const Attachment&) = delete;

 private:
  void add(account::OrgPolicyLevels& levels, const account::NamedPolicy& scp, const account::NamedPolicy& full) {
    added_level_.push_back(levels.empty());
    if (levels.empty()) levels.push_back({full, scp});
    else levels.back().push_back(scp);
  }
  static void remove(account::OrgPolicyLevels& levels, bool added_level) {
    if (added_level) levels.pop_back();
    else levels.back().pop_back();
  }
  account::Account& a_;
  std::vector<bool> added_level_;
};

struct Lost {
  std::vector<std::string> blocked;  // blocked probes it lost
  std::vector<std::string> kept;     // keep probes it lost
};

}  // namespace

Set parse_manifest(const SourceText& src, const std::string& dir) {
  Set set;
  std::string base = dir;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  set.manifest = src.name();
  if (src.text().size() > kMaxManifestBytes) throw Error(fmt::format("{}: larger than 1 MiB", src.name()));
  json::ParseError error;
  const std::unique_ptr<json::Document> d = json::parse(src.text(), error);
  if (!d) throw Error(at(src, error.offset, error.message));
  const json::Node& root = d->root();
  if (root.kind != json::Kind::object) throw Error(at(src, root.offset, "the manifest must be a JSON object"));
  const Parameters defaults = parameters_of(src, *d, d->member(root, "parameters"), {});
  const json::Node* list = d->member(root, "guardrails");
  if (list == nullptr || list->kind != json::Kind::array || list->child_count == 0)
    throw Error(at(src, list ? list->offset : root.offset, "\"guardrails\" must be a non-empty list"));
  if (list->child_count > 1000) throw Error(at(src, list->offset, "more than 1000 guardrails"));
  for (const json::Node& n : d->children(*list)) {
    if (n.kind != json::Kind::object) throw Error(at(src, n.offset, "a guardrail must be an object"));
    Guardrail g;
    g.name = string_member(src, *d, n, "name");
    const std::string file = string_member(src, *d, n, "file");
    if (file.starts_with('/') || file.find("..") != std::string::npos)
      throw Error(at(src, d->member(n, "file")->offset, "\"file\" must be a path inside the folder"));
    g.path = base + "/" + file;
    if (const json::Node* desc = d->member(n, "description"); desc && desc->kind == json::Kind::string)
      g.description = std::string(desc->text);
    g.parameters = parameters_of(src, *d, d->member(n, "parameters"), defaults);
    set.guardrails.push_back(std::move(g));
  }
  return set;
}

Set read_set(const std::string& dir) {
  std::string base = dir;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  const std::unique_ptr<SourceText> src = read_source(base + "/guardrails.json");
  Set set = parse_manifest(*src, base);
  for (Guardrail& g : set.guardrails) read_scp(g);
  return set;
}

std::vector<Finding> verify(const Set& set, account::Account& a, const VerifyOptions& options) {
  // Every guardrail's probes, then the everyday ones, in one list per guardrail.
  std::vector<std::vector<Probe>> probes;
  for (const Guardrail& g : set.guardrails) {
    std::vector<Probe> p = find(g.name) ? guardrails::probes(g.name, g.parameters) : deny_probes(g.document);
    for (Probe& e : everyday_probes()) p.push_back(std::move(e));
    probes.push_back(std::move(p));
  }
  access::ModelOptions mo;
  mo.decide_admin = false;
  mo.threads = options.threads;
  std::vector<Table> before;
  {
    const access::Model m(a, mo);
    for (const std::vector<Probe>& p : probes) before.push_back(ask(m, p, m.threads()));
  }
  const SourceText full_source("FullAWSAccess",
                               R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
  account::NamedPolicy full{"FullAWSAccess", "", {}};
  full.doc.source = &full_source;
  full.doc.text = full_source.text();
  full.doc.document = *policy::parse_policy(full_source.text()).document;

  std::vector<Finding> out;
  for (std::size_t gi = 0; gi < set.guardrails.size(); ++gi) {
    const Guardrail& g = set.guardrails[gi];
    std::vector<std::string> break_glass = g.parameters.break_glass;
    break_glass.insert(break_glass.end(), options.extra_break_glass.begin(), options.extra_break_glass.end());
    std::vector<std::string> protected_roles;
    if (g.name == "protect-iam-roles") {
      for (const std::string& r : g.parameters.protected_roles) protected_roles.push_back(role_arn_pattern(r));
    }
    Attachment attached(a, g, full);
    const access::Model m(a, mo);
    const Table after = ask(m, probes[gi], m.threads());
    const auto entries = m.entries();
    std::map<std::string, std::size_t> blocked_count;  // probe -> principals
    std::vector<std::pair<std::string, std::vector<std::string>>> blocked;
    std::size_t asked = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (!entries[i].checker) continue;
      ++asked;
      const std::string& arn = entries[i].arn();
      const std::string account = access::account_of(arn);
      Lost lost;
      for (std::size_t k = 0; k < probes[gi].size(); ++k) {
        if (!before[gi][i][k] || after[i][k]) continue;
        (probes[gi][k].keep ? lost.kept : lost.blocked).push_back(describe(probes[gi][k], account));
      }
      const bool is_break_glass = matches_any(arn, break_glass);
      const bool is_protected = matches_any(arn, protected_roles);
      if (!lost.blocked.empty() && !is_break_glass && !is_protected) {
        for (const std::string& p : lost.blocked) ++blocked_count[p];
        blocked.emplace_back(arn, lost.blocked);
      }
      std::vector<std::string> taken = lost.kept;
      if (is_break_glass || is_protected) taken.insert(taken.end(), lost.blocked.begin(), lost.blocked.end());
      if (taken.empty()) continue;
      const std::string who = is_break_glass ? "break-glass principal" : is_protected ? "protected role" : "principal";
      Finding f = make_finding(
          "guardrail-locks-out",
          fmt::format("guardrail {} ({}) takes from {} {} what it can do today: {}", g.name, g.path, who, arn,
                      fmt::join(taken, "; ")));
      f.resource = arn;
      f.account = account;
      f.location = Location{};
      f.location->file = g.path;
      JsonWriter w;
      w.begin_object().member("name", g.name).member("file", g.path).member("principal_role", is_break_glass ? "break-glass" : is_protected ? "protected" : "ordinary").member("actions", taken).end_object();
      f.json.emplace_back("guardrail", std::move(w).take());
      out.push_back(std::move(f));
    }
    std::vector<std::string> counts;
    for (const auto& [probe, n] : blocked_count) counts.push_back(fmt::format("{} ({})", probe, n));
    const std::string message =
        blocked.empty()
            ? fmt::format("guardrail {} blocks none of the probed actions the {} principal(s) can do today", g.name,
                          asked)
            : fmt::format("guardrail {} blocks {} of {} principal(s): {}", g.name, blocked.size(), asked,
                          fmt::join(counts, "; "));
    Finding f = make_finding("guardrail-blocks", message);
    f.resource = g.path;
    f.account = a.id;
    f.location = Location{};
    f.location->file = g.path;
    JsonWriter w;
    w.begin_object().member("name", g.name).member("file", g.path).member("principals", asked);
    w.key("blocked").begin_array();
    for (const auto& [arn, actions] : blocked) w.begin_object().member("principal", arn).member("actions", actions).end_object();
    w.end_array().end_object();
    f.json.emplace_back("guardrail", std::move(w).take());
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace iw::guardrails
