#include "cli/output.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "cli/command.h"
#include "core/time.h"

namespace iw::cli {

Severity OutputOptions::threshold() const { return parse_severity(fail_on).value_or(Severity::low); }

void write_output(const OutputOptions& options, std::string_view text, std::string_view what) {
  if (options.to_stdout()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return;
  }
  std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError("cannot write " + options.output + ": " + std::strerror(errno));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) throw InputError("cannot write " + options.output + ": " + std::strerror(errno));
  note(options, "wrote " + options.output + " (" + std::string(what) + ")");
}

StreamOutput::StreamOutput(const OutputOptions& options) : options_(options) {
  if (options.to_stdout()) return;
  file_ = std::fopen(options.output.c_str(), "wb");
  if (file_ == nullptr) throw InputError("cannot write " + options.output + ": " + std::strerror(errno));
}

StreamOutput::~StreamOutput() {
  if (file_ != nullptr) std::fclose(file_);
}

void StreamOutput::flush() {
  if (buffer_.empty()) return;
  std::FILE* to = file_ != nullptr ? file_ : stdout;
  const bool short_write = std::fwrite(buffer_.data(), 1, buffer_.size(), to) != buffer_.size();
  buffer_.clear();
  if (short_write && file_ != nullptr) {  // stdout: as write_output(), a closed pipe is not an error
    throw InputError("cannot write " + options_.output + ": " + std::strerror(errno));
  }
}

void StreamOutput::finish(std::string_view what) {
  flush();
  if (file_ == nullptr) {
    std::fflush(stdout);
    return;
  }
  const bool failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed) throw InputError("cannot write " + options_.output + ": " + std::strerror(errno));
  note(options_, "wrote " + options_.output + " (" + std::string(what) + ")");
}

void note(const OutputOptions& options, std::string_view line) {
  if (options.quiet) return;
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fputc('\n', stderr);
}

std::string count_of(std::size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

bool to_terminal(const OutputOptions& options) { return options.to_stdout() && ::isatty(STDOUT_FILENO) == 1; }

bool use_color(const OutputOptions& options) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return to_terminal(options);
}

std::string now_iso() {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return format_timestamp(seconds);
}

bool stderr_is_tty() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace iw::cli
