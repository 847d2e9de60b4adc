// Output writers: one list of Findings, eight formats.
//
// Every analysis (lint, audit, paths, ...) hands its Findings to these writers; a writer never
// knows which analysis produced a finding. Each writer returns the complete output text (ending
// in a newline) and never fails: any bytes in a finding (control characters, ill-formed UTF-8,
// markup) are escaped or replaced so that the output stays valid for its format and safe to
// print on a terminal.
//
// Findings are written in sort_findings() order (resource, line, column, id, message) whatever
// the order of ReportInput::findings, so output is deterministic. All functions are pure and
// thread-safe.
//
// Formats:
//   text   compiler-style diagnostics grouped by resource, with the source line and a caret,
//          "why:" / "fix:" lines and a summary; ANSI colors only when `color` is true. For an
//          audit (ReportInput::subject set): a header, counts by severity, then criticals and
//          escalation paths grouped by principal and by policy, then the rest by severity.
//   json   contracts.md §2, pretty-printed, fixed field order.
//   sarif  SARIF 2.1.0 for GitHub code scanning: every result has a location and a stable
//          partialFingerprints["iamwarden/v1"] that does not change when lines move. Within
//          GitHub's limits (25,000 results a run, 1,000 locations a result) one result per
//          finding; over them, one result per rule and file, else per rule, with each finding
//          as a related location.
//   csv    RFC 4180 (CRLF), header row, cells guarded against spreadsheet formula injection.
//   junit  JUnit XML: one testsuite per resource, one testcase per rule id that fired there
//          (its <failure> lists every occurrence), and a passing testcase for each scanned
//          file without findings.
//   asff   AWS Security Finding Format (2018-10-08): a JSON array of findings, the `Findings`
//          input of Security Hub BatchImportFindings. Id is stable (the SARIF fingerprint).
//   ocsf   OCSF 1.1.0 Compliance Finding events (class_uid 2003) as a JSON array.
//   html   one self-contained offline HTML page (inline CSS/JS/SVG under a strict
//          Content-Security-Policy, no network): posture score, findings by severity, a
//          filterable findings list and a page per principal / resource. Every input string
//          is escaped for its context; the findings and principals travel as compact JSON in
//          one <script type="application/json"> block, drawn by the page's script with
//          textContent only, in virtual lists (only the rows in view are in the DOM).
#pragma once

#include <array>
#include <functional>
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/evidence.h"
#include "core/finding.h"
#include "core/undecided.h"

#ifndef IW_VERSION  // set by the build for every target that links iwcore
#define IW_VERSION "0.0.0"
#endif

namespace iw::report {

struct ToolInfo {
  std::string name = "iamwarden";
  std::string version = IW_VERSION;
  std::string catalog;  // version of the action catalog data (iam-data), "" when unknown
};

// What an analysis decided about one principal (for the HTML report's per-principal section).
struct PrincipalSummary {
  std::string arn, kind /*user|role|group*/;
  bool admin = false;                  // effectively allowed every action on every resource
  std::vector<std::string> policies;   // attached / inline policies (names or ARNs)
  std::vector<std::string> notes;      // free-form effective-permission notes
};

// The snapshot an audit read, for the text report's header; empty `snapshot` = not an audit.
struct AuditSubject {
  std::string snapshot;               // the directory given
  std::vector<std::string> accounts;  // account ids, in order
  std::string as_of;                  // the time ages were measured from (ISO 8601 UTC)
};

struct ReportInput {
  ToolInfo tool;
  std::vector<Finding> findings;
  // What was scanned, for the text summary and JUnit passing cases (optional).
  std::vector<std::string> files;            // files (or inputs such as "-") scanned, in order
  std::size_t policy_count = 0;              // policies analyzed; 0 = not reported
  std::map<std::string, std::string> notes;  // per file or resource, e.g. "identity policy (inferred)"
  // When the report was made, ISO 8601 UTC ("2026-11-01T00:00:00Z"); "" = the epoch
  // ("1970-01-01T00:00:00Z"), so that output stays deterministic (asff, ocsf, html).
  std::string generated_at;
  // AWS region for ASFF ProductArn / resource Region; "" = "us-east-1".
  std::string region;
  // Principals the analysis decided (audit); optional: empty = none listed (html).
  std::vector<PrincipalSummary> principals;
  // What was audited (audit): with a snapshot, the text report leads with a header, counts and
  // what to fix first (criticals and escalation paths), then the rest by severity.
  AuditSubject subject;
  // Text: 0 = every finding; N = a one-screen summary that lists at most N findings.
  std::size_t text_limit = 0;
  // HTML: the most findings the page lists (the most severe; the page says how many it leaves
  // out): a page of more is too slow for a browser to be of use, and the writer holds them.
  std::size_t html_limit = 100000;
  // What the analysis could not decide, and the file that would (json: "undecided").
  std::vector<Undecided> undecided;
  // What shows where findings come from (html): the policy documents they point into and the
  // chains (escalation paths) some of them describe. Optional.
  std::vector<PolicyDocument> documents;
  std::vector<Chain> chains;
  // The input's own time, for the reader (html header): when the snapshot was taken, and the
  // time ages were measured from. "" = not shown.
  std::string snapshot_taken;
  std::string ages_as_of;
  // Set by analyses that report compliance (audit): requirement id (core/compliance.h) -> ""
  // when the analysis decided it, else why not. Writers then add a compliance section (json,
  // html; write_compliance): FAIL when a finding names the requirement, PASS when decided,
  // else MANUAL.
  std::optional<std::map<std::string, std::string>> compliance_scope;
  // Set by analyses that look for access from outside the account (audit): the ways in, shown as
  // a section (json "external_access", text, html) even when empty.
  std::optional<std::vector<ExternalAccess>> external_access;
};

enum class Format { text, json, sarif, csv, junit, asff, ocsf, html };

// "text|json|sarif|csv|junit|asff|ocsf|html" (case-insensitive); nullopt otherwise.
std::optional<Format> parse_format(std::string_view name);
// The names of every Format, in enum order ("text" first).
std::span<const std::string_view> format_names();
std::string_view to_string(Format format);

std::string write_text(const ReportInput& input, bool color);
std::string write_json(const ReportInput& input);
std::string write_sarif(const ReportInput& input);
std::string write_csv(const ReportInput& input);
std::string write_junit(const ReportInput& input);
std::string write_asff(const ReportInput& input);
std::string write_ocsf(const ReportInput& input);
std::string write_html(const ReportInput& input);
// The compliance view as text (audit --format compliance): per framework and requirement,
// PASS, FAIL with the findings as evidence, or MANUAL with the reason (report/compliance.h).
std::string write_compliance(const ReportInput& input);
// Calls the writer of `format`; `color` only matters for text.
std::string write(Format format, const ReportInput& input, bool color = false);
// The same text handed to `sink` in pieces as it is made: json, csv, asff and ocsf in blocks of
// about 1 MiB, so that a report of hundreds of thousands of findings is never whole in memory;
// other formats whole.
void write(Format format, const ReportInput& input, bool color, const std::function<void(std::string_view)>& sink);
void write_json(const ReportInput& input, const std::function<void(std::string_view)>& sink);

// Number of findings per severity.
struct Summary {
  std::array<std::size_t, 5> counts{};  // indexed by static_cast<int>(Severity)

  std::size_t count(Severity s) const { return counts[static_cast<std::size_t>(s)]; }
  std::size_t total() const;
};
Summary summary(const std::vector<Finding>& findings);

// write_json() for findings too many to hold (trail detect spills them to disk): `each` calls
// its argument with every finding in sort_findings() order, `summary` counts them;
// input.findings is not read, and no compliance section is written.
using FindingSource = std::function<void(const std::function<void(const Finding&)>&)>;
void write_json(const ReportInput& input, const FindingSource& each, const Summary& summary,
                const std::function<void(std::string_view)>& sink);
// The same for the text report of findings without a snapshot (write_text(input, color)).
void write_text(const ReportInput& input, const FindingSource& each, const Summary& summary, bool color,
                const std::function<void(std::string_view)>& sink);
// The same for csv, asff and ocsf (one finding after the other).
void write_csv(const ReportInput& input, const FindingSource& each, const std::function<void(std::string_view)>& sink);
void write_asff(const ReportInput& input, const FindingSource& each, const std::function<void(std::string_view)>& sink);
void write_ocsf(const ReportInput& input, const FindingSource& each, const std::function<void(std::string_view)>& sink);
// SARIF groups results across the report (by rule and file beyond GitHub's 25,000 results): it
// sorts what a result reads of each finding (rule, place, message) by rule and file, on disk
// beyond 65,536 findings (FindingSpool; TMPDIR), and writes the groups one at a time.
void write_sarif(const ReportInput& input, const FindingSource& each, const std::function<void(std::string_view)>& sink);
// JUnit groups findings by resource and rule: it reads `each` twice (the totals lead the report)
// and holds one resource's findings at a time.
void write_junit(const ReportInput& input, const FindingSource& each, const std::function<void(std::string_view)>& sink);
// HTML lists at most input.html_limit findings, so it holds at most those.
void write_html(const ReportInput& input, const FindingSource& each, const Summary& summary,
                const std::function<void(std::string_view)>& sink);
// write() of any format from such a source, in bounded memory: json, text, csv, asff and ocsf
// hold one finding at a time, junit one resource's findings, sarif and html a bounded number.
void write(Format format, const ReportInput& input, const FindingSource& each, const Summary& summary, bool color,
           const std::function<void(std::string_view)>& sink);

// The stable identity of a finding (SARIF partialFingerprints["iamwarden/v1"], ASFF Id): id,
// resource, iac address, statement and message, not line or column, so it survives moved lines. Baselines
// (--baseline) are sets of these.
std::string fingerprint(const Finding& f);

// True when some finding has severity `threshold` or higher (for --fail-on: exit code 1).
bool any_at_or_above(const std::vector<Finding>& findings, Severity threshold);
bool any_at_or_above(const Summary& summary, Severity threshold);

}  // namespace iw::report
