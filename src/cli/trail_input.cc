#include <fmt/format.h>

#include <cstdio>
#include <variant>

#include "cli/command.h"
#include "cli/trail_commands.h"
#include "trail/scan.h"

namespace iw::cli {

namespace {

std::optional<Timestamp> time_option(const std::string& value, const char* name) {
  if (value.empty()) return std::nullopt;
  const std::optional<Timestamp> t = parse_timestamp(value);
  if (!t) throw InputError(fmt::format("{} '{}' is not a time (use ISO 8601: 2026-11-01 or 2026-11-01T12:00:00Z)", name, value));
  return t;
}

}  // namespace

void add_trail_input(CLI::App& command, TrailInput& in) {
  command.add_option("paths", in.paths, "Event files or directories (walked recursively); - reads stdin")->required();
  command.add_option("--since", in.since, "Only events at or after this time (ISO 8601)")->type_name("TIME");
  command.add_option("--until", in.until, "Only events at or before this time (ISO 8601)")->type_name("TIME");
  command.add_flag("--strict", in.strict, "Exit 2 when any part of the input could not be read (after the report)");
}

void add_threads_option(CLI::App& command, int& threads) {
  command.add_option("--threads", threads, "Files read at once (default 0: all cores); the output is the same for any number")
      ->type_name("N")
      ->check(CLI::Range(0, 1024));
}

TrailFiles expand_trail(const TrailInput& in) {
  TrailFiles t;
  t.options.since = time_option(in.since, "--since");
  t.options.until = time_option(in.until, "--until");
  try {
    t.files = trail::expand_event_paths(in.paths, t.read.stats);
  } catch (const std::exception& e) {
    throw InputError(e.what());
  }
  return t;
}

void file_read(TrailRead& read, std::string_view file, const std::vector<trail::Warning>& warnings, const trail::ReadStats& stats) {
  for (const trail::Warning& w : warnings) std::fprintf(stderr, "iamwarden: warning: %s\n", trail::to_string(w).c_str());
  read.warnings += warnings.size();
  trail::add_stats(read.stats, stats);
  read.files.emplace_back(file);
}

void note_read(const TrailRead& read, const OutputOptions& out) {
  std::string what = fmt::format("read {} from {}", count_of(read.stats.events, "event", "events"),
                                 count_of(read.stats.files, "file", "files"));
  if (read.stats.filtered > 0) what += fmt::format(", {} outside --since/--until", read.stats.filtered);
  if (read.stats.digests > 0) what += fmt::format(", {} skipped", count_of(read.stats.digests, "digest file", "digest files"));
  if (read.warnings > 0) what += fmt::format(", {}", count_of(read.warnings, "warning", "warnings"));
  note(out, what);
}

TrailRead read_trail(const TrailInput& in, const OutputOptions& out, const std::function<void(const trail::Event&)>& on_event) {
  TrailFiles t = expand_trail(in);
  read_files<std::monostate>(
      t, 1, [&](const trail::Event& e, std::monostate&) { on_event(e); }, [](std::monostate&&) {});
  note_read(t.read, out);
  return t.read;
}

}  // namespace iw::cli
