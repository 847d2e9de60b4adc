#include "cli/input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/command.h"

namespace iw::cli {

namespace fs = std::filesystem;

std::vector<InputFile> expand_paths(const std::vector<std::string>& paths) {
  std::vector<InputFile> out;
  for (const std::string& p : paths) {
    if (p == "-") {
      out.push_back({p, ""});
      continue;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(p, ec);
    if (ec || !fs::exists(status)) throw InputError(p + ": no such file or directory");
    if (!fs::is_directory(status)) {
      out.push_back({p, ""});
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".json") found.push_back(it->path().string());
    }
    if (ec) throw InputError(p + ": cannot list directory: " + ec.message());
    if (found.empty()) throw InputError("no policy files found in " + p + " (no *.json file)");
    std::sort(found.begin(), found.end());
    for (std::string& f : found) out.push_back({std::move(f), p});
  }
  return out;
}

std::string read_input(const std::string& path, std::size_t max_bytes) {
  std::string data;
  if (path == "-") {
    data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read: " + std::strerror(errno));
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) {
      throw InputError(path + ": " + std::to_string(size) + " bytes is over the limit of " +
                       std::to_string(max_bytes));
    }
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(path + ": read error");
  }
  if (data.size() > max_bytes) {
    throw InputError(path + ": input is over the limit of " + std::to_string(max_bytes) + " bytes");
  }
  return data;
}

}  // namespace iw::cli
