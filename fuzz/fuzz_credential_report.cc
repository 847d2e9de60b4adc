// Fuzz target: the credential report, as CSV, as the CLI's JSON with the bytes base64-encoded in
// Content, and as the JSON itself. Loading must either succeed or throw SnapshotError.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "account/account.h"

namespace {

std::string base64(const std::string& in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8 |
                       static_cast<unsigned char>(in[i + 2]);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

void load(const char* name, const std::string& text) {
  std::map<std::string, std::string> files{{"authorization-details.json", R"({"UserDetailList": []})"},
                                           {name, text}};
  try {
    const iw::account::Account a = iw::account::load_snapshot_files("fuzz", std::move(files));
    if (!a.credential_report) std::abort();
    for (const auto& row : *a.credential_report) {
      if (row.is_root() && row.user != "<root_account>") std::abort();
    }
  } catch (const iw::account::SnapshotError& e) {
    if (e.line < 0 || e.column < 0) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  load("credential-report.csv", bytes);
  load("credential-report.json", "{\"Content\": \"" + base64(bytes) + "\", \"ReportFormat\": \"text/csv\"}");
  load("credential-report.json", bytes);
  return 0;
}
