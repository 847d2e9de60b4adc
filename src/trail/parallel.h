// Work on many files at once, results in file order.
//
// in_order(n, threads, work, done) runs work(i) for i in [0, n) on up to `threads` threads and
// calls done(i, result) on the calling thread for i = 0, 1, 2 … as each result becomes available
// (a result waits only for those before it). A thread starts item i only once done() has been
// called for every item before i - 4 × threads: results waiting for the calling thread (when
// done() is the slower part, as writing a flood of findings is) never hold more than that many
// items, whatever n. An exception from `work` or `done`
// is rethrown on the calling thread after every thread has stopped. threads 0: one per core
// (iw::thread_count); 1: all on the calling thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/parallel.h"

namespace iw::trail {

template <typename T, typename Work, typename Done>
void in_order(std::size_t n, unsigned threads, Work&& work, Done&& done) {
  threads = thread_count(threads);
  if (threads <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) done(i, work(i));
    return;
  }
  std::vector<std::optional<T>> results(n);
  std::mutex mutex;
  std::condition_variable ready, room;
  std::atomic<std::size_t> next{0};
  std::size_t consumed = 0;  // done() was called for [0, consumed) (under mutex)
  const std::size_t window = 4 * static_cast<std::size_t>(threads);
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  const auto worker = [&] {
    for (std::size_t i; !stop && (i = next++) < n;) {
      {
        std::unique_lock lock(mutex);
        room.wait(lock, [&] { return i < consumed + window || stop; });
        if (stop) break;
      }
      try {
        T result = work(i);
        std::lock_guard lock(mutex);
        results[i] = std::move(result);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
      ready.notify_all();
    }
  };
  std::vector<std::jthread> pool;
  const std::size_t count = std::min<std::size_t>(static_cast<std::size_t>(threads), n);
  for (std::size_t t = 0; t < count; ++t) pool.emplace_back(worker);
  try {
    for (std::size_t i = 0; i < n; ++i) {
      std::optional<T> result;
      {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return results[i].has_value() || failure != nullptr; });
        if (failure) break;
        result = std::move(results[i]);
        results[i].reset();
        consumed = i + 1;
      }
      room.notify_all();
      done(i, std::move(*result));
    }
  } catch (...) {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
    stop = true;
  }
  {
    std::lock_guard lock(mutex);
    stop = true;  // wakes threads waiting for room after a failure (all items are done otherwise)
  }
  room.notify_all();
  pool.clear();  // joins
  if (failure) std::rethrow_exception(failure);
}

}  // namespace iw::trail
