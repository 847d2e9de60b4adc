// The parts of detection (trail/scan.h): scanning every event as its own part, sending each part
// through JSON and merging them gives exactly the findings of one pass, in the same order, on
// every CloudTrail case of tests/cases/trail (windows and first-seen sets included); baselines
// learned in parts and merged equal the baseline learned at once; in_order() keeps order, holds
// few results for a slow consumer and passes exceptions on.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "trail/baseline.h"
#include "trail/detect.h"
#include "trail/parallel.h"
#include "trail/scan.h"
#include "test_files.h"
#include "unit/trail_read.h"

namespace iw::trail {
namespace {

namespace fs = std::filesystem;

using test::read_file;

void read(const fs::path& p, const std::function<void(const Event&)>& fn) { read_text(read_file(p), fn, p.string()); }

// Every case input of tests/cases/trail (not the .expect files, not the baselines' events).
std::vector<fs::path> inputs() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(IW_CASES_DIR) / "trail")) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".expect" && name.find(".baseline.") == std::string::npos) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += f.id + " | " + f.message + " | " + f.resource + " | " + std::string(to_string(f.severity)) + " | " +
           std::to_string(f.location ? f.location->record : -2) + " | " + (f.rule ? f.rule->id : "") + "\n";
  }
  return out;
}

TEST(TrailScan, PartsThroughJsonMergeToTheSinglePassFindings) {
  std::size_t findings = 0;
  for (const fs::path& input : inputs()) {
    SCOPED_TRACE(input.string());
    std::optional<Baseline> baseline;
    const fs::path b = input.parent_path() / (input.stem().string() + ".baseline.json");
    if (fs::exists(b)) {
      baseline.emplace();
      read(b, [&](const Event& e) { baseline->learn(e); });
    }
    DetectOptions options;
    options.baseline = baseline ? &*baseline : nullptr;
    Detector one(options);
    read(input, [&](const Event& e) { one.add(e); });
    const std::vector<Finding> want = one.take();
    findings += want.size();

    Scanner scanner(options);
    Merger merger(options);
    read(input, [&](const Event& e) {
      scanner.add(e);
      merger.add(Partial::from_json(scanner.take().to_json()));
    });
    EXPECT_EQ(describe(merger.take()), describe(want));
  }
  EXPECT_GT(findings, 10u);
}

TEST(TrailScan, PartialJsonKeepsEverything) {
  Partial p;
  p.files = {"a.json.gz", "b.json"};
  p.warnings.push_back({"b.json", 3, "no eventTime"});
  p.stats = {2, 1, 10, 4, 12345};
  Entry& e = p.entries.emplace_back();
  e.gate = Entry::Gate::new_region;
  e.key = "arn:aws:iam::1:user/a";
  e.value = "eu-west-1";
  e.time = 1790000000;
  e.tail = "), calling x";
  e.finding.id = "sigma:r1";
  e.finding.severity = Severity::high;
  e.finding.message = "m \"quoted\"\n";
  e.finding.location = Location{};
  e.finding.location->file = "a.json.gz";
  e.finding.location->record = 7;
  e.finding.event = {{"eventName", "StopLogging"}};
  e.finding.rule = std::make_shared<const RuleRef>(RuleRef{"r1", "T", "someone", "DRL-1.1", {"https://example.com"}});
  const std::string text = p.to_json();
  EXPECT_EQ(Partial::from_json(text).to_json(), text);
  EXPECT_THROW(Partial::from_json("{}"), std::runtime_error);
  EXPECT_THROW(Partial::from_json("not json"), std::runtime_error);
  EXPECT_THROW(Partial::from_json(R"({"format": "iamwarden-trail-partial-1", "files": [1]})"), std::runtime_error);
}

TEST(TrailScan, BaselinesLearnedInPartsMergeToTheWhole) {
  Baseline whole, merged;
  for (const fs::path& input : inputs()) {
    read(input, [&](const Event& e) {
      whole.learn(e);
      Baseline part;
      part.learn(e);
      merged.merge(Baseline::from_json(part.to_json()));
    });
  }
  EXPECT_GT(whole.principal_count(), 1u);
  EXPECT_EQ(merged.to_json(), whole.to_json());
  EXPECT_THROW(Baseline::from_json(R"({"format": "x", "seen": []})"), std::runtime_error);
  EXPECT_THROW(Baseline::from_json(R"({"format": "iamwarden-trail-baseline-1", "seen": [["a"]]})"), std::runtime_error);
}

TEST(TrailScan, InOrderDeliversInOrderOnAnyThreads) {
  for (unsigned threads : {0u, 1u, 2u, 4u, 9u}) {
    std::vector<std::size_t> seen;
    in_order<std::size_t>(
        50, threads, [](std::size_t i) { return i * i; }, [&](std::size_t i, std::size_t v) {
          EXPECT_EQ(v, i * i);
          seen.push_back(i);
        });
    ASSERT_EQ(seen.size(), 50u);
    for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i);
  }
}

// When done() is the slow part, the threads wait instead of piling up results: at no time are
// more than 4 × threads items started and not yet handed to done().
TEST(TrailScan, InOrderBoundsTheResultsWaitingForASlowConsumer) {
  for (unsigned threads : {2u, 3u}) {
    std::atomic<std::size_t> started{0}, handed{0};
    std::atomic<std::size_t> most_ahead{0};
    in_order<std::size_t>(
        200, threads,
        [&](std::size_t i) {
          const std::size_t ahead = ++started - handed;
          for (std::size_t m = most_ahead; ahead > m && !most_ahead.compare_exchange_weak(m, ahead);) {
          }
          return i;
        },
        [&](std::size_t i, std::size_t v) {
          EXPECT_EQ(v, i);
          ++handed;
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        });
    EXPECT_EQ(handed, 200u);
    EXPECT_LE(most_ahead, 4u * threads + 1) << threads << " threads";
  }
}

TEST(TrailScan, InOrderPassesExceptionsOn) {
  for (unsigned threads : {1u, 3u}) {
    EXPECT_THROW(in_order<int>(
                     20, threads,
                     [](std::size_t i) {
                       if (i == 7) throw std::runtime_error("boom");
                       return static_cast<int>(i);
                     },
                     [](std::size_t, int) {}),
                 std::runtime_error);
  }
}

}  // namespace
}  // namespace iw::trail
