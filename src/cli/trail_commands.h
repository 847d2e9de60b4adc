// What the `trail` subcommands share: their input options and the reading of events
// (cmd_trail*.cc).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/output.h"
#include "trail/events.h"
#include "trail/parallel.h"

namespace iw::cli {

// PATH... --since TIME --until TIME --strict
struct TrailInput {
  std::vector<std::string> paths;
  std::string since, until;
  bool strict = false;
};

void add_trail_input(CLI::App& command, TrailInput& in);

struct TrailRead {
  std::vector<std::string> files;  // as read ("-" as "<stdin>")
  trail::ReadStats stats;
  std::size_t warnings = 0;
  // 2 when --strict and there were warnings, else 1 when `findings`, else 0.
  int exit_code(const TrailInput& in, bool findings) const {
    if (in.strict && warnings > 0) return 2;
    return findings ? 1 : 0;
  }
};

// Reads every event of the input, calling `on_event` for each. Warnings are printed on stderr
// ("iamwarden: warning: FILE: record N: ..."), a note says what was read. Throws InputError for
// a path that does not exist, a bad --since/--until, or input without any event file.
TrailRead read_trail(const TrailInput& in, const OutputOptions& out, const std::function<void(const trail::Event&)>& on_event);

// The parts of read_trail(), for a caller that reads the files itself (on several threads):
// expand_trail() checks the options and lists the files (InputError as read_trail); file_read()
// is called once per file in order, printing its warnings and counting; note_read() says what
// was read.
struct TrailFiles {
  trail::ReadOptions options;
  std::vector<std::string> files;
  TrailRead read;  // stats of the expansion (digests skipped)
};
TrailFiles expand_trail(const TrailInput& in);
void file_read(TrailRead& read, std::string_view file, const std::vector<trail::Warning>& warnings,
               const trail::ReadStats& stats);
void note_read(const TrailRead& read, const OutputOptions& out);

// Reads the files of `t` on `threads` threads (0: one per core), each into an accumulator of its
// own: on_event(event, acc) for its events; then, on the calling thread in file order,
// file_read() and merge(std::move(acc)). A file that cannot be opened is a warning.
template <typename Acc, typename OnEvent, typename Merge>
void read_files(TrailFiles& t, unsigned threads, OnEvent&& on_event, Merge&& merge) {
  struct Part {
    Acc acc;
    std::vector<trail::Warning> warnings;
    trail::ReadStats stats;
  };
  trail::reserve_readers(std::min<std::size_t>(thread_count(static_cast<unsigned>(threads)), t.files.size()),
                         trail::kTypicalFileBytes);
  trail::in_order<Part>(
      t.files.size(), threads,
      [&](std::size_t i) {
        Part p;
        try {
          trail::read_events({t.files[i]}, t.options, [&](const trail::Event& e) { on_event(e, p.acc); }, p.warnings, p.stats);
        } catch (const std::runtime_error& e) {
          p.warnings.push_back({t.files[i], -1, e.what()});
        }
        return p;
      },
      [&](std::size_t i, Part&& p) {
        file_read(t.read, t.files[i] == "-" ? "<stdin>" : t.files[i], p.warnings, p.stats);
        merge(std::move(p.acc));
      });
}

// --threads N: how many files are read at once (0, the default: one per core).
void add_threads_option(CLI::App& command, int& threads);

// Subcommands defined in their own files.
void add_trail_usage(CLI::App& trail, int& exit_code);
void add_trail_generate_policy(CLI::App& trail, int& exit_code);

}  // namespace iw::cli
