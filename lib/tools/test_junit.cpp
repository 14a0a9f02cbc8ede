// JUnit XML of rule-test runs, for CI servers (GitLab, Jenkins) that show test results
// from it: a <testsuite> per pack, a <testcase> per rule test with a <failure> per failed
// expectation, and an <error> per problem that kept a test from running (a bad test file,
// a profile outside the pack), so that nothing which failed reads as passed.

#include <fmt/format.h>

#include "talentrules/rules/testing.hpp"
#include "text/escape.hpp"

namespace talentrules::rules {
namespace {

std::string attr(std::string_view s) { return text::markup_escape(s); }

void testsuite(std::string& out, const TestRun& run, std::string_view name) {
    std::size_t errors = 0, failed_cases = 0;
    for (const auto& d : run.diagnostics) errors += d.severity == Severity::error ? 1 : 0;
    std::string cases;
    for (const auto& tc : run.cases) {
        cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"", attr(tc.file),
                             attr(tc.name), attr(tc.file), tc.position.line);
        std::string failures;
        for (const auto& f : run.failures) {
            if (f.test != &tc) continue;
            const std::string message = f.measure.empty() ? f.message : f.measure + ": " + f.message;
            failures += fmt::format("      <failure message=\"{}\" type=\"expectation\">{}</failure>\n", attr(message),
                                    text::markup_escape(f.explanation.empty() ? message : f.explanation));
        }
        if (failures.empty()) {
            cases += "/>\n";
            continue;
        }
        ++failed_cases;
        cases += ">\n" + failures + "    </testcase>\n";
    }
    for (const auto& d : run.diagnostics) {
        if (d.severity != Severity::error) continue;
        const std::string where = fmt::format("{}:{}:{}", d.file, d.position.line, d.position.column);
        cases += fmt::format(
            "    <testcase classname=\"{}\" name=\"{}\">\n      <error message=\"{}\" type=\"{}\"/>\n    </testcase>\n",
            attr(d.file), attr(where), attr(d.message), attr(d.code));
    }
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{}  </testsuite>\n",
                       attr(name), run.cases.size() + errors, failed_cases, errors, cases);
}

}  // namespace

std::string junit_xml(const std::vector<std::pair<std::string, const TestRun*>>& runs) {
    std::size_t tests = 0, failures = 0, errors = 0;
    std::string suites;
    for (const auto& [name, run] : runs) {
        if (!run) continue;
        for (const auto& d : run->diagnostics) errors += d.severity == Severity::error ? 1 : 0;
        tests += run->cases.size();
        failures += run->failed;
        testsuite(suites, *run, name);
    }
    return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{}</testsuites>\n",
                       tests + errors, failures, errors, suites);
}

}  // namespace talentrules::rules
