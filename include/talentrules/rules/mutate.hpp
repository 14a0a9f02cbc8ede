#pragma once
/// Mutation testing of a pack's tests (`talentrules test --mutate`): small changes to the
/// loaded pack — each parameter value ±1 (a date a day earlier or later), each numeric or
/// date constant in a condition or definition ±1, each comparison `<` ↔ `<=` (`>` ↔ `>=`),
/// each required condition dropped — compiled in memory (no file is rewritten), then the
/// tests are run on each. A mutant no test catches points at a boundary nobody checks.
/// Thread-safe: free functions over immutable inputs; run_mutations starts and joins its
/// own threads.

#include <cstddef>
#include <string>
#include <vector>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

struct Mutant {
    std::string element;      ///< "parameter tier_age_limits", "measure M02-settling-in", "definition tier"
    std::string change;       ///< what was changed: "master: 40 → 41", "requires insured: >= → >"
    std::string file;         ///< pack file of the changed value or expression
    Position position;
    bool caught = false;      ///< some test failed (or could not be decided) with it
    bool invalid = false;     ///< the mutated pack does not compile (not counted)
    /// For a survivor: the profile values at the boundary a new test should use.
    std::string hint;
};

struct MutationOptions {
    std::vector<std::string> test_paths;  ///< as run_tests; empty = the pack's tests/
    std::vector<std::string> allow_outside;  ///< as run_tests: folders test profiles may come from
    /// Bound on the mutants run (in pack order); the rest are counted in `skipped`.
    std::size_t max_mutants = 1000;
    unsigned threads = 0;  ///< 0 = hardware concurrency
};

struct MutationRun {
    std::vector<Mutant> mutants;  ///< run, in pack order
    std::size_t skipped = 0;      ///< beyond max_mutants, not run
    /// Parameter values no measure reads (only rankings, which rule tests do not decide):
    /// not mutated, since no rule test could catch them.
    std::size_t unmeasured = 0;
    std::size_t caught = 0, survived = 0, invalid = 0;
    /// Caught of the valid mutants run, in percent (100 when there are none).
    double score() const {
        const std::size_t valid = caught + survived;
        return valid ? 100.0 * double(caught) / double(valid) : 100.0;
    }
};

/// Makes every mutant of `ruleset`'s pack and runs the tests against each.
MutationRun run_mutations(const RuleSet& ruleset, const MutationOptions& options = {});

/// Survivors with file:line and hint, then the score, as text for a terminal.
std::string mutation_report(const MutationRun& run, const std::string& pack_dir);

}  // namespace talentrules::rules
