// Output plumbing shared by subcommands: --output FILE or stdout, notes on stderr, TTY detection.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "core/finding.h"

namespace iw::cli {

// The options every subcommand takes (added by add_common_options in common_options.h).
struct OutputOptions {
  std::string format = "text";  // one of the command's formats (validated, lower case)
  std::string output;           // "" or "-" = stdout
  std::string fail_on = "low";  // commands that report findings: exit 1 at or above it
  bool quiet = false;           // no notes on stderr (errors still print)

  bool to_stdout() const { return output.empty() || output == "-"; }
  // --fail-on as a severity (the option's validator accepts only severity names).
  Severity threshold() const;
};

// Writes `text` to the --output file (replacing it) or to stdout. When it writes a file, notes
// "wrote FILE (WHAT)" on stderr, e.g. "wrote report.html (12 findings)". Throws InputError when
// the file cannot be written.
void write_output(const OutputOptions& options, std::string_view text, std::string_view what);

// An output written while it is produced, in blocks, so memory does not grow with it (simulate's
// batches and NDJSON answers): to stdout, or to the --output file, created (replacing it) by the
// constructor. Append to buffer(); call flush_if_full() now and then and finish() at the end,
// which notes "wrote FILE (WHAT)" like write_output(). Throws InputError when the file cannot be
// written. An output left unfinished (an error half-way) keeps what was flushed.
class StreamOutput {
 public:
  explicit StreamOutput(const OutputOptions& options);
  ~StreamOutput();
  StreamOutput(const StreamOutput&) = delete;
  StreamOutput& operator=(const StreamOutput&) = delete;

  std::string& buffer() { return buffer_; }
  void flush_if_full() {
    if (buffer_.size() >= kBlock) flush();
  }
  // A sink for the report writers (report::write(..., sink)): appends, flushing when full.
  std::function<void(std::string_view)> sink() {
    return [this](std::string_view piece) {
      buffer_.append(piece);
      flush_if_full();
    };
  }
  void flush();
  void finish(std::string_view what);

 private:
  static constexpr std::size_t kBlock = 1u << 16;
  const OutputOptions& options_;
  std::FILE* file_ = nullptr;  // null: stdout
  std::string buffer_;
};

// Prints `line` and a newline on stderr unless --quiet: what was scanned, skipped or written.
void note(const OutputOptions& options, std::string_view line);

// "1 finding", "3 findings": a count and the singular or plural noun.
std::string count_of(std::size_t n, std::string_view singular, std::string_view plural);

// True when results go to a terminal (stdout, not a file or a pipe).
bool to_terminal(const OutputOptions& options);

// True when results go to a terminal and NO_COLOR is unset.
bool use_color(const OutputOptions& options);

// The current time, ISO 8601 UTC ("2026-11-01T00:00:00Z"): when a report was made.
std::string now_iso();

// True when stderr is a terminal: progress may be shown there.
bool stderr_is_tty();

}  // namespace iw::cli
