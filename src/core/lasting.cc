#include "core/lasting.h"

#include <mutex>
#include <vector>

namespace iw {

void keep_until_exit(std::shared_ptr<const void> object) {
  static auto* held = new std::vector<std::shared_ptr<const void>>();  // never deleted, on purpose
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  held->push_back(std::move(object));
}

}  // namespace iw
