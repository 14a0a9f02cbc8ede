#include "metrics.hpp"

#include <fmt/format.h>

namespace talentrules::serve {
namespace {

// A label value: backslash, quote and newline escaped, as the text format requires.
std::string label(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\\' || c == '"') out += '\\', out += c;
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

}  // namespace

void Metrics::request(std::string_view route, int status, double seconds) {
    {
        std::lock_guard lock(mutex_);
        ++requests_[{std::string(route), status}];
    }
    std::size_t i = 0;
    while (i < buckets.size() && seconds > buckets[i]) ++i;
    latency_[i].fetch_add(1, std::memory_order_relaxed);
    latency_count_.fetch_add(1, std::memory_order_relaxed);
    latency_sum_us_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::render(const PackSnapshot* packs, std::size_t open_connections) const {
    std::string out;
    out += "# HELP talentrules_requests_total HTTP requests answered, by route and status.\n"
           "# TYPE talentrules_requests_total counter\n";
    {
        std::lock_guard lock(mutex_);
        for (const auto& [key, n] : requests_) {
            out += fmt::format("talentrules_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", label(key.first),
                               key.second, n);
        }
    }
    out += "# HELP talentrules_request_seconds Time from a complete request to its answer.\n"
           "# TYPE talentrules_request_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= buckets.size(); ++i) {
        cumulative += latency_[i].load(std::memory_order_relaxed);
        const std::string le = i < buckets.size() ? fmt::format("{}", buckets[i]) : "+Inf";
        out += fmt::format("talentrules_request_seconds_bucket{{le=\"{}\"}} {}\n", le, cumulative);
    }
    out += fmt::format("talentrules_request_seconds_sum {:.6f}\ntalentrules_request_seconds_count {}\n",
                       double(latency_sum_us_.load()) / 1e6, latency_count_.load());
    out += "# HELP talentrules_decisions_total Measure decisions answered, by outcome.\n"
           "# TYPE talentrules_decisions_total counter\n";
    for (std::size_t i = 0; i < rules::outcome_count; ++i) {
        out += fmt::format("talentrules_decisions_total{{outcome=\"{}\"}} {}\n",
                           rules::to_string(static_cast<rules::Outcome>(i)), decisions_[i].load());
    }
    out += "# HELP talentrules_reloads_total Pack reloads, by result (a failed one keeps the loaded packs).\n"
           "# TYPE talentrules_reloads_total counter\n";
    out += fmt::format("talentrules_reloads_total{{result=\"ok\"}} {}\n", reloads_ok_.load());
    out += fmt::format("talentrules_reloads_total{{result=\"failed\"}} {}\n", reloads_failed_.load());
    out += "# HELP talentrules_connections_open Connections being served.\n"
           "# TYPE talentrules_connections_open gauge\n";
    out += fmt::format("talentrules_connections_open {}\n", open_connections);
    out += "# HELP talentrules_connections_rejected_total Connections answered 503 over the connection cap.\n"
           "# TYPE talentrules_connections_rejected_total counter\n";
    out += fmt::format("talentrules_connections_rejected_total {}\n", rejected_.load());
    out += "# HELP talentrules_pack_info The loaded pack versions (value 1).\n"
           "# TYPE talentrules_pack_info gauge\n";
    if (packs) {
        for (const auto& v : packs->versions) {
            const auto& info = v->pack().info;
            out += fmt::format("talentrules_pack_info{{id=\"{}\",version=\"{}\",hash=\"{}\",from=\"{}\",to=\"{}\"}} 1\n",
                               label(info.id), label(info.version), label(v->content_hash()),
                               label(info.effective.from), label(info.effective.to));
        }
    }
    return out;
}

}  // namespace talentrules::serve
