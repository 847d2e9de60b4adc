// --format csv: RFC 4180, one row per finding. Cells are valid UTF-8 without control
// characters other than tab, CR and LF (others become U+FFFD), so `cat` cannot drive a terminal.
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "report/report.h"
#include "report/report_util.h"

namespace iw::report {

namespace {

// A cell a spreadsheet would read as a formula gets a leading apostrophe (OWASP "CSV
// injection"): one starting with = + - @ tab or CR.
bool looks_like_formula(std::string_view cell) {
  if (cell.empty()) return false;
  const char c = cell.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void append_cell(std::string& out, std::string_view raw) {
  std::string cell = to_valid_utf8(raw);
  for (std::size_t i = 0; i < cell.size(); ++i) {  // terminal escapes and other controls
    const auto c = static_cast<unsigned char>(cell[i]);
    if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F) {
      cell.replace(i, 1, "\xEF\xBF\xBD");
      i += 2;
    }
  }
  if (looks_like_formula(cell)) cell.insert(cell.begin(), '\'');
  const bool quote = cell.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string join(const std::vector<std::string>& items, char sep) {
  std::string s;
  for (const std::string& item : items) {
    if (!s.empty()) s += sep;
    s += item;
  }
  return s;
}

std::string positive_or_empty(int n) { return n > 0 ? std::to_string(n) : std::string(); }

void append_row(std::string& out, std::initializer_list<std::string_view> cells) {
  bool first = true;
  for (std::string_view cell : cells) {
    if (!first) out += ',';
    first = false;
    append_cell(out, cell);
  }
  out += "\r\n";
}

}  // namespace

void write_csv(const ReportInput&, const FindingSource& each, const std::function<void(std::string_view)>& sink) {
  constexpr std::size_t kBlock = std::size_t{1} << 20;
  std::string out;
  append_row(out, {"id", "severity", "title", "message", "account", "resource", "file", "line",
                   "column", "remediation", "compliance"});
  each([&](const Finding& f) {
    const Location none;
    const Location& loc = f.location ? *f.location : none;
    const std::string line = positive_or_empty(loc.line);
    const std::string column = positive_or_empty(loc.column);
    const std::string compliance = join(f.compliance, ';');
    append_row(out, {f.id, to_string(f.severity), f.title, f.message, f.account, f.resource,
                     loc.file, line, column, f.remediation, compliance});
    if (out.size() >= kBlock) {
      sink(out);
      out.clear();
    }
  });
  sink(out);
}

std::string write_csv(const ReportInput& input) { return detail::held_string(input, write_csv); }

}  // namespace iw::report
