#include "cli/huge_pages.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace iw::cli {

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// The commands that read whole accounts, trees or logs; the others start faster without.
bool large(std::string_view command) {
  for (std::string_view c : {"audit", "paths", "who-can", "can", "simulate", "access", "iac", "trail", "remediate",
                             "guardrails", "demo"}) {
    if (command == c) return true;
  }
  return false;
}

bool huge_pages_available() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  std::getline(in, modes);
  return modes.find("[always]") != std::string::npos || modes.find("[madvise]") != std::string::npos;
}

// Huge pages for the heap; blocks up to 256 MiB from the heap rather than from mmap, and freed
// memory kept for reuse rather than returned: a command that frees a parsed file's tree then
// builds its model in the same, already faulted-in memory.
constexpr const char* kTunables =
    "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=268435456";

}  // namespace

void use_huge_pages_for_large_commands(int argc, char** argv) {
  if (kSanitized || argc < 2 || std::getenv("GLIBC_TUNABLES") != nullptr || !large(argv[1])) return;
  if (!huge_pages_available()) return;
  if (::setenv("GLIBC_TUNABLES", kTunables, 0) != 0) return;
  ::execv("/proc/self/exe", argv);
  ::unsetenv("GLIBC_TUNABLES");  // execv failed: go on as we are
}

}  // namespace iw::cli
