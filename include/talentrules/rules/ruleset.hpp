#pragma once
/// A loaded rule pack: checked and compiled once, then immutable and safe to evaluate
/// from many threads at once.
///
///     auto loaded = talentrules::rules::RuleSet::load("rules/liangping");
///     if (!loaded.ok()) { std::cerr << render(loaded.diagnostics); return 1; }
///     auto profile = loaded.ruleset->parse_profile(json_text);
///     auto report = loaded.ruleset->evaluate(*profile.profile, {.as_of = "2025-07-01"});
///
/// Errors: problems in the pack or a profile are Diagnostics (never exceptions);
/// evaluation itself cannot fail — a rule that errors at run time yields an
/// `undetermined` decision carrying the error.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/cel/value.hpp"
#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/decision.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules {

class RuleSet;

struct LoadOptions {
    std::size_t max_pack_bytes = 16 << 20;   ///< all YAML files together
    std::size_t max_files = 1000;
};

struct LoadResult {
    std::shared_ptr<const RuleSet> ruleset;  ///< null if there are errors
    Diagnostics diagnostics;                 ///< errors and warnings
    bool ok() const { return ruleset != nullptr; }
};

/// An applicant's facts, validated against the pack's schema.
struct Profile {
    std::string applicant_id;
    /// Fact values by the pack's fact slots (absent facts are not set).
    std::vector<std::pair<std::uint32_t, cel::Value>> facts;
    std::string canonical_json;  ///< for the receipt's hash
};

struct ProfileResult {
    std::optional<Profile> profile;
    Diagnostics diagnostics;  ///< TR5xxx, naming the field
    bool ok() const { return profile.has_value(); }
};

struct EvaluateOptions {
    std::string as_of;                  ///< YYYY-MM-DD; empty = today (UTC)
    std::vector<std::string> measures;  ///< empty = all
    bool explain = true;                ///< collect condition results
};

/// Thread-safe: immutable after load.
class RuleSet {
public:
    static LoadResult load(const std::string& directory, const LoadOptions& options = {});

    /// Parses and validates a profile (JSON; YAML if `yaml`). `source` names it in errors.
    ProfileResult parse_profile(std::string_view text, std::string_view source = {},
                                bool yaml = false) const;
    ProfileResult profile_from_value(const cel::Value& object, std::string_view source = {}) const;

    Report evaluate(const Profile& profile, const EvaluateOptions& options = {}) const;

    const Pack& pack() const;
    const std::string& content_hash() const;
    /// Dependency graph in Graphviz dot.
    std::string graph_dot() const;
    /// Value of a definition or amount by name for one profile (batch --values export):
    /// definitions by name, measure amounts by measure id.
    cel::Value value_of(const Profile& profile, std::string_view name,
                        const EvaluateOptions& options = {}) const;

    ~RuleSet();
    RuleSet(const RuleSet&) = delete;
    RuleSet& operator=(const RuleSet&) = delete;

    struct Impl;
    explicit RuleSet(std::unique_ptr<Impl> impl);
    /// The compiled form, for the library's own modules (incomplete outside lib/).
    const Impl& internals() const { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

/// Today's date in UTC as YYYY-MM-DD.
std::string today();

}  // namespace talentrules::rules
