// Reading the inputs named on the command line.
#pragma once

#include <string>
#include <vector>

namespace iw::cli {

// One input file, and the directory argument it was found in ("" when named on the command
// line itself, or "-" for stdin).
struct InputFile {
  std::string path;
  std::string directory;
};

// Expands PATH arguments: files as given, directories recursively to their *.json files
// (sorted), "-" for stdin. Throws InputError for a path that does not exist, and for a
// directory that holds no *.json file ("no policy files found in DIR").
std::vector<InputFile> expand_paths(const std::vector<std::string>& paths);

// The whole content of `path` ("-" = stdin). Throws InputError naming the path when it cannot
// be read or is larger than `max_bytes`. The string has room for SourceText::kPadding more
// bytes, so a SourceText takes it without a copy.
std::string read_input(const std::string& path, std::size_t max_bytes = 64u << 20);

}  // namespace iw::cli
