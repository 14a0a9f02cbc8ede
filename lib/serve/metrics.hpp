#pragma once
// The service's counters, rendered in the Prometheus text format (0.0.4) at /metrics:
// requests by route and status, a latency histogram, decisions by outcome, reloads,
// open connections and the loaded pack versions.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "packs.hpp"
#include "talentrules/rules/decision.hpp"

namespace talentrules::serve {

class Metrics {
public:
    /// Upper bounds of the latency buckets, in seconds (+Inf is implied).
    static constexpr std::array<double, 14> buckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                       0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   5.0};

    void request(std::string_view route, int status, double seconds);
    void decision(rules::Outcome outcome) { decisions_[static_cast<std::size_t>(outcome)].fetch_add(1); }
    void reload(bool ok) { (ok ? reloads_ok_ : reloads_failed_).fetch_add(1); }
    void rejected_connection() { rejected_.fetch_add(1); }

    std::string render(const PackSnapshot* packs, std::size_t open_connections) const;

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;
    std::array<std::atomic<std::uint64_t>, buckets.size() + 1> latency_{};
    std::atomic<std::uint64_t> latency_count_{0};
    std::atomic<std::uint64_t> latency_sum_us_{0};
    std::array<std::atomic<std::uint64_t>, rules::outcome_count> decisions_{};
    std::atomic<std::uint64_t> reloads_ok_{0}, reloads_failed_{0}, rejected_{0};
};

}  // namespace talentrules::serve
