// Objects kept until the process exits and never destroyed.
//
// A command's large structures (a snapshot, its access model, a graph) take as long to free as
// to build: tens of megabytes of small allocations. A command that is about to exit creates them
// with lasting() instead of as locals; their memory is returned by the exit itself. The holder
// stays reachable from a static, so leak checkers do not report it. Thread-safe.
#pragma once

#include <memory>
#include <utility>

namespace iw {

void keep_until_exit(std::shared_ptr<const void> object);

template <typename T, typename... Args>
T& lasting(Args&&... args) {
  auto object = std::make_shared<T>(std::forward<Args>(args)...);
  T& ref = *object;
  keep_until_exit(std::move(object));
  return ref;
}

}  // namespace iw
