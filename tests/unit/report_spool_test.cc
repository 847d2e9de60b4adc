// The findings spool (report/spool.h): whatever the memory limit — everything held, runs of one
// finding, more runs than are kept open — each() yields exactly what a stable sort gives (by
// sort_findings() or by another order), equal findings in the order they were added; every field
// of a finding survives the trip through a run, and a damaged record is an error; the json
// report written from the spool is the report written from the vector.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>

#include <random>
#include <string>
#include <vector>

#include "report/report.h"
#include "report/spool.h"

namespace iw::report {
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
  if (pick(4) == 0) {  // the fields of other analyses (the SARIF writer spools any finding)
    f.location->line = pick(90) + 1;
    f.location->column = pick(3);
    f.location->statement = pick(4) - 1;
    f.location->sid = pick(2) ? "Sid" + std::to_string(pick(5)) : "";
    f.snippet = "  \"Action\": \"*\"";
    f.json = {{"access", "{\"granted\":true}"}};
    f.iac = IacOrigin{"aws_iam_role.r" + std::to_string(pick(3)), "main.tf", pick(40)};
    f.related = {"CKV_AWS_1"};
  }
  if (pick(8) == 0) f.location.reset();
  return f;
}

// Every field of `f`, as text (what a trip through the spool must keep).
std::string dump(const Finding& f) {
  std::string s = fmt::format("{}|{}|{}|{}|{}|{}|", f.id, static_cast<int>(f.severity), f.title, f.message, f.account,
                              f.resource);
  if (f.location) {
    const Location& l = *f.location;
    s += fmt::format("loc {} {} {} {} {} {}|", l.file, l.line, l.column, l.statement, l.sid, l.record);
  }
  s += f.remediation + "|" + fmt::format("{}", fmt::join(f.compliance, ",")) + "|" + f.snippet + "|";
  for (const auto& [k, v] : f.event) s += k + "=" + v + ";";
  if (f.rule) {
    s += fmt::format("rule {} {} {} {} {}|", f.rule->id, f.rule->title, f.rule->author, f.rule->license,
                     fmt::join(f.rule->references, ","));
  }
  for (const auto& [k, v] : f.json) s += k + ":" + v + ";";
  if (f.iac) s += fmt::format("iac {} {} {}|", f.iac->address, f.iac->file, f.iac->line);
  return s + fmt::format("{}", fmt::join(f.related, ","));
}

std::vector<std::string> lines(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(dump(f));
  return out;
}

TEST(ReportSpool, RecordsKeepEveryField) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    const Finding f = random_finding(rng, i);
    std::string record;
    append_record(record, f);
    EXPECT_EQ(dump(read_record(record)), dump(f));
    // A record cut short or with bytes after it is damaged, never a finding.
    EXPECT_THROW(read_record(std::string_view(record).substr(0, record.size() - 1 - i % 7)), std::runtime_error);
    EXPECT_THROW(read_record(record + "x"), std::runtime_error);
  }
  EXPECT_THROW(read_record(""), std::runtime_error);
  EXPECT_THROW(read_record(std::string(64, '\xff')), std::runtime_error);
}

// A record written with the one before it refers to the fields they share (a rule's title,
// remediation and rule credit are written once per run, not once per finding) and reads back
// whole only with it.
TEST(ReportSpool, RecordsReferToTheRecordBefore) {
  std::mt19937 rng(11);
  Finding before = random_finding(rng, 0);
  std::size_t shorter = 0;
  for (int i = 1; i < 200; ++i) {
    Finding f = random_finding(rng, i);
    if (i % 3 == 0 && before.rule) f.rule = before.rule;  // the same rule, shared or not
    if (i % 5 == 0) f.event.push_back({"extra", "v"});    // lists of other lengths
    std::string alone, chained;
    append_record(alone, f);
    append_record(chained, f, &before);
    EXPECT_EQ(dump(read_record(chained, &before)), dump(f)) << i;
    EXPECT_LE(chained.size(), alone.size());
    if (chained.size() < alone.size()) {
      ++shorter;
      EXPECT_THROW(read_record(chained), std::runtime_error) << "a reference without the record before";
    }
    before = std::move(f);
  }
  EXPECT_GT(shorter, 150u);
}

TEST(ReportSpool, YieldsTheSortedOrderForAnyLimit) {
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
    spool.each([&](const Finding& f) { got.push_back(dump(f)); });
    EXPECT_EQ(got, lines(all)) << "limit " << limit;
    if (!spool.spilled()) {
      EXPECT_EQ(lines(spool.take()), lines(all));
    }
  }
}

TEST(ReportSpool, YieldsAnotherOrderStably) {
  const FindingSpool::Less by_id = [](const Finding& a, const Finding& b) { return a.id < b.id; };
  for (std::size_t limit : {std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
    std::mt19937 rng(static_cast<unsigned>(limit) + 3);
    FindingSpool spool(limit, by_id);
    std::vector<Finding> all;
    for (int i = 0; i < 300; ++i) all.push_back(random_finding(rng, i));
    spool.add(std::vector<Finding>(all));
    std::stable_sort(all.begin(), all.end(), by_id);
    std::vector<std::string> got;
    spool.each([&](const Finding& f) { got.push_back(dump(f)); });
    EXPECT_EQ(got, lines(all)) << "limit " << limit;
    got.clear();
    spool.each([&](const Finding& f) { got.push_back(dump(f)); });
    EXPECT_EQ(got, lines(all)) << "read twice, limit " << limit;
  }
}

TEST(ReportSpool, JsonFromTheSpoolIsTheJsonOfTheVector) {
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
}  // namespace iw::report
