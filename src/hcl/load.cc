// Loading the `.tf` and `.tf.json` files of one directory.
#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

#include "core/parallel.h"
#include "hcl/hcl.h"

namespace iw::hcl {

static bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Directory load_directory(const std::filesystem::path& dir, const Limits& limits, const JsonSchema& schema) {
  Directory out;
  std::error_code ec;
  std::vector<std::filesystem::path> paths;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!ends_with(name, ".tf") && !ends_with(name, ".tf.json")) continue;
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    paths.push_back(it->path());
  }
  if (ec) {
    out.errors.push_back(ParseError{"cannot read the directory: " + ec.message(), Pos{intern_file_name(dir.string())}});
    return out;
  }
  std::sort(paths.begin(), paths.end());
  // Files parse independently: on every core, then in name order.
  std::vector<std::unique_ptr<File>> files(paths.size());
  std::vector<std::optional<ParseError>> errors(paths.size());
  parallel_for(paths.size(), 0, [&](std::size_t i) {
    const std::string name = paths[i].string();
    std::error_code size_ec;
    auto size = std::filesystem::file_size(paths[i], size_ec);
    if (!size_ec && size > limits.max_bytes) {
      errors[i] = ParseError{"the file is larger than the limit of " + std::to_string(limits.max_bytes) + " bytes",
                             Pos{intern_file_name(name), 1, 1, 0}};
      return;
    }
    std::ifstream in(paths[i], std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf())) {
      // An empty file reads as a failed copy; that is not an error.
      if (in && size == 0) {
        text.clear();
      } else {
        errors[i] = ParseError{"cannot read the file", Pos{intern_file_name(name)}};
        return;
      }
    }
    ParseError error;
    files[i] = ends_with(name, ".tf.json") ? parse_json(name, std::move(text).str(), error, schema, limits)
                                           : parse(name, std::move(text).str(), error, limits);
    if (!files[i]) errors[i] = std::move(error);
  });
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (files[i]) {
      out.files.push_back(std::move(files[i]));
    } else if (errors[i]) {
      out.errors.push_back(std::move(*errors[i]));
    }
  }
  return out;
}

}  // namespace iw::hcl
