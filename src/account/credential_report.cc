// The credential report: `aws iam get-credential-report`, as its CLI JSON (base64 Content) or
// as the decoded CSV. The CSV reader is strict RFC 4180: quoted fields with "" escapes, CRLF or
// LF line ends, the same number of fields on every row.
#include <array>
#include <unordered_map>

#include "account/reader.h"
#include "core/strings.h"
#include "core/values.h"

namespace iw::account::detail {

namespace {

struct CsvField {
  std::string value;
  std::uint32_t offset = 0;
};

class CsvReader {
 public:
  explicit CsvReader(const SourceText& source) : source_(source), text_(source.text()) {
    if (const std::size_t bad = invalid_utf8_at(text_); bad != std::string_view::npos) {
      fail_at(source_, bad, "invalid UTF-8");
    }
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a byte order mark, as spreadsheets save
  }

  // Reads the next record (blank lines are skipped); false at the end of the text.
  bool next(std::vector<CsvField>& fields, std::uint32_t& record_offset) {
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_.substr(pos_, 2) == "\r\n")) {
      pos_ += text_[pos_] == '\n' ? 1 : 2;
    }
    if (pos_ >= text_.size()) return false;
    record_offset = static_cast<std::uint32_t>(pos_);
    fields.clear();
    for (;;) {
      fields.push_back(field());
      if (pos_ >= text_.size()) return true;
      const char c = text_[pos_];
      if (c == ',') {
        ++pos_;
        continue;
      }
      if (c == '\n') {
        ++pos_;
        return true;
      }
      if (text_.substr(pos_, 2) == "\r\n") {
        pos_ += 2;
        return true;
      }
      fail_at(source_, pos_, "unexpected character after a quoted field (expected ',' or the end of the line)");
    }
  }

 private:
  CsvField field() {
    CsvField f;
    f.offset = static_cast<std::uint32_t>(pos_);
    if (pos_ < text_.size() && text_[pos_] == '"') return quoted(f);
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ',' || c == '\n' || text_.substr(pos_, 2) == "\r\n") break;
      if (c == '"') fail_at(source_, pos_, "quote inside an unquoted field (quote the whole field)");
      if (c == '\r') fail_at(source_, pos_, "carriage return without a line feed");
      ++pos_;
    }
    f.value.assign(text_.substr(f.offset, pos_ - f.offset));
    return f;
  }

  CsvField quoted(CsvField& f) {
    ++pos_;
    for (;;) {
      const std::size_t quote = text_.find('"', pos_);
      if (quote == std::string_view::npos) fail_at(source_, f.offset, "quoted field never closed");
      f.value.append(text_.substr(pos_, quote - pos_));
      pos_ = quote + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        f.value += '"';
        ++pos_;
        continue;
      }
      return std::move(f);
    }
  }

  const SourceText& source_;
  std::string_view text_;
  std::size_t pos_ = 0;
};

enum Column : std::uint8_t {
  kUser, kArn, kCreated, kPasswordEnabled, kPasswordLastUsed, kPasswordLastChanged, kMfaActive,
  kKey1Active, kKey1Rotated, kKey1Used, kKey2Active, kKey2Rotated, kKey2Used, kCert1Active,
  kCert2Active, kColumnCount
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used",
    "password_last_changed", "mfa_active", "access_key_1_active", "access_key_1_last_rotated",
    "access_key_1_last_used_date", "access_key_2_active", "access_key_2_last_rotated",
    "access_key_2_last_used_date", "cert_1_active", "cert_2_active"};

// Columns AWS writes that no check reads: their absence is said, not an error.
constexpr std::array<std::string_view, 7> kUnusedColumns = {
    "password_next_rotation", "access_key_1_last_used_region", "access_key_1_last_used_service",
    "access_key_2_last_used_region", "access_key_2_last_used_service", "cert_1_last_rotated",
    "cert_2_last_rotated"};

class ReportReader {
 public:
  ReportReader(const SourceText& source, std::vector<std::string>& warnings)
      : source_(source), csv_(source), warnings_(warnings) {}

  std::vector<CredentialRow> read() {
    std::vector<CsvField> fields;
    std::uint32_t offset = 0;
    if (!csv_.next(fields, offset)) fail_at(source_, 0, "empty credential report (no header row)");
    header(fields);
    std::vector<CredentialRow> rows;
    while (csv_.next(fields, offset)) {
      if (fields.size() != header_size_) {
        fail_at(source_, offset, "row has " + std::to_string(fields.size()) + " fields, the header has " +
                                     std::to_string(header_size_));
      }
      rows.push_back(row(fields));
    }
    return rows;
  }

 private:
  void header(const std::vector<CsvField>& fields) {
    header_size_ = fields.size();
    std::unordered_map<std::string_view, std::size_t> seen;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (!seen.emplace(fields[i].value, i).second) {
        fail_at(source_, fields[i].offset, "column \"" + fields[i].value + "\" appears twice");
      }
    }
    std::string missing;
    for (std::size_t c = 0; c < kColumnCount; ++c) {
      auto it = seen.find(kColumnNames[c]);
      if (it == seen.end()) {
        missing += (missing.empty() ? "" : ", ") + std::string(kColumnNames[c]);
      } else {
        index_[c] = it->second;
      }
    }
    if (!missing.empty()) {
      fail_at(source_, 0, "the header lacks required columns: " + missing +
                              " (is this the output of aws iam get-credential-report?)");
    }
    std::string unused;
    for (std::string_view name : kUnusedColumns) {
      if (!seen.count(name)) unused += (unused.empty() ? "" : ", ") + std::string(name);
    }
    if (!unused.empty()) {
      warnings_.push_back(source_.name() + ": the credential report has no column " + unused +
                          " (no check needs it; the rest was read)");
    }
  }

  CredentialRow row(const std::vector<CsvField>& f) {
    CredentialRow r;
    r.user = get(f, kUser).value;
    r.arn = get(f, kArn).value;
    r.user_creation_time = time(f, kCreated);
    r.password_enabled = flag(f, kPasswordEnabled);
    r.password_last_used = time(f, kPasswordLastUsed);
    r.password_last_changed = time(f, kPasswordLastChanged);
    r.mfa_active = flag(f, kMfaActive);
    r.keys[0] = {flag(f, kKey1Active), time(f, kKey1Rotated), time(f, kKey1Used)};
    r.keys[1] = {flag(f, kKey2Active), time(f, kKey2Rotated), time(f, kKey2Used)};
    r.cert_active[0] = flag(f, kCert1Active);
    r.cert_active[1] = flag(f, kCert2Active);
    return r;
  }

  const CsvField& get(const std::vector<CsvField>& f, Column c) const { return f[index_[c]]; }

  static bool absent(std::string_view v) {
    return v == "N/A" || v == "no_information" || v == "not_supported";
  }

  bool flag(const std::vector<CsvField>& f, Column c) const {
    const CsvField& field = get(f, c);
    if (iequals(field.value, "true")) return true;
    if (iequals(field.value, "false") || absent(field.value)) return false;
    fail_at(source_, field.offset, std::string(kColumnNames[c]) + ": expected true or false, not \"" +
                                       field.value.substr(0, 40) + "\"");
  }

  std::optional<Timestamp> time(const std::vector<CsvField>& f, Column c) const {
    const CsvField& field = get(f, c);
    if (absent(field.value)) return std::nullopt;
    if (auto t = parse_timestamp(field.value)) return t;
    fail_at(source_, field.offset, std::string(kColumnNames[c]) + ": not a timestamp, N/A or no_information: \"" +
                                       field.value.substr(0, 40) + "\"");
  }

  const SourceText& source_;
  CsvReader csv_;
  std::vector<std::string>& warnings_;
  std::size_t header_size_ = 0;
  std::array<std::size_t, kColumnCount> index_{};
};

}  // namespace

void read_credential_report_csv(const SourceText& source, Account& account) {
  account.credential_report = ReportReader(source, account.warnings).read();
}

void read_credential_report_json(const SourceText& source, const LoadOptions& options, Account& account) {
  FileReader r(source, options);
  const json::Node& root = r.root_object("the output of aws iam get-credential-report");
  const json::Node& content = r.required_node(root, "Content", "the output of aws iam get-credential-report");
  r.expect(content, json::Kind::string, "Content");
  if (const json::Node* format = r.member(root, "ReportFormat")) {
    if (r.string(*format, "ReportFormat") != "text/csv") {
      r.fail(*format, "ReportFormat must be \"text/csv\", not \"" + std::string(format->text.substr(0, 40)) + "\"");
    }
  }
  const std::optional<Timestamp> generated = r.optional_timestamp(root, "GeneratedTime");
  r.check_structural_duplicates();
  std::size_t bad_at = 0;
  std::optional<std::string> csv = base64_decode_wrapped(content.text, bad_at);
  if (!csv) {
    fail_at(source, content.offset + 1 + std::min(bad_at, content.text.size()),
            "Content is not valid base64");
  }
  const SourceText decoded(source.name() + " (decoded Content)", std::move(*csv));
  std::vector<CredentialRow> rows = ReportReader(decoded, account.warnings).read();
  account.credential_report = std::move(rows);
  account.credential_report_generated = generated;
}

}  // namespace iw::account::detail
