// iamwarden._trail: the CloudTrail scanner of `iamwarden trail` for Python (pybind11).
//
// The functions mirror the steps of trail/scan.h, so that a distributed run (iamwarden.dask)
// gives what `iamwarden trail detect` gives on one machine:
//   files(paths)                      -> the event files under paths, in the CLI's order
//   scan(files, sigma, baseline, since, until)          -> partial (str), for consecutive files
//   finish(partials, format, generated_at)              -> (report, warnings, counts), partials in file order
//   learn(files, since, until)                          -> baseline partial (str)
//   save_baseline(partials, path)                       -> principals written
// Errors (a path that does not exist, a Sigma rule that does not load, a bad time) raise
// ValueError with the CLI's message. The GIL is released while files are read.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/time.h"
#include "report/report.h"
#include "trail/baseline.h"
#include "trail/scan.h"
#include "trail/sigma.h"

namespace py = pybind11;
using namespace iw;

namespace {

std::optional<Timestamp> time_arg(const std::optional<std::string>& value, const char* name) {
  if (!value || value->empty()) return std::nullopt;
  const std::optional<Timestamp> t = parse_timestamp(*value);
  if (!t) throw py::value_error(std::string(name) + " '" + *value + "' is not a time (use ISO 8601: 2026-11-01)");
  return t;
}

// The rules and baseline a scan or merge runs with.
struct Context {
  trail::sigma::RuleSet rules;
  std::optional<trail::Baseline> baseline;
  trail::DetectOptions options;

  Context(const std::vector<std::string>& sigma, const std::optional<std::string>& baseline_path) {
    try {
      if (!sigma.empty()) rules = trail::sigma::RuleSet::load(sigma);
      if (baseline_path) baseline = trail::Baseline::load(*baseline_path);
    } catch (const std::exception& e) {
      throw py::value_error(e.what());
    }
    options.sigma = sigma.empty() ? nullptr : &rules;
    options.baseline = baseline ? &*baseline : nullptr;
  }
};

std::vector<std::string> files(const std::vector<std::string>& paths) {
  trail::ReadStats stats;
  try {
    return trail::expand_event_paths(paths, stats);
  } catch (const std::exception& e) {
    throw py::value_error(e.what());
  }
}

std::string scan(const std::vector<std::string>& paths, const std::vector<std::string>& sigma,
                 const std::optional<std::string>& baseline, const std::optional<std::string>& since,
                 const std::optional<std::string>& until) {
  trail::ReadOptions read;
  read.since = time_arg(since, "since");
  read.until = time_arg(until, "until");
  const Context context(sigma, baseline);
  trail::Partial all;
  {
    py::gil_scoped_release release;
    trail::scan_files(paths, read, context.options, 1, [&](trail::Partial&& p) { all.append(std::move(p)); });
  }
  return all.to_json();
}

py::tuple finish(const std::vector<std::string>& partials, const std::string& format, const std::string& generated_at) {
  const std::optional<report::Format> f = report::parse_format(format);
  if (!f) throw py::value_error("unknown format '" + format + "'");
  trail::Merger merger(trail::DetectOptions{});
  report::ReportInput input;
  std::vector<std::string> warnings;
  trail::ReadStats stats;
  for (const std::string& text : partials) {
    trail::Partial p;
    try {
      p = trail::Partial::from_json(text);
    } catch (const std::exception& e) {
      throw py::value_error(e.what());
    }
    for (const trail::Warning& w : p.warnings) warnings.push_back(trail::to_string(w));
    input.files.insert(input.files.end(), p.files.begin(), p.files.end());
    trail::add_stats(stats, p.stats);
    merger.add(std::move(p));
  }
  input.findings = merger.take();
  input.generated_at = generated_at;
  py::dict counts;
  counts["files"] = stats.files;
  counts["events"] = stats.events;
  counts["filtered"] = stats.filtered;
  counts["bytes"] = stats.bytes;
  counts["findings"] = input.findings.size();
  return py::make_tuple(report::write(*f, input, false), warnings, counts);
}

std::string learn(const std::vector<std::string>& paths, const std::optional<std::string>& since,
                  const std::optional<std::string>& until) {
  trail::ReadOptions read;
  read.since = time_arg(since, "since");
  read.until = time_arg(until, "until");
  trail::Baseline b;
  {
    py::gil_scoped_release release;
    std::vector<trail::Warning> warnings;
    trail::ReadStats stats;
    for (const std::string& file : paths) {
      try {
        trail::read_events({file}, read, [&](const trail::Event& e) { b.learn(e); }, warnings, stats);
      } catch (const std::runtime_error&) {
        // unreadable files are warnings of detect; a baseline learns from what can be read
      }
    }
  }
  return b.to_json();
}

std::size_t save_baseline(const std::vector<std::string>& partials, const std::string& path) {
  trail::Baseline b;
  try {
    for (const std::string& text : partials) b.merge(trail::Baseline::from_json(text));
    b.save(path);
  } catch (const std::exception& e) {
    throw py::value_error(e.what());
  }
  return b.principal_count();
}

}  // namespace

PYBIND11_MODULE(_trail, m) {
  m.doc() = "The CloudTrail scanner of iamwarden: scan files into partials, merge them in file order.";
  m.def("files", &files, py::arg("paths"), "The event files under `paths` (files or directories), in the order the CLI reads them.");
  m.def("scan", &scan, py::arg("files"), py::arg("sigma") = std::vector<std::string>{}, py::arg("baseline") = py::none(),
        py::arg("since") = py::none(), py::arg("until") = py::none(),
        "Scans consecutive `files`; returns a partial (JSON text) for finish().");
  m.def("finish", &finish, py::arg("partials"), py::arg("format") = "json", py::arg("generated_at") = "",
        "Merges partials (in file order) into a report; returns (report text, warnings, counts).");
  m.def("learn", &learn, py::arg("files"), py::arg("since") = py::none(), py::arg("until") = py::none(),
        "Learns a baseline from `files`; returns a partial (JSON text) for save_baseline().");
  m.def("save_baseline", &save_baseline, py::arg("partials"), py::arg("path"),
        "Merges baseline partials and writes the SQLite baseline `path`; returns the number of principals.");
}
