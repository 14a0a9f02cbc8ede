// Mutation testing: the mini pack's mutants (parameter values ±1, constants ±1,
// comparisons flipped, conditions dropped), caught or not by its tests; a boundary test
// added for one catches exactly its mutants.

#include "talentrules/rules/mutate.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace talentrules::rules;
namespace fs = std::filesystem;

namespace {

const std::string mini = std::string(TALENTRULES_SOURCE_DIR) + "/tests/rules/packs/good/mini";

std::shared_ptr<const RuleSet> load() {
    auto loaded = RuleSet::load(mini);
    REQUIRE(loaded.ok());
    return loaded.ruleset;
}

const Mutant* find(const MutationRun& run, const std::string& element, const std::string& change) {
    const auto it = std::find_if(run.mutants.begin(), run.mutants.end(),
                                 [&](const Mutant& m) { return m.element == element && m.change == change; });
    return it == run.mutants.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("run_mutations: every kind of mutant, each caught or listed with where it is") {
    auto pack = load();
    const auto run = run_mutations(*pack, {.threads = 2});
    CHECK(run.caught + run.survived + run.invalid == run.mutants.size());
    // rent's insurance condition: `applicant.insured_months >= 3` (measures.yaml line 10).
    const auto* flip = find(run, "measure rent", "requires insured: >= → >");
    REQUIRE(flip);
    CHECK(flip->position.line == 10);
    CHECK(flip->file.ends_with("measures.yaml"));
    CHECK(flip->hint.find("applicant.insured_months") != std::string::npos);
    CHECK(find(run, "measure rent", "requires insured: 3 → 4"));
    CHECK(find(run, "measure rent", "requires insured: condition dropped"));
    CHECK(find(run, "parameter rent_monthly", "B: 500 → 501"));
    CHECK(run.score() < 100.0);
    // The same run again: the same mutants, the same verdicts (threads do not matter).
    const auto again = run_mutations(*pack, {.threads = 1});
    REQUIRE(again.mutants.size() == run.mutants.size());
    for (std::size_t i = 0; i < run.mutants.size(); ++i) CHECK(again.mutants[i].caught == run.mutants[i].caught);
    const auto bounded = run_mutations(*pack, {.max_mutants = 3});
    CHECK(bounded.mutants.size() == 3);
    CHECK(bounded.skipped == run.mutants.size() - 3);
    CHECK(mutation_report(run, mini).find("mutation score") != std::string::npos);
}

TEST_CASE("run_mutations: a test at the boundary catches the boundary's mutants") {
    auto pack = load();
    const auto before = run_mutations(*pack, {});
    const auto* was = find(before, "measure rent", "requires insured: >= → >");
    REQUIRE(was);
    REQUIRE_FALSE(was->caught);
    // Insured exactly 3 months: eligible with >= 3, not with > 3 or >= 4.
    const fs::path dir = fs::temp_directory_path() / ("talentrules_mutate_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "boundary.yaml") << R"(tests:
  - name: insured exactly 3 months
    as_of: 2025-07-01
    profile: {applicant_id: B1, birth_date: "1990-01-01", highest_degree: 硕士, honors: [], insured_months: 3, owns_home: false}
    expect:
      rent: {outcome: eligible}
)";
    std::vector<std::string> paths{mini + "/tests", (dir / "boundary.yaml").string()};
    const auto after = run_mutations(*pack, {.test_paths = paths});
    fs::remove_all(dir);
    const auto* now = find(after, "measure rent", "requires insured: >= → >");
    REQUIRE(now);
    CHECK(now->caught);
    CHECK(find(after, "measure rent", "requires insured: 3 → 4")->caught);
    CHECK(after.score() > before.score());
}
