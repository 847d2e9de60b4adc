// Data-driven infrastructure-code cases (tests/cases/iac/<case>/): the files of a directory
// are scanned as `iamwarden iac .` would from inside it; `expect` lists every finding, one per
// line, as "<id> <file>:<line>" (sorted). Lines starting with `#` are comments, except
//   # options: --paths --account ID --zone org:o-ID --var NAME=VALUE --var-file FILE
// IW_UPDATE_CASES=1 rewrites `expect` from the current output (review the diff!).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "iac/analyze.h"
#include "iac/scan.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> case_names() {
  std::vector<std::string> out;
  const fs::path dir = fs::path(IW_CASES_DIR) / "iac";
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct CaseOptions {
  iac::ScanOptions scan;
  bool paths = false;
  std::string org;
};

CaseOptions options_of(const std::string& expect) {
  CaseOptions o;
  std::istringstream in(expect);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# options:", 0) != 0) continue;
    std::istringstream words(line.substr(10));
    for (std::string w; words >> w;) {
      std::string value;
      if (w == "--paths") o.paths = true;
      if (w == "--account" && words >> value) o.scan.env.account = value;
      if (w == "--var" && words >> value) o.scan.vars.push_back(value);
      if (w == "--var-file" && words >> value) o.scan.var_files.push_back(value);
      if (w == "--caller-arn" && words >> value) o.scan.env.caller_arn = value;
      if (w == "--zone" && words >> value && value.starts_with("org:")) o.org = value.substr(4);
    }
  }
  return o;
}

std::string findings_of(const iac::Analysis& a) {
  std::vector<std::string> lines;
  for (const Finding& f : a.findings) {
    lines.push_back(f.id + " " + (f.location ? f.location->file + ":" + std::to_string(f.location->line) : f.resource));
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::string without_comments(const std::string& text) {
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') out += line + "\n";
  }
  return out;
}

class IacCases : public ::testing::TestWithParam<std::string> {};

TEST_P(IacCases, Run) {
  const fs::path dir = fs::path(IW_CASES_DIR) / "iac" / GetParam();
  const fs::path expect_path = dir / "expect";
  const std::string expect = slurp(expect_path);
  const CaseOptions o = options_of(expect);
  const fs::path before = fs::current_path();
  fs::current_path(dir);
  std::string got;
  try {
    const iac::Scan s = iac::scan({"."}, o.scan);
    iac::AnalyzeOptions a;
    a.env = o.scan.env;
    a.paths = o.paths;
    a.org = o.org;
    got = findings_of(iac::analyze(s.decl, a));
  } catch (const iac::ScanError& e) {
    got = std::string("error ") + e.what() + "\n";
  }
  fs::current_path(before);
  if (std::getenv("IW_UPDATE_CASES") != nullptr) {
    std::string header;
    std::istringstream in(expect);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line[0] == '#') header += line + "\n";
    }
    std::ofstream(expect_path, std::ios::binary) << header << got;
    return;
  }
  EXPECT_EQ(without_comments(expect), got) << "case " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Iac, IacCases, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
}  // namespace iw
