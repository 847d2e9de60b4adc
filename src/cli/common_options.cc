#include "cli/common_options.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/command.h"
#include "core/rules.h"
#include "core/strings.h"

namespace iw::cli {

namespace {

// "text, json or junit"
std::string either(std::span<const std::string_view> names) {
  if (names.size() == 1) return std::string(names.front());
  return fmt::format("{} or {}", fmt::join(names.first(names.size() - 1), ", "), names.back());
}

// Accepts a name of `names` (any case; stored in lower case), else says which names there are.
CLI::Validator one_of(std::vector<std::string_view> names, std::string what) {
  return CLI::Validator(
      [names, what](std::string& value) {
        const std::string lower = to_lower(value);
        for (std::string_view n : names) {
          if (lower == n) {
            value = lower;
            return std::string();
          }
        }
        return fmt::format("'{}' is not {}: use {}", value, what, either(names));
      },
      "", "one of");
}

constexpr std::string_view kSeverities[] = {"critical", "high", "medium", "low", "info"};

// "actions expand": the command's name under the binary.
std::string command_path(const CLI::App& command) {
  std::string path = command.get_name();
  for (const CLI::App* p = command.get_parent(); p != nullptr && p->get_parent() != nullptr; p = p->get_parent()) {
    path = p->get_name() + " " + path;
  }
  return path;
}

// Accepts a registered check id, else names the unknown one.
CLI::Validator check_id() {
  return CLI::Validator(
      [](std::string& value) {
        if (find_rule(value) != nullptr) return std::string();
        return fmt::format("unknown check id '{}' (iamwarden checks lists them)", value);
      },
      "ID", "check id");
}

}  // namespace

bool FindingFilter::keeps(const Finding& f) const {
  if (f.severity < parse_severity(min_severity).value_or(Severity::info)) return false;
  if (!checks.empty() && std::find(checks.begin(), checks.end(), f.id) == checks.end()) return false;
  return std::find(skip_checks.begin(), skip_checks.end(), f.id) == skip_checks.end();
}

void FindingFilter::apply(std::vector<Finding>& findings) const {
  std::erase_if(findings, [this](const Finding& f) { return !keeps(f); });
}

void add_filter_options(CLI::App& command, FindingFilter& filter) {
  command.add_option("--min-severity", filter.min_severity,
                     "Report only findings of this severity or higher: critical, high, medium, low or info (default)")
      ->type_name("SEVERITY")
      ->transform(one_of({std::begin(kSeverities), std::end(kSeverities)}, "a severity"));
  command.add_option("--checks", filter.checks, "Report only these check ids (comma-separated)")
      ->type_name("ID,...")
      ->delimiter(',')
      ->check(check_id());
  command.add_option("--skip-checks", filter.skip_checks, "Leave out these check ids (comma-separated)")
      ->type_name("ID,...")
      ->delimiter(',')
      ->check(check_id());
}

void add_region_option(CLI::App& command, std::string& region) {
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') {
      region = value;
      break;
    }
  }
  if (region.empty()) region = "us-east-1";
  command
      .add_option("--region", region,
                  "Region of the Security Hub findings (asff; default AWS_REGION, else AWS_DEFAULT_REGION, else "
                  "us-east-1)")
      ->type_name("REGION")
      ->check([](const std::string& v) {
        const bool ok = !v.empty() && v.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
        return ok ? std::string() : std::string("not a region name such as eu-west-1");
      });
}

void add_common_options(CLI::App& command, OutputOptions& out, std::span<const std::string_view> formats,
                        FailOn fail_on) {
  out.format = std::string(formats.front());
  const std::string subject = "a format of " + command_path(command);
  command.add_option("--format", out.format, fmt::format("Output format: {} (default {})", either(formats), formats.front()))
      ->type_name("FORMAT")
      ->transform(one_of({formats.begin(), formats.end()}, subject));
  command.add_option("-o,--output", out.output, "Write the result to FILE instead of stdout")->type_name("FILE");
  command.add_flag("-q,--quiet", out.quiet, "No notes on stderr about what was scanned, skipped or written");
  if (fail_on == FailOn::yes) {
    command.add_option("--fail-on", out.fail_on,
                       "Exit 1 when a result has this severity or higher: critical, high, medium, low (default) "
                       "or info")
        ->type_name("SEVERITY")
        ->transform(one_of({std::begin(kSeverities), std::end(kSeverities)}, "a severity"));
  }
}

void add_common_options(CLI::App& command, OutputOptions& out, std::initializer_list<std::string_view> formats,
                        FailOn fail_on) {
  add_common_options(command, out, std::span<const std::string_view>(formats.begin(), formats.size()), fail_on);
}

std::string check_account_id(const std::string& value) {
  return value.size() == 12 && value.find_first_not_of("0123456789") == std::string::npos ? std::string()
                                                                                          : std::string("must be 12 digits");
}

std::string zone_org(const std::string& zone) {
  if (zone == "account") return {};
  if (zone.starts_with("org:o-") && zone.size() >= 16 && zone.size() <= 40 &&
      zone.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789", 6) == std::string::npos) {
    return zone.substr(4);
  }
  throw InputError("--zone must be account or org:o-ID (e.g. org:o-a1b2c3d4e5), got \"" + zone + "\"");
}

}  // namespace iw::cli
