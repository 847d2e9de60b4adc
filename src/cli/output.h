// Output plumbing shared by subcommands: --output FILE or stdout, TTY detection for colors.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace iw::cli {

// The standard --format/--output options every subcommand takes.
struct OutputOptions {
  std::string format;  // "" = default (text)
  std::string output;  // "" or "-" = stdout
};

// Writes `text` to the --output file (replacing it) or to stdout. Throws InputError when the
// file cannot be written.
void write_output(const OutputOptions& options, std::string_view text);

// True when results go to a terminal (stdout, not a file) and NO_COLOR is unset.
bool use_color(const OutputOptions& options);

// True when stderr is a terminal: progress may be shown there.
bool stderr_is_tty();

}  // namespace iw::cli
