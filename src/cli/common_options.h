// The options every subcommand takes, added from this one place (contracts.md §1):
//
//   --format FORMAT    one of the formats the command writes; the first one listed is the
//                      default. Any other value is a usage error (exit 2) that lists them.
//   -o,--output FILE   write the result to FILE instead of stdout; a line on stderr then says
//                      what was written ("wrote report.html (12 findings)").
//   -q,--quiet         no notes on stderr (what was scanned, skipped or written); errors and
//                      warnings still print.
//   --fail-on SEVERITY (only commands whose results have severities) exit 1 when a result is
//                      at or above it: critical, high, medium, low (default) or info.
//
// and, for commands that report findings by check id (lint, audit), which findings to report:
//
//   --min-severity SEVERITY   leave out findings below it
//   --checks ID,...           report only these checks
//   --skip-checks ID,...      leave these checks out
//
// Ids are validated against the rule registry (`iamwarden checks`): an unknown id is a usage
// error naming it. Findings left out do not count toward --fail-on.
#pragma once

#include <CLI/CLI.hpp>

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/output.h"

namespace iw::cli {

enum class FailOn { no, yes };

// Adds --format (validated against `formats`, default formats[0]), -o/--output, -q/--quiet and,
// with FailOn::yes, --fail-on to `command`, stored in `out`.
void add_common_options(CLI::App& command, OutputOptions& out, std::span<const std::string_view> formats,
                        FailOn fail_on);
void add_common_options(CLI::App& command, OutputOptions& out, std::initializer_list<std::string_view> formats,
                        FailOn fail_on);

// Which findings a report keeps (--min-severity, --checks, --skip-checks).
struct FindingFilter {
  std::string min_severity = "info";
  std::vector<std::string> checks;       // empty = every check
  std::vector<std::string> skip_checks;

  bool keeps(const Finding& f) const;
  // Removes the findings it does not keep from `findings`.
  void apply(std::vector<Finding>& findings) const;
};

void add_filter_options(CLI::App& command, FindingFilter& filter);

// --region REGION (asff: the Security Hub region of ProductArn and Resources), default
// AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1.
void add_region_option(CLI::App& command, std::string& region);

// The check of an --account option: "" for a 12-digit account id, else "must be 12 digits".
std::string check_account_id(const std::string& value);

// --zone, the zone of trust of external-access findings (access external, iac): "" for
// "account", the organization id "o-..." for "org:o-ID". Throws InputError for anything else.
std::string zone_org(const std::string& zone);

}  // namespace iw::cli
