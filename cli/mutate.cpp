// `talentrules test --mutate [--mutate-min PCT] [--mutate-max N]`: after the tests pass, the
// mutants of the pack (rules::run_mutations) and the survivors with where to catch them.

#include <fmt/format.h>

#include "commands.hpp"
#include "talentrules/rules/mutate.hpp"

namespace talentrules::cli {

bool mutation_check(const rules::RuleSet& ruleset, const std::vector<std::string>& test_paths,
                    const std::vector<std::string>& allow_outside, double min_percent, std::size_t max_mutants) {
    const auto run = rules::run_mutations(
        ruleset, {.test_paths = test_paths, .allow_outside = allow_outside, .max_mutants = max_mutants});
    fmt::print("{}", rules::mutation_report(run, ruleset.pack().directory));
    if (min_percent >= 0 && run.score() < min_percent) {
        fmt::print("mutation score {:.1f}% is below the minimum {:.1f}%\n", run.score(), min_percent);
        return false;
    }
    return true;
}

}  // namespace talentrules::cli
