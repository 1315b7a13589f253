//===- ThreadPool.h - Fixed-size pool for data-parallel kernels -*- C++ -*-===//
//
// Kernels split their outer loops with `parallelFor`. The calling thread
// takes a share of the work, so a pool of N threads has N-1 workers. Calls
// made from inside a worker run serially: kernels never nest parallelism.
// Idle workers spin for a short while before sleeping, because kernels are
// launched back to back and a condition-variable wake-up costs more than
// many small kernels take.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_CORE_THREADPOOL_H
#define HWC_RUNTIME_CORE_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hwc::rt {

class ThreadPool {
public:
  /// `threads` <= 0 picks the number of hardware threads.
  explicit ThreadPool(int threads = 1);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  int threadCount() const { return int(workers.size()) + 1; }

  /// Calls `body(begin, end)` on disjoint chunks covering [0, count), each at
  /// least `grain` long except the last. Rethrows the first exception.
  void parallelFor(int64_t count, int64_t grain,
                   const std::function<void(int64_t, int64_t)> &body);

private:
  void workerLoop();

  std::vector<std::thread> workers;
  std::mutex mutex;
  std::condition_variable wake, done;
  const std::function<void(int64_t, int64_t)> *task = nullptr;
  int64_t taskCount = 0, chunkSize = 0, nextChunk = 0, chunksLeft = 0;
  std::atomic<uint64_t> generation{0};
  bool stopping = false;
  std::exception_ptr firstError;
};

} // namespace hwc::rt

#endif // HWC_RUNTIME_CORE_THREADPOOL_H
