#include "packs.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace talentrules::serve {

const rules::RuleSet& PackSnapshot::select(std::string_view as_of) const {
    const std::string date = as_of.empty() ? rules::today() : std::string(as_of);
    const rules::RuleSet* covering = nullptr;
    const rules::RuleSet* started = nullptr;
    for (const auto& v : versions) {
        const auto& eff = v->pack().info.effective;
        if (eff.contains(date)) covering = v.get();
        if (eff.from.empty() || eff.from <= date) started = v.get();
    }
    if (covering) return *covering;
    if (started) return *started;
    return *versions.front();
}

PackStore::PackStore(std::vector<std::string> directories) : directories_(std::move(directories)) {}

std::string PackStore::reload() {
    std::lock_guard serial(reload_mutex_);
    auto next = std::make_shared<PackSnapshot>();
    std::string errors;
    for (const auto& dir : directories_) {
        auto loaded = rules::RuleSet::load(dir);
        if (!loaded.ok()) {
            for (const auto& d : loaded.diagnostics) {
                if (d.severity == Severity::error) errors += render(d);
            }
            errors += dir + ": the rule pack has errors and was not loaded\n";
            continue;
        }
        next->versions.push_back(loaded.ruleset);
    }
    if (!errors.empty()) return errors;
    if (next->versions.empty()) return "no rule pack given\n";
    std::stable_sort(next->versions.begin(), next->versions.end(), [](const auto& a, const auto& b) {
        return a->pack().info.effective.from < b->pack().info.effective.from;
    });
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    next->loaded_at = buf;
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
    return {};
}

std::shared_ptr<const PackSnapshot> PackStore::current() const {
    std::lock_guard lock(mutex_);
    return current_;
}

}  // namespace talentrules::serve
