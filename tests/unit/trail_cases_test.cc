// Data-driven CloudTrail detection cases: tests/cases/trail/<name>.<json|ndjson|...> holds events
// (any input form) and <name>.expect every finding the built-in detections must report, one
// "<record> <id>" a line (# comments). When <name>.baseline.json exists, a baseline is learned
// from it first (detect --baseline).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "trail/baseline.h"
#include "trail/detect.h"
#include "test_files.h"
#include "unit/trail_read.h"

namespace iw::trail {
namespace {

namespace fs = std::filesystem;

using test::read_file;

void read(const fs::path& p, const std::function<void(const Event&)>& fn, std::vector<Warning>& warnings) {
  for (Warning& w : read_text(read_file(p), fn, p.string())) warnings.push_back(std::move(w));
}

std::vector<fs::path> cases() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(IW_CASES_DIR) / "trail")) {
    if (e.path().extension() == ".expect") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class TrailCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(TrailCase, ReportsExactlyTheExpectedFindings) {
  const fs::path expect = GetParam();
  const std::string stem = expect.stem().string();
  fs::path input;
  for (const auto& e : fs::directory_iterator(expect.parent_path())) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(stem + ".") && e.path().extension() != ".expect" && name.find(".baseline.") == std::string::npos) {
      input = e.path();
    }
  }
  ASSERT_FALSE(input.empty()) << "no events file for " << expect;
  std::vector<Warning> warnings;
  std::optional<Baseline> baseline;
  if (const fs::path b = expect.parent_path() / (stem + ".baseline.json"); fs::exists(b)) {
    baseline.emplace();
    read(b, [&](const Event& e) { baseline->learn(e); }, warnings);
  }
  DetectOptions options;
  options.baseline = baseline ? &*baseline : nullptr;
  Detector detector(options);
  read(input, [&](const Event& e) { detector.add(e); }, warnings);
  for (const Warning& w : warnings) ADD_FAILURE() << to_string(w);
  std::multiset<std::string> got, want;
  for (const Finding& f : detector.take()) {
    ASSERT_TRUE(f.location.has_value());
    got.insert(std::to_string(f.location->record) + " " + f.id);
  }
  std::istringstream lines(read_file(expect));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != '#') want.insert(line);
  }
  EXPECT_EQ(got, want);
}

std::string case_name(const ::testing::TestParamInfo<fs::path>& info) {
  std::string s = info.param.stem().string();
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(Cases, TrailCase, ::testing::ValuesIn(cases()), case_name);

}  // namespace
}  // namespace iw::trail
