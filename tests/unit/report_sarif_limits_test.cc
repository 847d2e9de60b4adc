// SARIF for large accounts: GitHub code scanning rejects a run of more than 25,000 results and a
// result of more than 1,000 locations, so a larger report groups its findings, losing none.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "core/rules.h"
#include "report/report.h"

namespace iw {
namespace {

constexpr std::size_t kGitHubMaxResults = 25000;
constexpr std::size_t kGitHubMaxLocations = 1000;

// `roles` unused roles of one account (no file location: each has its own ARN), plus one
// located policy finding per 10 roles in a shared snapshot file.
report::ReportInput large_account(std::size_t roles) {
  report::ReportInput in;
  for (std::size_t i = 0; i < roles; ++i) {
    Finding f = make_finding("role-unused", "unused for 400 days");
    f.resource = "arn:aws:iam::111122223333:role/r" + std::to_string(i);
    in.findings.push_back(std::move(f));
    if (i % 10 != 0) continue;
    Finding p = make_finding("resource-mismatch", "no Resource fits");
    p.resource = "arn:aws:iam::111122223333:policy/p" + std::to_string(i);
    p.location = Location{"snap/authorization-details.json", 1, static_cast<int>(i + 1), 0, ""};
    in.findings.push_back(std::move(p));
  }
  return in;
}

struct Counts {
  std::size_t results = 0, findings = 0, max_locations = 0;
};

Counts count(const std::string& sarif) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  EXPECT_EQ(parser.parse(sarif).get(doc), simdjson::SUCCESS);
  Counts c;
  for (simdjson::dom::element result : doc["runs"].at(0)["results"].get_array()) {
    ++c.results;
    simdjson::dom::array related;
    const std::size_t n = result["relatedLocations"].get(related) == simdjson::SUCCESS ? related.size() : 1;
    c.findings += n;
    c.max_locations = std::max(c.max_locations, n);
    EXPECT_EQ(result["locations"].get_array().size(), 1u);
  }
  return c;
}

TEST(SarifLimits, WithinTheLimitEveryFindingIsOneResult) {
  const report::ReportInput in = large_account(1000);
  const Counts c = count(report::write_sarif(in));
  EXPECT_EQ(c.results, in.findings.size());
  EXPECT_EQ(c.max_locations, 1u);
}

TEST(SarifLimits, OverTheLimitFindingsAreGroupedAndNoneIsLost) {
  const report::ReportInput in = large_account(43000);  // 47,300 findings, as a 10k-role audit
  ASSERT_GT(in.findings.size(), kGitHubMaxResults);
  const Counts c = count(report::write_sarif(in));
  EXPECT_LE(c.results, kGitHubMaxResults);
  EXPECT_LE(c.max_locations, kGitHubMaxLocations);
  EXPECT_EQ(c.findings, in.findings.size());
}

}  // namespace
}  // namespace iw
