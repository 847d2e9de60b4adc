#include "cli/input.h"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/command.h"
#include "core/source.h"

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

namespace {

// Asks for huge pages under a large buffer about to be filled: a 64 MiB input then costs a few
// dozen page faults instead of 16,000 (a third of the time to decide a large simulate batch).
void advise_huge_pages(std::string& data) {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t kHuge = 2u << 20;
  if (data.capacity() < 2 * kHuge) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data.data()) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data.data()) + data.capacity()) & ~(kHuge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
#endif
}

// Appends everything `in` holds to `data`, up to max_bytes + 1 bytes.
bool read_all(std::FILE* in, std::string& data, std::size_t max_bytes) {
  char block[1 << 16];
  while (data.size() <= max_bytes) {
    const std::size_t n = std::fread(block, 1, sizeof block, in);
    if (n > 0 && data.size() + n + SourceText::kPadding > data.capacity()) {
      data.reserve(std::max(2 * data.capacity(), data.size() + n + SourceText::kPadding));
    }
    data.append(block, n);
    if (n < sizeof block) return std::ferror(in) == 0;
  }
  return true;
}

}  // namespace

std::string read_input(const std::string& path, std::size_t max_bytes) {
  std::string data;
  if (path == "-") {
    if (!read_all(stdin, data, max_bytes)) throw InputError(path + ": read error");
  } else {
    std::FILE* in = std::fopen(path.c_str(), "rb");
    if (in == nullptr) throw InputError(path + ": cannot read: " + std::strerror(errno));
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) {
      std::fclose(in);
      throw InputError(path + ": " + std::to_string(size) + " bytes is over the limit of " +
                       std::to_string(max_bytes));
    }
    if (!ec) {
      data.reserve(size + SourceText::kPadding);
      advise_huge_pages(data);
    }
    const bool ok = read_all(in, data, max_bytes);
    std::fclose(in);
    if (!ok) throw InputError(path + ": read error");
  }
  if (data.size() > max_bytes) {
    throw InputError(path + ": input is over the limit of " + std::to_string(max_bytes) + " bytes");
  }
  return data;
}

}  // namespace iw::cli
