#include "report/report.h"

#include <algorithm>

#include "core/rules.h"
#include "core/strings.h"
#include "report/export_util.h"
#include "report/report_util.h"

namespace iw::report {

namespace detail {

std::vector<Finding> sorted(const std::vector<Finding>& findings) {
  std::vector<Finding> copy = findings;
  sort_findings(copy);
  return copy;
}

const std::vector<Finding>& in_order(const std::vector<Finding>& findings, std::vector<Finding>& copy) {
  if (findings_sorted(findings)) return findings;
  copy = sorted(findings);
  return copy;
}

FindingSource source_of(const std::vector<Finding>& findings) {
  return [&findings](const std::function<void(const Finding&)>& fn) {
    for (const Finding& f : findings) fn(f);
  };
}

void write_held(const ReportInput& input, SourceWriter writer, const std::function<void(std::string_view)>& sink) {
  std::vector<Finding> copy;
  writer(input, source_of(in_order(input.findings, copy)), sink);
}

std::string held_string(const ReportInput& input, SourceWriter writer) {
  return collect([&](const auto& sink) { write_held(input, writer, sink); });
}

std::string collect(const std::function<void(const std::function<void(std::string_view)>&)>& write) {
  std::string out;
  write([&](std::string_view piece) { out.append(piece); });
  return out;
}

void drain_block(JsonWriter& w, const std::function<void(std::string_view)>& sink) {
  if (w.str().size() >= (std::size_t{1} << 20)) w.drain(sink);
}

void write_array(const FindingSource& each, const std::function<void(JsonWriter&, const Finding&)>& write_one,
                 const std::function<void(std::string_view)>& sink) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_array();
  each([&](const Finding& f) {
    write_one(w, f);
    drain_block(w, sink);
  });
  w.end_array();
  w.drain(sink);
  sink("\n");
}

Finding slim(const Finding& f, bool whole) {
  if (whole) return f;
  Finding s;
  s.id = f.id;
  s.severity = f.severity;
  if (f.message.empty()) s.title = f.title;
  s.message = f.message;
  s.account = f.account;
  s.resource = f.resource;
  s.location = f.location;
  s.compliance = f.compliance;
  s.iac = f.iac;
  return s;
}

const std::string& artifact(const Finding& f) {
  return (f.location && !f.location->file.empty()) ? f.location->file : f.resource;
}

std::string description_of(const Finding& f) {
  const RuleInfo* rule = find_rule(f.id);
  return rule != nullptr ? std::string(rule->description) : std::string();
}

std::string_view severity_label(Severity s) {
  switch (s) {
    case Severity::critical: return "Critical";
    case Severity::high: return "High";
    case Severity::medium: return "Medium";
    case Severity::low: return "Low";
    case Severity::info: return "Informational";
  }
  return "Informational";
}

}  // namespace detail

namespace {
constexpr std::array<std::string_view, 8> kFormatNames = {"text", "json", "sarif", "csv",
                                                          "junit", "asff", "ocsf", "html"};
}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  for (std::size_t i = 0; i < kFormatNames.size(); ++i) {
    if (iequals(name, kFormatNames[i])) return static_cast<Format>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> format_names() { return kFormatNames; }

std::string_view to_string(Format format) {
  const auto i = static_cast<std::size_t>(format);
  return i < kFormatNames.size() ? kFormatNames[i] : "text";
}

void write(Format format, const ReportInput& input, bool color, const std::function<void(std::string_view)>& sink) {
  switch (format) {
    case Format::json: return write_json(input, sink);
    case Format::csv: return detail::write_held(input, write_csv, sink);
    case Format::asff: return detail::write_held(input, write_asff, sink);
    case Format::ocsf: return detail::write_held(input, write_ocsf, sink);
    case Format::sarif: return detail::write_held(input, write_sarif, sink);
    case Format::junit: return detail::write_held(input, write_junit, sink);
    default: sink(write(format, input, color));
  }
}

void write(Format format, const ReportInput& input, const FindingSource& each, const Summary& summary, bool color,
           const std::function<void(std::string_view)>& sink) {
  switch (format) {
    case Format::json: return write_json(input, each, summary, sink);
    case Format::text: return write_text(input, each, summary, color, sink);
    case Format::csv: return write_csv(input, each, sink);
    case Format::asff: return write_asff(input, each, sink);
    case Format::ocsf: return write_ocsf(input, each, sink);
    case Format::sarif: return write_sarif(input, each, sink);
    case Format::junit: return write_junit(input, each, sink);
    case Format::html: return write_html(input, each, summary, sink);
  }
}

std::string write(Format format, const ReportInput& input, bool color) {
  switch (format) {
    case Format::text: return write_text(input, color);
    case Format::json: return write_json(input);
    case Format::sarif: return write_sarif(input);
    case Format::csv: return write_csv(input);
    case Format::junit: return write_junit(input);
    case Format::asff: return write_asff(input);
    case Format::ocsf: return write_ocsf(input);
    case Format::html: return write_html(input);
  }
  return write_text(input, color);
}

std::string fingerprint(const Finding& f) { return detail::stable_fingerprint(f); }

std::size_t Summary::total() const {
  std::size_t n = 0;
  for (std::size_t c : counts) n += c;
  return n;
}

Summary summary(const std::vector<Finding>& findings) {
  Summary s;
  for (const Finding& f : findings) {
    const auto i = static_cast<std::size_t>(f.severity);
    if (i < s.counts.size()) ++s.counts[i];
  }
  return s;
}

bool any_at_or_above(const Summary& summary, Severity threshold) {
  for (std::size_t s = static_cast<std::size_t>(threshold); s < summary.counts.size(); ++s) {
    if (summary.counts[s] > 0) return true;
  }
  return false;
}

bool any_at_or_above(const std::vector<Finding>& findings, Severity threshold) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& f) { return f.severity >= threshold; });
}

}  // namespace iw::report
