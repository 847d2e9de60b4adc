#include "cli/access_code.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "account/account.h"
#include "cli/command.h"
#include "cli/input.h"
#include "core/source.h"
#include "eval/request_file.h"
#include "iac/analyze.h"
#include "iac/render.h"
#include "iac/scan.h"
#include "json/json.h"

namespace iw::cli {

namespace {

iac::Scan scan_code(const std::vector<std::string>& paths, const iac::ScanOptions& options) {
  try {
    return iac::scan(paths, options);
  } catch (const iac::ScanError& e) {
    throw InputError(e.what());
  }
}

// One policy of the code, as access diff reads it.
struct CodePolicy {
  std::string key;    // address|kind|name (#n for repeats)
  std::string label;  // "aws_s3_bucket_policy.site (resource policy)"
  policy::Kind kind = policy::Kind::identity;  // identity, resource or trust
  std::optional<access::PolicyInput> input;    // nullopt: the rendered policy is not valid
  std::string error;
};

policy::Kind diff_kind(policy::Kind k) {
  return k == policy::Kind::trust || k == policy::Kind::resource ? k : policy::Kind::identity;
}

std::vector<CodePolicy> code_policies(const std::string& path, const std::string& kind) {
  const iac::Scan scanned = scan_code({path}, {});
  std::vector<CodePolicy> out;
  std::map<std::string, int> seen;
  for (const iac::ExtractedPolicy& p : scanned.decl.policies) {
    CodePolicy c;
    c.kind = diff_kind(p.kind);
    if (!kind.empty() && policy::to_string(c.kind) != kind) continue;
    c.key = p.owner.address + "|" + std::string(policy::to_string(p.kind)) + "|" + p.name;
    if (const int n = seen[c.key]++; n > 0) c.key += fmt::format("#{}", n);
    c.label = fmt::format("{} ({} policy{}{})", p.owner.address, policy::to_string(p.kind), p.name.empty() ? "" : " ",
                          p.name);
    const iac::Rendered r = iac::render(p.document, p.owner.origin);
    std::shared_ptr<const SourceText> source;
    auto doc = eval::load_policy(r.text, c.label, p.kind == policy::Kind::trust ? policy::Kind::resource : p.kind, source);
    if (doc) {
      c.input = access::PolicyInput{std::move(*doc.value), r.text};
    } else {
      c.error = doc.error;
    }
    out.push_back(std::move(c));
  }
  return out;
}

// The policy that denies everything: what a policy new in NEW is compared with.
access::PolicyInput deny_all(policy::Kind kind) {
  const std::string text = kind == policy::Kind::identity
                               ? R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]})"
                               : R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]})";
  std::shared_ptr<const SourceText> source;
  auto doc = eval::load_policy(text, "deny-all", kind == policy::Kind::identity ? kind : policy::Kind::resource, source);
  return access::PolicyInput{std::move(*doc.value), text};
}

}  // namespace

// A snapshot directory holds snapshot files (account.h), or is a folder of snapshots.
bool is_snapshot(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (std::string_view f : account::kSnapshotFiles) {
    if (fs::exists(fs::path(dir) / f, ec)) return true;
  }
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory(ec) && fs::exists(e.path() / "authorization-details.json", ec)) return true;
  }
  return false;
}

// A policy file is a JSON object with a Statement; anything else is read as infrastructure code.
bool is_policy_file(const std::string& path) {
  const std::string text = read_input(path);
  json::ParseError error;
  const auto doc = json::parse(text, error);
  if (!doc) return path.ends_with(".json") && text.find("\"Statement\"") != std::string::npos;
  const json::Node& root = doc->root();
  return root.kind == json::Kind::object && doc->member(root, "Statement") != nullptr;
}

// The public-access and external-access findings of the resource and trust policies declared by
// infrastructure code (the paths `iac` reads), located in the code; returns how many policies.
std::size_t external_in_code(const std::vector<std::string>& paths, const std::string& account, const std::string& org,
                             std::vector<Finding>& out) {
  iac::ScanOptions scan;
  if (!account.empty()) scan.env.account = account;
  iac::Scan scanned;
  try {
    scanned = iac::scan(paths, scan);
  } catch (const iac::ScanError& e) {
    throw InputError(e.what());
  }
  iac::AnalyzeOptions options;
  options.env = scan.env;
  options.org = org;
  options.external_only = true;
  options.texts = &scanned.texts;
  iac::Analysis analysis = iac::analyze(scanned.decl, options);
  for (Finding& f : analysis.findings) {
    if (f.id == "public-access" || f.id == "external-access") out.push_back(std::move(f));
  }
  return analysis.policies;
}

access::Proof diff_code(const std::string& old_path, const std::string& new_path, const std::string& kind) {
  const std::vector<CodePolicy> before = code_policies(old_path, kind);
  const std::vector<CodePolicy> after = code_policies(new_path, kind);
  std::map<std::string, const CodePolicy*> old_by_key;
  for (const CodePolicy& c : before) old_by_key.emplace(c.key, &c);
  std::optional<access::Proof> unknown;
  for (const CodePolicy& c : after) {
    const auto it = old_by_key.find(c.key);
    const bool added = it == old_by_key.end();
    const CodePolicy* old = added ? nullptr : it->second;
    if (!c.input || (old != nullptr && !old->input)) {
      if (!unknown) {
        unknown = access::Proof{access::Result::unknown, std::nullopt,
                                c.label + ": not compared: " + (c.input ? old->error : c.error)};
      }
      continue;
    }
    access::Proof p = access::diff(added ? deny_all(c.kind) : *old->input, *c.input, c.kind);
    if (p.result == access::Result::fail) {
      p.reason = fmt::format("{}{}: {}", c.label, added ? ", new in NEW" : "", p.reason);
      return p;
    }
    if (p.result == access::Result::unknown && !unknown) {
      p.reason = c.label + ": " + p.reason;
      unknown = std::move(p);
    }
  }
  if (unknown) return *unknown;
  return access::Proof{access::Result::pass, std::nullopt,
                       fmt::format("none of the {} {} of NEW allows a request its counterpart in OLD denies",
                                   after.size(), after.size() == 1 ? "policy" : "policies")};
}

}  // namespace iw::cli
