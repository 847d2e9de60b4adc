// Reading the inputs named on the command line.
#pragma once

#include <string>
#include <vector>

namespace iw::cli {

// Expands PATH arguments: files as given, directories recursively to their *.json files
// (sorted), "-" for stdin. Throws InputError for a path that does not exist.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths);

// The whole content of `path` ("-" = stdin). Throws InputError naming the path when it cannot
// be read or is larger than `max_bytes`.
std::string read_input(const std::string& path, std::size_t max_bytes = 64u << 20);

}  // namespace iw::cli
