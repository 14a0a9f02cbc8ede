#pragma once
// The packs a service decides with: one or more versions (each `--rules DIR`), held as an
// immutable snapshot that a reload replaces atomically. A request keeps the snapshot it
// started with, so requests in flight finish on the old versions.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/rules/ruleset.hpp"

namespace talentrules::serve {

struct PackSnapshot {
    /// By effective start, oldest first.
    std::vector<std::shared_ptr<const rules::RuleSet>> versions;
    std::string loaded_at;  ///< UTC, RFC 3339
    /// The version that decides a request for `as_of` (YYYY-MM-DD): of those whose effective
    /// period covers it, the latest-starting; else the latest that started before it; else
    /// the earliest (whose report then says the pack is not in effect).
    const rules::RuleSet& select(std::string_view as_of) const;
};

class PackStore {
public:
    explicit PackStore(std::vector<std::string> directories);

    /// Loads every directory; the new snapshot replaces the current one only if all load
    /// without errors. Returns the rendered errors (empty on success). Reloads are
    /// serialised; readers are never blocked by one.
    std::string reload();

    /// The current snapshot (null before the first successful load).
    std::shared_ptr<const PackSnapshot> current() const;

    const std::vector<std::string>& directories() const { return directories_; }

private:
    std::vector<std::string> directories_;
    std::mutex reload_mutex_;
    mutable std::mutex mutex_;
    std::shared_ptr<const PackSnapshot> current_;
};

}  // namespace talentrules::serve
