// Reading a test's data files whole.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace iw::test {

// The bytes of `path` ("" when it cannot be read: the test's own assertions then fail).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace iw::test
