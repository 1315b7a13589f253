//===- ThreadPool.cpp - Fixed-size pool for data-parallel kernels ---------===//
//
// One task at a time: parallelFor publishes a chunked range, workers and the
// caller claim chunks under the mutex until none are left.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/ThreadPool.h"

#include <algorithm>
#include <chrono>

namespace hwc::rt {

static thread_local bool insidePool = false;

ThreadPool::ThreadPool(int threads) {
  if (threads <= 0)
    threads = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 1; i < threads; ++i)
    workers.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  wake.notify_all();
  for (std::thread &worker : workers)
    worker.join();
}

/// How long an idle worker polls for the next task before sleeping.
constexpr auto kSpinTime = std::chrono::microseconds(200);

void ThreadPool::workerLoop() {
  insidePool = true;
  uint64_t seen = 0;
  std::unique_lock<std::mutex> lock(mutex);
  while (true) {
    if (generation.load() == seen && !stopping) {
      lock.unlock();
      auto until = std::chrono::steady_clock::now() + kSpinTime;
      while (generation.load(std::memory_order_acquire) == seen &&
             std::chrono::steady_clock::now() < until) {
#if defined(__x86_64__)
        __builtin_ia32_pause();
#endif
      }
      lock.lock();
    }
    wake.wait(lock, [&] { return stopping || generation.load() != seen; });
    if (stopping)
      return;
    seen = generation.load();
    while (task && nextChunk * chunkSize < taskCount) {
      int64_t begin = nextChunk++ * chunkSize;
      int64_t end = std::min(taskCount, begin + chunkSize);
      const auto *body = task;
      lock.unlock();
      try {
        (*body)(begin, end);
      } catch (...) {
        std::lock_guard<std::mutex> errorLock(mutex);
        if (!firstError)
          firstError = std::current_exception();
      }
      lock.lock();
      if (--chunksLeft == 0)
        done.notify_all();
    }
  }
}

void ThreadPool::parallelFor(
    int64_t count, int64_t grain,
    const std::function<void(int64_t, int64_t)> &body) {
  if (count <= 0)
    return;
  grain = std::max<int64_t>(grain, 1);
  if (workers.empty() || insidePool || count <= grain) {
    body(0, count);
    return;
  }
  int64_t chunks = std::min<int64_t>((count + grain - 1) / grain,
                                     int64_t(threadCount()) * 4);
  std::unique_lock<std::mutex> lock(mutex);
  task = &body;
  taskCount = count;
  chunkSize = (count + chunks - 1) / chunks;
  nextChunk = 0;
  chunksLeft = (count + chunkSize - 1) / chunkSize;
  firstError = nullptr;
  ++generation;
  wake.notify_all();
  insidePool = true;
  while (nextChunk * chunkSize < taskCount) {
    int64_t begin = nextChunk++ * chunkSize;
    int64_t end = std::min(taskCount, begin + chunkSize);
    lock.unlock();
    try {
      body(begin, end);
    } catch (...) {
      std::lock_guard<std::mutex> errorLock(mutex);
      if (!firstError)
        firstError = std::current_exception();
    }
    lock.lock();
    --chunksLeft;
  }
  insidePool = false;
  done.wait(lock, [&] { return chunksLeft == 0; });
  task = nullptr;
  std::exception_ptr error = firstError;
  firstError = nullptr;
  lock.unlock();
  if (error)
    std::rethrow_exception(error);
}

} // namespace hwc::rt
