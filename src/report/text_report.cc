// --format text: compiler-style diagnostics for people.
//
//   == policies/admin.json (identity policy, inferred)
//   policies/admin.json:4:7  critical  admin-wildcard  Statement "Admin" allows "*" on "*"
//     4 |       "Action": "*",
//       |       ^
//     why: An Allow of every action on every resource makes ...
//     fix: Replace "Action": "*" ...
//
//   policies/admin.json:9:5  ...
//
//   2 findings (1 critical, 1 high, 0 medium, 0 low, 0 info); scanned 1 file, 1 policy
//
// Every piece of input text is made printable first: ill-formed UTF-8 becomes U+FFFD, and
// control and bidirectional-override characters are shown as escapes (\x1b, \u{202e}) so a
// hostile policy cannot drive the terminal or disguise what it shows.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "report/report.h"
#include "report/report_util.h"
#include "report/text_util.h"

namespace iw::report {

namespace detail {

namespace {

constexpr std::size_t kMaxSnippetWidth = 120;  // code points shown of a long source line
constexpr std::string_view kBlue = "\x1b[34m";

}  // namespace

std::string_view severity_color(Severity s) {
  switch (s) {
    case Severity::critical: return "\x1b[1;31m";
    case Severity::high: return "\x1b[31m";
    case Severity::medium: return "\x1b[33m";
    case Severity::low: return "\x1b[36m";
    case Severity::info: return "\x1b[2m";
  }
  return "";
}

std::string Painter::operator()(std::string_view code, std::string_view text) const {
  if (!color_ || text.empty()) return std::string(text);
  return fmt::format("{}{}{}", code, text, kReset);
}

namespace {

// One code point of input text, as shown on a terminal.
struct Glyph {
  std::string text;   // what to print
  std::size_t width;  // terminal columns it takes (a tab counts as one, mirrored in the caret)
};

bool is_wide(char32_t cp) {  // East Asian wide and fullwidth ranges, emoji
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool must_escape(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

// The code points of `s`, made printable. Tabs are kept when `keep_tabs` (source lines).
std::vector<Glyph> glyphs(std::string_view s, bool keep_tabs) {
  std::vector<Glyph> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t bad = 1;
    const std::size_t n = utf8_sequence_length(s, i, &bad);
    if (n == 0) {
      out.push_back({"\xEF\xBF\xBD", 1});
      i += bad;
      continue;
    }
    const char32_t cp = detail::decode_utf8(s.substr(i, n));
    if (cp == '\t' && keep_tabs) {
      out.push_back({"\t", 1});
    } else if (must_escape(cp)) {
      std::string e = cp < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(cp))
                                 : fmt::format("\\u{{{:x}}}", static_cast<unsigned>(cp));
      const std::size_t w = e.size();
      out.push_back({std::move(e), w});
    } else {
      out.push_back({std::string(s.substr(i, n)), is_wide(cp) ? 2u : 1u});
    }
    i += n;
  }
  return out;
}

}  // namespace

std::string printable(std::string_view s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
  if (plain) return std::string(s);
  std::string out;
  for (const Glyph& g : glyphs(s, true)) out += g.text;
  return out;
}

namespace {

std::string position(const Finding& f) {
  std::string s = printable(detail::artifact(f));
  if (f.location && f.location->line > 0) {
    s += fmt::format(":{}", f.location->line);
    if (f.location->column > 0) s += fmt::format(":{}", f.location->column);
  }
  if (f.location && f.location->record >= 0) s += fmt::format(" record {}", f.location->record);
  return s;
}

// The source line under a gutter, and a caret under the column (in code points), showing at
// most kMaxSnippetWidth code points around the column.
void write_snippet(std::string& out, const Painter& paint, const Finding& f) {
  std::string_view line = f.snippet;
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.empty() || !f.location || f.location->line <= 0) return;
  const std::vector<Glyph> g = glyphs(line, true);
  const std::size_t column = f.location->column > 0 ? static_cast<std::size_t>(f.location->column) : 0;
  const std::size_t caret = column > 0 ? std::min(column - 1, g.size()) : 0;
  std::size_t begin = 0, end = g.size();
  if (g.size() > kMaxSnippetWidth) {
    begin = caret > kMaxSnippetWidth / 2 ? caret - kMaxSnippetWidth / 2 : 0;
    begin = std::min(begin, g.size() - kMaxSnippetWidth);
    end = begin + kMaxSnippetWidth;
  }
  const std::string number = std::to_string(f.location->line);
  const std::string blank(number.size(), ' ');
  std::string text = begin > 0 ? "\xE2\x80\xA6" : "";  // "…"
  std::string pad = begin > 0 ? " " : "";
  for (std::size_t i = begin; i < end; ++i) {
    text += g[i].text;
    if (i < caret) pad += g[i].text == "\t" ? std::string("\t") : std::string(g[i].width, ' ');
  }
  if (end < g.size()) text += "\xE2\x80\xA6";
  out += fmt::format("  {} {} {}\n", paint(kBlue, number), paint(kBlue, "|"), text);
  if (column > 0) {
    out += fmt::format("  {} {} {}{}\n", blank, paint(kBlue, "|"), pad,
                       paint(severity_color(f.severity), "^"));
  }
}

}  // namespace

void write_finding(std::string& out, const Painter& paint, const Finding& f) {
  out += fmt::format("{}  {}  {}  {}\n", paint(kBold, position(f)),
                     paint(severity_color(f.severity), to_string(f.severity)),
                     paint(kBold, printable(f.id)), printable(f.message));
  write_snippet(out, paint, f);
  std::string why = detail::description_of(f);
  if (why.empty()) why = f.title;
  if (!why.empty()) out += fmt::format("  {} {}\n", paint(kBold, "why:"), printable(why));
  if (!f.remediation.empty()) {
    out += fmt::format("  {} {}\n", paint(kGreen, "fix:"), printable(f.remediation));
  }
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

void write_summary(std::string& out, const Painter& paint, const ReportInput& input, const Summary& s) {
  std::string line;
  if (s.total() == 0) {
    line = paint(kGreen, "no findings");
  } else {
    std::string counts;
    for (Severity sev : detail::kSeveritiesDescending) {
      if (!counts.empty()) counts += ", ";
      const std::string part = fmt::format("{} {}", s.count(sev), to_string(sev));
      counts += s.count(sev) > 0 ? paint(severity_color(sev), part) : part;
    }
    line = fmt::format("{} ({})", paint(kBold, plural(s.total(), "finding", "findings")), counts);
  }
  std::vector<std::string> scanned;
  if (!input.files.empty()) scanned.push_back(plural(input.files.size(), "file", "files"));
  if (input.policy_count > 0) scanned.push_back(plural(input.policy_count, "policy", "policies"));
  if (!scanned.empty()) {
    line += "; scanned " + scanned.front();
    if (scanned.size() > 1) line += ", " + scanned.back();
  }
  out += line + "\n";
}

std::string group_header(const Painter& paint, const ReportInput& input, const Finding& f) {
  std::string header =
      paint(kBold, "== " + printable(f.resource.empty() ? "(no resource)" : f.resource));
  auto note = input.notes.find(f.resource);
  if (note == input.notes.end()) note = input.notes.find(detail::artifact(f));
  if (note != input.notes.end() && !note->second.empty()) {
    header += " " + paint(kDim, "(" + printable(note->second) + ")");
  }
  return header + "\n";
}

}  // namespace detail

std::string write_text(const ReportInput& input, bool color) {
  if (!input.subject.snapshot.empty()) return detail::write_audit_text(input, color);
  std::vector<Finding> copy;
  const std::vector<Finding>& findings = detail::in_order(input.findings, copy);
  std::string out;
  write_text(
      input, [&](const std::function<void(const Finding&)>& fn) { std::for_each(findings.begin(), findings.end(), fn); },
      summary(findings), color, [&](std::string_view piece) { out.append(piece); });
  return out;
}

void write_text(const ReportInput& input, const FindingSource& each, const Summary& s, bool color,
                const std::function<void(std::string_view)>& sink) {
  using namespace detail;
  constexpr std::size_t kBlock = std::size_t{1} << 20;
  const Painter paint(color);
  std::string out, resource;
  bool first = true;
  each([&](const Finding& f) {
    if (first || resource != f.resource) {
      out += group_header(paint, input, f);
      resource = f.resource;
      first = false;
    }
    write_finding(out, paint, f);
    out += '\n';
    if (out.size() >= kBlock) {
      sink(out);
      out.clear();
    }
  });
  write_summary(out, paint, input, s);
  sink(out);
}

}  // namespace iw::report

namespace iw::report::detail {

std::string terminal_text(std::string_view s) { return printable(s); }

}  // namespace iw::report::detail
