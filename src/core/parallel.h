// Running independent work items on a few threads: the one thread pool helper of the project.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace iw {

// Threads to use for `requested` (0: one per hardware thread; at least 1).
inline unsigned thread_count(unsigned requested = 0) {
  return requested != 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
}

// Calls fn(i) for every i in [0, n) on up to thread_count(threads) threads, the calling thread
// included, taking items in small chunks in order. When items throw, the exception of the
// lowest such index is rethrown once every thread has stopped (the same one whatever the
// threads' timing); items above it that have not started are skipped. fn must be safe to call
// concurrently for different i; results are deterministic when each i writes only its own slot.
template <typename Fn>
void parallel_for(std::size_t n, unsigned threads, Fn&& fn) {
  const std::size_t count = std::min<std::size_t>(n, thread_count(threads));
  if (count <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  const std::size_t chunk = std::max<std::size_t>(1, n / (count * 64));
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> stop{n};  // the lowest index that threw (n: none)
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    // Chunks are taken in order, so every item below a failed one has been taken already.
    for (std::size_t begin; (begin = next.fetch_add(chunk)) < stop;) {
      const std::size_t end = std::min(n, begin + chunk);
      for (std::size_t i = begin; i < end && i < stop; ++i) {
        try {
          fn(i);
        } catch (...) {
          const std::lock_guard<std::mutex> lock(error_mutex);
          if (i < stop) {
            error = std::current_exception();
            stop = i;
          }
        }
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(count - 1);
  for (std::size_t t = 1; t < count; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace iw
