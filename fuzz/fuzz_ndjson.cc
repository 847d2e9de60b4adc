// Fuzz target: NDJSON simulation requests (docs/simulate.md), read line by line through
// LineReader and NdjsonRequests. Bad input must give an error value, never a crash; and the fast
// reader must agree with the located reader on every line: the same lines accepted, the same
// RequestSpec read (a disagreement aborts).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/line_reader.h"
#include "core/source.h"
#include "eval/request_file.h"
#include "eval/request_stream.h"

namespace {

std::string describe(const iw::eval::RequestSpec& s) {
  std::string out = s.principal + "\n" + s.action + "\n" + s.resource + "\n" + s.resource_account + "\n" +
                    s.federated_by + "\n";
  for (const iw::eval::ContextEntry& e : s.context.entries()) {
    out += e.key + (e.multi ? "[]" : "") + "=";
    for (const std::string& v : e.values) out += v + "\x1f";
    out += "\x1e";
  }
  return out;
}

// Every line of `text`, by both readers.
void check_lines(std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(start, end - start));
    const iw::SourceText padded("fuzz.ndjson", line);
    iw::eval::RequestSpec fast;
    const bool accepted = iw::eval::read_request_fast(padded.text(), "arn:aws:iam::111122223333:user/f", fast);
    auto located = iw::eval::read_request_object(line, "fuzz.ndjson", 1, "arn:aws:iam::111122223333:user/f");
    if (accepted != static_cast<bool>(located)) std::abort();
    if (accepted && describe(fast) != describe(*located.value)) std::abort();
    start = end + 1;
  }
}

// The whole text as a stream: requests until the end or the first error, with a message.
void read_stream(std::string_view text) {
  std::FILE* f = std::tmpfile();
  if (f == nullptr) return;
  std::fwrite(text.data(), 1, text.size(), f);
  std::fflush(f);
  std::rewind(f);
  iw::LineReader lines(fileno(f), 4096);
  iw::eval::NdjsonRequests requests(lines, "fuzz.ndjson", "");
  iw::eval::RequestSpec spec;
  iw::eval::Request request;
  iw::eval::NdjsonRequests::Status status;
  while ((status = requests.next(spec)) == iw::eval::NdjsonRequests::Status::request) {
    (void)iw::eval::make_request(spec, request);
  }
  if (status == iw::eval::NdjsonRequests::Status::error && requests.error().empty()) std::abort();
  std::fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_lines(text);
  read_stream(text);
  return 0;
}
