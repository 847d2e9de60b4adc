#include "report/export_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/json_writer.h"
#include "core/rules.h"
#include "core/time.h"

namespace iw::report::detail {

namespace {

// `message` without the digits of "line N" / "column N": fingerprints survive moved lines.
std::string without_positions(std::string_view message) {
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    out += message[i++];
    const std::string_view before(out);
    const bool after_word = before.ends_with("line ") || before.ends_with("column ") ||
                            before.ends_with("lines ") || before.ends_with("line:") ||
                            before.ends_with("col ");
    if (after_word) {
      while (i < message.size() && std::isdigit(static_cast<unsigned char>(message[i]))) ++i;
    }
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}


}  // namespace

std::string stable_fingerprint(const Finding& f) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
    h *= 0x100000001b3ULL;  // the 0 separator
  };
  mix(f.id);
  mix(f.resource);
  if (f.iac) mix("iac:" + f.iac->address);
  if (f.location && !f.location->sid.empty()) mix("sid:" + f.location->sid);
  else if (f.location && f.location->statement >= 0) mix(fmt::format("statement:{}", f.location->statement));
  else mix("");
  mix(without_positions(f.message));
  return fmt::format("{:016x}", h);
}

std::string generated_at_or_epoch(const ReportInput& input) {
  return input.generated_at.empty() ? std::string("1970-01-01T00:00:00Z") : input.generated_at;
}

std::int64_t epoch_millis(std::string_view iso) {
  const std::optional<Timestamp> t = parse_timestamp(iso);
  if (!t) return 0;
  // parse_timestamp() drops fractions of a second: add the milliseconds back.
  std::int64_t ms = 0;
  const std::size_t dot = iso.find('.', 19);
  if (iso.size() > 19 && dot == 19) {
    int scale = 100;
    for (std::size_t i = dot + 1; i < iso.size() && scale > 0 && std::isdigit(static_cast<unsigned char>(iso[i])); ++i) {
      ms += (iso[i] - '0') * scale;
      scale /= 10;
    }
  }
  return *t * 1000 + ms;
}

std::string region_or_default(const ReportInput& input) {
  return input.region.empty() ? std::string("us-east-1") : input.region;
}

std::string account_or_zero(const Finding& f) {
  return f.account.size() == 12 && all_digits(f.account) ? f.account : std::string("000000000000");
}

std::string_view aws_resource_type(std::string_view arn) {
  // arn:PARTITION:iam::ACCOUNT:RESOURCE
  if (!arn.starts_with("arn:")) return "Other";
  std::size_t pos = 0;
  std::string_view parts[6];
  for (int k = 0; k < 5; ++k) {
    const std::size_t colon = arn.find(':', pos);
    if (colon == std::string_view::npos) return "Other";
    parts[k] = arn.substr(pos, colon - pos);
    pos = colon + 1;
  }
  parts[5] = arn.substr(pos);
  if (parts[2] != "iam") return "Other";
  const std::string_view resource = parts[5];
  if (resource == "root") return "AwsAccount";
  if (resource.starts_with("user/")) return "AwsIamUser";
  if (resource.starts_with("role/")) return "AwsIamRole";
  if (resource.starts_with("policy/")) return "AwsIamPolicy";
  if (resource.starts_with("group/")) return "AwsIamGroup";
  return "Other";
}

std::vector<std::string> compliance_standards(const std::vector<std::string>& compliance) {
  std::vector<std::string> out;
  for (const std::string& c : compliance) {
    const std::size_t colon = c.find(':');
    std::string standard = c.substr(0, colon);
    if (standard.empty()) continue;
    if (std::find(out.begin(), out.end(), standard) == out.end()) out.push_back(std::move(standard));
  }
  return out;
}

std::string truncate_utf8(std::string_view s, std::size_t max_bytes) {
  std::string valid = to_valid_utf8(s);
  if (valid.size() <= max_bytes) return valid;
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  std::size_t end = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  // Back up to the start of a code point (valid UTF-8: continuation bytes are 10xxxxxx).
  while (end > 0 && (static_cast<unsigned char>(valid[end]) & 0xC0) == 0x80) --end;
  valid.resize(end);
  valid += kEllipsis;
  return valid;
}

std::string title_of(const Finding& f) {
  if (!f.title.empty()) return f.title;
  if (const RuleInfo* r = find_rule(f.id)) return std::string(r->title);
  return f.id;
}

std::string remediation_of(const Finding& f) {
  if (!f.remediation.empty()) return f.remediation;
  if (const RuleInfo* r = find_rule(f.id); r != nullptr && !r->remediation.empty()) {
    return std::string(r->remediation);
  }
  return "See the iamwarden documentation of rule " + f.id + ".";
}

}  // namespace iw::report::detail
