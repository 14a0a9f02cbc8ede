#pragma once
/// Rule tests: YAML cases beside a pack (docs/RULES.md, "Tests") that give a profile, an
/// evaluation date and the expected decisions of chosen measures; run against a loaded
/// RuleSet, with coverage of outcomes and named conditions.
/// Thread-safe: free functions over immutable inputs.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

struct Expectation {
    std::string measure;
    std::optional<std::string> outcome;
    std::optional<std::int64_t> amount;
    std::optional<std::int64_t> months;
    std::optional<std::vector<std::string>> missing;
    std::optional<std::vector<std::string>> reasons;
    std::optional<std::vector<std::string>> services;
    std::optional<bool> not_yet;
    std::optional<std::string> recheck_on;
    std::optional<std::string> excluded_by;
};

struct TestCase {
    std::string name;
    std::string file;
    Position position;
    std::string as_of;
    bool strict = false;  ///< decide without the schema's assumptions (absent facts stay unknown)
    std::string profile_source;  ///< the profile file, or the test file for inline ones
    std::string profile_json;    ///< the profile as JSON text
    std::vector<Expectation> expect;
};

struct TestFailure {
    const TestCase* test = nullptr;
    std::string measure;
    std::string message;      ///< expected vs actual
    std::string explanation;  ///< the decision, as the caseworker text shows it
};

struct Coverage {
    struct Measure {
        std::string id;
        std::vector<std::string> outcomes_possible;
        std::vector<std::string> outcomes_seen;
        std::vector<std::string> conditions;          ///< every named condition
        std::vector<std::string> conditions_deciding; ///< that decided some case
    };
    std::vector<Measure> measures;
    std::size_t items = 0, covered = 0;
    double percent() const { return items ? 100.0 * double(covered) / double(items) : 100.0; }
};

struct TestRun {
    std::vector<TestCase> cases;
    std::vector<TestFailure> failures;
    std::size_t passed = 0, failed = 0;
    Diagnostics diagnostics;  ///< bad test files, bad profiles
    Coverage coverage;
};

/// Reads every test file under `pack_dir/tests` (or the given files/folders) and runs
/// them against `ruleset`. Failures' explanations are in `language` (zh | en).
///
/// A test's profile file is read only if it lies, links resolved, inside the pack folder,
/// a folder of `paths`, or a folder of `allow_outside`; any other (an absolute path, a
/// `../` escape, a link leading out) is TR3303 at the reference, and is never opened.
TestRun run_tests(const RuleSet& ruleset, const std::vector<std::string>& paths,
                  const std::string& language = "zh", const std::vector<std::string>& allow_outside = {});

/// JUnit XML of the runs (a pack name and its run each): a <testsuite> per run, a
/// <testcase> per test with its failures, and an <error> case per error diagnostic (a test
/// that could not run), so a CI server never shows a failure or an error as a pass.
std::string junit_xml(const std::vector<std::pair<std::string, const TestRun*>>& runs);

/// Coverage as text: per measure, the outcomes and conditions never exercised.
std::string coverage_report(const Coverage& coverage);

}  // namespace talentrules::rules
