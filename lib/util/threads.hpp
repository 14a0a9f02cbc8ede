#pragma once
// The library's one way to fan work out over threads (batch, diff): how many threads a
// request for N means, and a group of workers that always joins. Thread-safe: free
// functions; a Workers object belongs to the thread that made it.

#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace talentrules::util {

/// Threads to use: `requested`, or one per core when 0; at most `items` (a thread with
/// nothing to do is not started), at least 1.
unsigned thread_count(unsigned requested, std::size_t items = static_cast<std::size_t>(-1));

/// Threads started together and joined when the group ends (also on an exception), so
/// none can outlive the data it works on.
class Workers {
public:
    Workers() = default;
    ~Workers() { join(); }
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;

    /// Starts `count` threads running `work(index)`, index 0..count-1.
    void start(unsigned count, const std::function<void(unsigned)>& work);
    /// Starts one thread running `work()`.
    void start(std::function<void()> work);
    void join();

private:
    std::vector<std::thread> threads_;
};

/// Runs `work(t)` for t in 0..threads-1: on threads-1 new threads and the calling one;
/// returns when all are done.
void run_parallel(unsigned threads, const std::function<void(unsigned)>& work);

}  // namespace talentrules::util
