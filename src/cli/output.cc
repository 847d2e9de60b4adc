#include "cli/output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "cli/command.h"

namespace iw::cli {

namespace {
bool to_stdout(const OutputOptions& o) { return o.output.empty() || o.output == "-"; }
}  // namespace

void write_output(const OutputOptions& options, std::string_view text) {
  if (to_stdout(options)) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return;
  }
  std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError("cannot write " + options.output + ": " + std::strerror(errno));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw InputError("cannot write " + options.output + ": " + std::strerror(errno));
}

bool use_color(const OutputOptions& options) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return to_stdout(options) && ::isatty(STDOUT_FILENO) == 1;
}

bool stderr_is_tty() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace iw::cli
