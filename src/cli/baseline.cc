#include "cli/baseline.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "cli/command.h"
#include "cli/input.h"
#include "core/json_writer.h"
#include "core/source.h"
#include "json/json.h"
#include "report/report.h"

namespace iw::cli {

namespace {

constexpr std::string_view kFormatKey = "iamwarden_baseline";

[[noreturn]] void fail(const SourceText& source, std::uint32_t offset, const std::string& message) {
  const LineColumn at = source.position(offset);
  throw InputError(fmt::format("{}:{}:{}: {}", source.name(), at.line, at.column, message));
}

std::set<std::string> read_fingerprints(const std::string& path) {
  const SourceText source(path, read_input(path));
  json::ParseError error;
  const auto doc = json::parse(source.text(), error);
  if (!doc) fail(source, error.offset, "not valid JSON: " + error.message);
  const json::Node& root = doc->root();
  const json::Node* format = root.kind == json::Kind::object ? doc->member(root, kFormatKey) : nullptr;
  if (format == nullptr) {
    fail(source, root.offset, "not a findings baseline (write one with --write-baseline FILE)");
  }
  const json::Node* list = doc->member(root, "fingerprints");
  if (list == nullptr || list->kind != json::Kind::array) fail(source, root.offset, "\"fingerprints\" must be an array");
  std::set<std::string> out;
  for (const json::Node& n : doc->children(*list)) {
    if (n.kind != json::Kind::string) fail(source, n.offset, "a fingerprint must be a string");
    out.emplace(n.text);
  }
  return out;
}

}  // namespace

std::size_t BaselineOptions::apply(std::vector<Finding>& findings) const {
  if (read.empty()) return 0;
  const std::set<std::string> known = read_fingerprints(read);
  const std::size_t before = findings.size();
  std::erase_if(findings, [&known](const Finding& f) { return known.contains(report::fingerprint(f)); });
  return before - findings.size();
}

void BaselineOptions::save(const std::vector<Finding>& findings) const {
  if (write.empty()) return;
  std::set<std::string> prints;
  for (const Finding& f : findings) prints.insert(report::fingerprint(f));
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().member(kFormatKey, 1).key("fingerprints").begin_array();
  for (const std::string& p : prints) w.value(p);
  w.end_array().end_object();
  std::ofstream out(write, std::ios::binary | std::ios::trunc);
  out << std::move(w).take() << '\n';
  if (!out) throw InputError("cannot write " + write);
}

FindingsDiff diff_findings(std::vector<Finding> now, const std::vector<Finding>& before) {
  std::set<std::string> old_prints, new_prints;
  for (const Finding& f : before) old_prints.insert(report::fingerprint(f));
  for (const Finding& f : now) new_prints.insert(report::fingerprint(f));
  FindingsDiff d;
  for (Finding& f : now) {
    if (old_prints.contains(report::fingerprint(f))) {
      ++d.unchanged;
    } else {
      d.added.push_back(std::move(f));
    }
  }
  for (const std::string& p : old_prints) d.fixed += new_prints.contains(p) ? 0 : 1;
  return d;
}

void add_baseline_options(CLI::App& command, BaselineOptions& options) {
  command.add_option("--baseline", options.read,
                     "Report (and fail on) only findings not in this baseline file (see --write-baseline)")
      ->type_name("FILE");
  command.add_option("--write-baseline", options.write,
                     "Write the fingerprints of the current findings to FILE, to pass to --baseline later")
      ->type_name("FILE");
}

}  // namespace iw::cli
