#pragma once
/// A loaded rule pack: checked and compiled once, then immutable and safe to evaluate
/// from many threads at once.
///
///     auto loaded = talentrules::rules::RuleSet::load("rules/liangping");
///     if (!loaded.ok()) { std::cerr << render(loaded.diagnostics); return 1; }
///     auto profile = loaded.ruleset->parse_profile(json_text);
///     auto report = loaded.ruleset->evaluate(*profile.profile, {.as_of = "2025-07-01"});
///
/// Errors: problems in the pack or a profile are Diagnostics (never exceptions); so are
/// problems with a request (talentrules/rules/request.hpp: validate, check). Evaluation
/// itself cannot fail — a rule that errors at run time yields an `undetermined`
/// decision carrying the error.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "talentrules/cel/program.hpp"
#include "talentrules/cel/value.hpp"
#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/decision.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules {

class RuleSet;

/// Limits on the profiles a RuleSet accepts (parse_profile, profile_from_value, batch
/// lines). Each check is O(1) per value. Exceeding one is TR5005, naming the limit.
struct ProfileLimits {
    std::size_t max_bytes = 16u << 20;  ///< profile text (JSON or YAML), like batch's max_line_bytes
    std::size_t max_values = 10'000;    ///< values at any depth: fields, list items, object members
    std::size_t max_depth = 32;         ///< nesting of objects and lists
    std::size_t max_errors = 50;        ///< diagnostics reported before validation stops
};

/// Limits on what a pack may contain; see docs/RELIABILITY.md. Exceeding one is an error
/// diagnostic (TR3015 size and count, TR3016 YAML values and nesting), never a crash.
struct LoadOptions {
    std::size_t max_pack_bytes = 16 << 20;   ///< all YAML files together
    std::size_t max_files = 1000;
    /// YAML values over the whole pack, counting each use of an alias again (so an alias
    /// bomb is rejected after this many steps). The Liangping pack has about 5,000.
    std::size_t max_yaml_nodes = 500'000;
    std::size_t max_yaml_depth = 64;         ///< nesting of mappings and lists in a pack file
    /// Bytes of text in YAML values over the whole pack, each use of an alias counted
    /// again (a long string repeated through aliases).
    std::size_t max_yaml_text_bytes = 64u << 20;
    ProfileLimits profile;                   ///< kept by the RuleSet for every profile it reads
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
    bool explain = true;                ///< collect each condition's reads for the explanation
    /// For each ineligible decision, search for the nearest change of one fact that makes
    /// each failed condition hold (a few dozen evaluations of that condition per fact it
    /// reads: several times the decision's own cost; see docs/PERFORMANCE.md).
    bool would_change = true;
    /// Make no assumptions: an absent fact stays unknown even where the schema declares
    /// what its absence means.
    bool strict = false;
    cel::EvalLimits limits;             ///< bounds on each expression's evaluation (docs/LIMITS.md)
};

/// Thread-safe: immutable after load.
class RuleSet {
public:
    static LoadResult load(const std::string& directory, const LoadOptions& options = {});
    /// Loads a pack from file texts held in memory, (name, YAML text) pairs read as if
    /// they were the files of one folder; names appear in diagnostics.
    static LoadResult load_texts(const std::vector<std::pair<std::string, std::string>>& files,
                                 const LoadOptions& options = {});

    /// The limits given at load (LoadOptions::profile).
    const ProfileLimits& profile_limits() const { return profile_limits_; }

    /// Parses and validates a profile (JSON; YAML if `yaml`). `source` names it in errors.
    /// Beyond the schema (TR5001–TR5003) and the syntax (TR5004), profile_limits() apply
    /// (TR5005): size, values, nesting; invalid UTF-8, repeated keys, integers outside
    /// int64 and non-finite numbers are TR5004.
    ProfileResult parse_profile(std::string_view text, std::string_view source = {},
                                bool yaml = false) const;
    ProfileResult profile_from_value(const cel::Value& object, std::string_view source = {}) const;

    /// Decides the profile. `options` must be valid (rules::validate(ruleset, options) is
    /// empty: an existing as_of date, known measure ids); invalid options are the caller's
    /// bug and throw std::invalid_argument with the TR6xxx code and message, rather than
    /// being read as "today" or "no measures". Front ends use rules::check, which reports
    /// them as Diagnostics instead.
    Report evaluate(const Profile& profile, const EvaluateOptions& options = {}) const;

    const Pack& pack() const;
    const std::string& content_hash() const;
    /// Dependency graph in Graphviz dot.
    std::string graph_dot() const;
    /// Values of definitions (by name) and measure amounts (by measure id) for one
    /// profile, in the order named, from one evaluation (batch --values export). A
    /// definition that cannot be decided (a missing fact) is unknown; an amount is null
    /// unless the measure is eligible, exclusion groups applied as in reports; a name
    /// that is neither is an error value. Invalid `options` throw as in evaluate().
    std::vector<cel::Value> values_of(const Profile& profile, const std::vector<std::string>& names,
                                      const EvaluateOptions& options = {}) const;
    /// values_of for one name.
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
    static LoadResult finish_load(Pack pack, const LoadOptions& options, LoadResult result);

    std::unique_ptr<Impl> impl_;
    ProfileLimits profile_limits_;
};

/// Today's date in UTC as YYYY-MM-DD.
std::string today();

}  // namespace talentrules::rules
