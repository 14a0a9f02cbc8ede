#include "util/threads.hpp"

#include <algorithm>

namespace talentrules::util {

unsigned thread_count(unsigned requested, std::size_t items) {
    const unsigned wanted = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::clamp<std::size_t>(wanted, 1, std::max<std::size_t>(1, items)));
}

void Workers::start(unsigned count, const std::function<void(unsigned)>& work) {
    for (unsigned i = 0; i < count; ++i) threads_.emplace_back(work, i);
}

void Workers::start(std::function<void()> work) { threads_.emplace_back(std::move(work)); }

void Workers::join() {
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

void run_parallel(unsigned threads, const std::function<void(unsigned)>& work) {
    Workers workers;
    workers.start(threads > 0 ? threads - 1 : 0, [&](unsigned i) { work(i + 1); });
    work(0);
}

}  // namespace talentrules::util
