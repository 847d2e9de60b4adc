// The findings spool of trail detect (trail/spool.h): whatever the memory limit — everything
// held, runs of one finding, more runs than are kept open — each() yields exactly what
// sort_findings() gives, equal findings in the order they were added; findings survive the trip
// through a run; the json report written from the spool is the report written from the vector.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "report/report.h"
#include "trail/scan.h"
#include "trail/spool.h"

namespace iw::trail {
namespace {

Finding random_finding(std::mt19937& rng, int serial) {
  const auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  Finding f;
  f.id = pick(3) == 0 ? "root-activity" : "sigma:905d389b-b853-46d0-9d3d-dea0d3a3cd49";
  f.severity = static_cast<Severity>(pick(5));
  f.title = "t " + f.id;
  f.resource = "arn:aws:iam::111122223333:role/r" + std::to_string(pick(4));
  f.account = "111122223333";
  // Equal messages on purpose (stability), and long shared prefixes.
  f.message = "arn:aws:sts::111122223333:assumed-role/r/s called s3:GetObject at 2026-11-0" + std::to_string(pick(3)) +
              (pick(2) ? " \"quoted\"\nline" : "");
  Location loc;
  loc.file = "AWSLogs/f" + std::to_string(pick(3)) + ".json.gz";
  loc.record = serial;  // tells equal findings apart in the check
  f.location = loc;
  f.remediation = "Investigate: é ✓";
  if (pick(2)) f.compliance = {"MITRE:T1078"};
  f.event = {{"eventID", "id-" + std::to_string(serial)}, {"eventName", "GetObject"}};
  if (pick(2)) {
    f.rule = std::make_shared<const RuleRef>(
        RuleRef{"r1", "Rule", "someone", "DRL-1.1", {"https://example.com/a", "https://example.com/b"}});
  }
  return f;
}

std::vector<std::string> lines(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(finding_line(f));
  return out;
}

TEST(TrailSpool, FindingLinesRoundTrip) {
  std::mt19937 rng(7);
  for (int i = 0; i < 50; ++i) {
    const Finding f = random_finding(rng, i);
    EXPECT_EQ(finding_line(finding_from_line(finding_line(f))), finding_line(f));
  }
  EXPECT_THROW(finding_from_line("{\"id\": 1}"), std::runtime_error);
  EXPECT_THROW(finding_from_line("not json"), std::runtime_error);
}

TEST(TrailSpool, YieldsTheSortedOrderForAnyLimit) {
  for (std::size_t limit : {std::size_t{1}, std::size_t{3}, std::size_t{50}, std::size_t{100000}}) {
    std::mt19937 rng(static_cast<unsigned>(limit));
    FindingSpool spool(limit);
    std::vector<Finding> all;
    int serial = 0;
    for (int batch = 0; batch < 40; ++batch) {
      std::vector<Finding> part;
      const int n = std::uniform_int_distribution<int>(0, 12)(rng);
      for (int i = 0; i < n; ++i) part.push_back(random_finding(rng, serial++));
      all.insert(all.end(), part.begin(), part.end());
      spool.add(std::move(part));
    }
    ASSERT_GT(all.size(), FindingSpool::kMaxRuns) << "limit 1 must compact its runs";
    EXPECT_EQ(spool.size(), all.size());
    EXPECT_EQ(spool.spilled(), limit <= all.size());
    sort_findings(all);
    std::vector<std::string> got;
    spool.each([&](const Finding& f) { got.push_back(finding_line(f)); });
    EXPECT_EQ(got, lines(all)) << "limit " << limit;
    if (!spool.spilled()) {
      EXPECT_EQ(lines(spool.take()), lines(all));
    }
  }
}

TEST(TrailSpool, JsonFromTheSpoolIsTheJsonOfTheVector) {
  std::mt19937 rng(11);
  std::vector<Finding> all;
  for (int i = 0; i < 200; ++i) all.push_back(random_finding(rng, i));
  FindingSpool spool(16);
  spool.add(std::vector<Finding>(all));
  ASSERT_TRUE(spool.spilled());
  report::ReportInput input;
  input.tool.catalog = "c";
  input.findings = all;
  std::string whole, streamed;
  report::write_json(input, [&](std::string_view piece) { whole.append(piece); });
  input.findings.clear();
  report::write_json(input, [&](const std::function<void(const Finding&)>& fn) { spool.each(fn); }, report::summary(all),
                     [&](std::string_view piece) { streamed.append(piece); });
  EXPECT_EQ(streamed, whole);
}

}  // namespace
}  // namespace iw::trail
