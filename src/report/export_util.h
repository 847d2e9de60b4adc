// Helpers shared by the asff, ocsf and html writers (not part of the public interface).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "report/report.h"

namespace iw::report::detail {

// The stable identity of a finding: 16 hex digits of FNV-1a over id, resource, iac address (iac findings), Sid (else
// statement index) and the message without line/column numbers. The same value as SARIF's
// partialFingerprints["iamwarden/v1"], so one finding keeps one id across formats and moves.
std::string stable_fingerprint(const Finding& f);

// input.generated_at, or "1970-01-01T00:00:00Z" when it is empty.
std::string generated_at_or_epoch(const ReportInput& input);
// Milliseconds since the epoch of an ISO 8601 UTC time "YYYY-MM-DD[T ]hh:mm:ss[.fff][Z]";
// 0 when `iso` does not read as one.
std::int64_t epoch_millis(std::string_view iso);

// input.region, or "us-east-1".
std::string region_or_default(const ReportInput& input);
// The finding's account when it is 12 digits, else "000000000000".
std::string account_or_zero(const Finding& f);

// AWS's resource type for an ARN as Security Hub names it: AwsIamUser, AwsIamRole,
// AwsIamPolicy, AwsIamGroup, AwsAccount (the account root), else Other.
std::string_view aws_resource_type(std::string_view arn);

// The part of each compliance mapping before ':' ("CIS-AWS-3.0:1.5" -> "CIS-AWS-3.0"), unique,
// in first-seen order.
std::vector<std::string> compliance_standards(const std::vector<std::string>& compliance);

// `s` cut to at most `max_bytes` bytes of valid UTF-8, on a code point boundary, with "…" at
// the end when it was cut.
std::string truncate_utf8(std::string_view s, std::size_t max_bytes);

// The title of a finding: its own, else its rule's, else its id.
std::string title_of(const Finding& f);
// What to do: the finding's remediation, else its rule's, else a pointer to the rule's docs.
std::string remediation_of(const Finding& f);

}  // namespace iw::report::detail
