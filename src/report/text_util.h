// Pieces of the text writer shared by its two layouts: compiler-style diagnostics (text_report.cc)
// and the audit's fix-first layout (text_audit.cc). Not part of the public interface.
#pragma once

#include <string>
#include <string_view>

#include "core/finding.h"
#include "report/report.h"

namespace iw::report::detail {

inline constexpr std::string_view kReset = "\x1b[0m";
inline constexpr std::string_view kBold = "\x1b[1m";
inline constexpr std::string_view kDim = "\x1b[2m";
inline constexpr std::string_view kGreen = "\x1b[32m";

std::string_view severity_color(Severity s);

// Wraps text in an ANSI code when colors are on.
class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(std::string_view code, std::string_view text) const;

 private:
  bool color_;
};

// `s` made safe to print: ill-formed UTF-8 replaced, control and bidi characters escaped.
std::string printable(std::string_view s);

// "file:line:col  severity  id  message", the source line with a caret, "why:" and "fix:".
void write_finding(std::string& out, const Painter& paint, const Finding& f);

// "1 finding", "3 findings".
std::string plural(std::size_t n, std::string_view one, std::string_view many);

// The closing line: counts by severity (`s`) and what was scanned.
void write_summary(std::string& out, const Painter& paint, const ReportInput& input, const Summary& s);

// "== RESOURCE (note)" heading a resource's findings.
std::string group_header(const Painter& paint, const ReportInput& input, const Finding& f);

// The audit layout: header, counts, what to fix first, then the rest by severity; a one-screen
// summary when input.text_limit > 0.
std::string write_audit_text(const ReportInput& input, bool color);

}  // namespace iw::report::detail
