// The one result type of every analysis.
//
// Every analysis (lint, audit, paths, ...) produces Findings; every writer in report/ consumes
// them without knowing which analysis made them. Field meanings are fixed by contracts.md §2.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iw {

enum class Severity { info = 0, low, medium, high, critical };

std::string_view to_string(Severity s);
// Parses "critical|high|medium|low|info" (case-insensitive); nullopt otherwise.
std::optional<Severity> parse_severity(std::string_view s);

struct Location {
  std::string file;
  int line = 0;         // 1-based; 0 = unknown
  int column = 0;       // 1-based; 0 = unknown
  int statement = -1;   // 0-based statement index; -1 = not about one statement
  std::string sid;      // the statement's Sid, if any
  long long record = -1;  // 0-based index of a record (a CloudTrail event) in the file; -1 = none
};

// The detection rule a finding came from when it is user-supplied data (a Sigma rule), with its
// author, to be credited wherever the finding is shown (Detection Rule License 1.1).
struct RuleRef {
  std::string id, title, author;
  std::string license;  // "DRL-1.1"
  std::vector<std::string> references;
};

// Where a finding's policy is declared in infrastructure code (iac, contracts.md §7): the
// resource's address ("aws_iam_role.deploy", "module.ci.aws_iam_role.x[0]", or a
// CloudFormation logical id) and the file and line of its declaration.
struct IacOrigin {
  std::string address;
  std::string file;
  int line = 0;
};

struct Finding {
  std::string id;           // stable rule id, e.g. "admin-wildcard"
  Severity severity = Severity::info;
  std::string title;        // fixed per id (from the rule registry)
  std::string message;      // specific to this occurrence
  std::string account;      // 12-digit account, or "" when unknown
  std::string resource;     // file path, policy/principal ARN, or account root ARN
  std::optional<Location> location;
  std::string remediation;  // what to do
  std::vector<std::string> compliance;  // e.g. "CIS-AWS-3.0:1.5"
  std::string snippet;      // the offending source line, for text output ("" if none)
  // CloudTrail findings: the event's identifying fields (contracts.md §6 "event"), in output
  // order, absent fields left out; empty = not about an event.
  std::vector<std::pair<std::string, std::string>> event;
  // Set when a user-supplied rule produced the finding; shared by all the findings of the rule.
  std::shared_ptr<const RuleRef> rule;
  // Members an analysis adds to the finding's JSON object (e.g. "access"): key and one complete
  // JSON value written with JsonWriter. Formats other than json leave them out.
  std::vector<std::pair<std::string, std::string>> json;
  std::optional<IacOrigin> iac;       // set by iac only
  std::vector<std::string> related;   // nearest ids of other tools (checkov, KICS); iac only
};

// Orders findings for stable output: resource, line, column, id, message.
void sort_findings(std::vector<Finding>& findings);
// The order of sort_findings(): a before b.
bool finding_less(const Finding& a, const Finding& b);
// True when `findings` are already in sort_findings() order (sorting would not move any).
bool findings_sorted(const std::vector<Finding>& findings);

}  // namespace iw
