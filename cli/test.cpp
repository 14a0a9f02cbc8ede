// `talentrules test [DIR...] [--rules DIR] [--coverage] [--coverage-min PCT] [--junit FILE] [--lang zh|en]`: runs a pack's
// rule tests; prints each failing case with expected vs actual and the explanation, then
// `N passed, N failed`. Exits 1 on a failure or when coverage is below --coverage-min.

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "common.hpp"
#include "talentrules/rules/testing.hpp"

namespace talentrules::cli {
namespace {

struct TestOptions {
    std::vector<std::string> paths;
    std::string rules;
    bool coverage = false;
    double coverage_min = -1;
    std::string lang;  ///< --lang; empty: explanations and messages in zh
    std::vector<std::string> allow_outside;  ///< --allow-outside: folders test profiles may come from
    bool mutate = false;
    double mutate_min = -1;
    std::size_t mutate_max = 1000;
    std::string junit;  ///< --junit FILE: the runs as JUnit XML
    bool watch = false;  ///< --watch: run again whenever a file of the pack or the tests changes
};

// Writes the runs as JUnit XML to `path`; false (with a message in `lang`) when it cannot.
bool write_junit(const std::string& path, const std::vector<std::pair<std::string, rules::TestRun>>& runs, Lang lang) {
    std::vector<std::pair<std::string, const rules::TestRun*>> named;
    for (const auto& r : runs) named.emplace_back(r.first, &r.second);
    std::ofstream file(path, std::ios::binary);
    file << rules::junit_xml(named);
    file.close();
    if (file) return true;
    if (lang == Lang::zh) fmt::print(stderr, "{}: 错误：无法写入 JUnit 报告\n", path);
    else fmt::print(stderr, "{}: error: cannot write the JUnit report\n", path);
    return false;
}

int run_test(const TestOptions& o) {
    namespace fs = std::filesystem;
    // Each path is a pack folder (its tests/ are run) unless --rules names the pack; then
    // they are test files or folders, and none means the pack's own tests/.
    std::size_t passed = 0, failed = 0, errors = 0;
    bool bad_input = false, coverage_low = false;
    std::vector<std::pair<std::string, rules::TestRun>> runs;  // kept for --junit
    std::vector<std::pair<std::string, std::vector<std::string>>> jobs;
    if (o.rules.empty() && o.paths.empty()) {
        jobs.emplace_back(default_rules_dir(), std::vector<std::string>{});
    } else if (!o.rules.empty()) {
        jobs.emplace_back(o.rules, o.paths);
    } else {
        for (const auto& p : o.paths) jobs.emplace_back(p, std::vector<std::string>{});
    }
    const Lang lang = message_lang(o.lang);
    for (const auto& [pack_dir, test_paths] : jobs) {
        auto ruleset = load_pack(pack_dir, false, lang);
        if (!ruleset) {
            bad_input = true;
            ++errors;
            continue;
        }
        auto run = rules::run_tests(*ruleset, test_paths, o.lang.empty() ? "zh" : o.lang, o.allow_outside);
        print_diagnostics(run.diagnostics, nullptr, lang);
        for (const auto& f : run.failures) {
            fmt::print("FAIL {}:{}: {}{}{}\n     {}\n", f.test->file, f.test->position.line, f.test->name,
                       f.measure.empty() ? "" : " — ", f.measure, f.message);
            if (!f.explanation.empty()) {
                std::string indented;
                for (char c : f.explanation) {
                    indented += c;
                    if (c == '\n') indented += "     ";
                }
                fmt::print("     {}\n", indented);
            }
        }
        if (o.coverage || o.coverage_min >= 0) fmt::print("{}", rules::coverage_report(run.coverage));
        if (o.coverage_min >= 0 && run.coverage.percent() < o.coverage_min) {
            fmt::print("coverage {:.1f}% is below the minimum {:.1f}%\n", run.coverage.percent(), o.coverage_min);
            coverage_low = true;
        }
        // Mutants only of a pack whose tests pass: a failing test catches every mutant.
        if ((o.mutate || o.mutate_min >= 0) && run.failed == 0 && run.diagnostics.empty() &&
            !mutation_check(*ruleset, test_paths, o.allow_outside, o.mutate_min, o.mutate_max)) {
            coverage_low = true;
        }
        passed += run.passed;
        failed += run.failed;
        if (!run.diagnostics.empty()) bad_input = true;
        for (const auto& d : run.diagnostics) errors += d.severity == Severity::error ? 1 : 0;
        if (!o.junit.empty()) runs.emplace_back(ruleset->pack().info.id, std::move(run));
    }
    if (!o.junit.empty() && !write_junit(o.junit, runs, lang)) bad_input = true;
    // An error (a bad test file, an unreadable profile) is a failure too: never "0 failed"
    // when a test could not run.
    if (errors) {
        fmt::print("{} passed, {} failed ({} of them errors)\n", passed, failed + errors, errors);
    } else {
        fmt::print("{} passed, {} failed\n", passed, failed);
    }
    if (failed || coverage_low) return exit_failed;
    return bad_input ? exit_bad_input : exit_ok;
}

// --watch: run, then wait for a change under the pack and the named test paths, and run
// again, until interrupted (or nothing can be watched: the last run's status).
int watch_tests(const TestOptions& o) {
    // The pack (with its tests/) and any test files or folders named; a file's own folder.
    std::vector<std::string> roots = o.paths;
    if (!o.rules.empty()) roots.push_back(o.rules);
    if (roots.empty()) roots.push_back(default_rules_dir());
    for (auto& r : roots) {
        std::error_code ec;
        if (!std::filesystem::is_directory(r, ec)) r = std::filesystem::path(r).parent_path().string();
        if (r.empty()) r = ".";
    }
    const Lang lang = message_lang(o.lang);
    for (;;) {
        const int status = run_test(o);
        std::fputs(lang == Lang::zh ? "— 等待文件改动后重新运行（Ctrl-C 结束）\n" : "— waiting for a change to run again (Ctrl-C ends)\n",
                   stdout);
        std::fflush(stdout);
        if (!wait_for_change(roots)) return status;
    }
}

}  // namespace

void add_test_command(CLI::App& app, Runner& run) {
    auto o = std::make_shared<TestOptions>();
    auto* cmd = app.add_subcommand("test", "Run a rule pack's tests (YAML cases beside the pack)");
    cmd->add_option("paths", o->paths,
                    "Pack folders (the older form of --rules), or with --rules test files/folders");
    cmd->add_option("--rules", o->rules,
                    "The pack to test ($TALENTRULES_RULES, else rules/liangping, when no path is given)");
    cmd->add_flag("--coverage", o->coverage, "Report outcomes and conditions never exercised");
    cmd->add_option("--coverage-min", o->coverage_min, "Fail below this coverage percentage");
    cmd->add_option("--allow-outside", o->allow_outside,
                    "A folder outside the pack that tests may read profiles from (repeatable; links resolved)");
    cmd->add_option("--junit", o->junit, "Also write the results as JUnit XML to this file (for CI servers)");
    cmd->add_flag("--mutate", o->mutate, "Run the tests on small changes of the pack; list those no test catches");
    cmd->add_option("--mutate-min", o->mutate_min, "Fail below this mutation score (implies --mutate)");
    cmd->add_option("--mutate-max", o->mutate_max, "Run at most this many mutants (default 1000)");
    add_lang_option(cmd, o->lang, "Language of the failures' explanations and of messages (default zh)");
    cmd->add_flag("--watch", o->watch, "Run again whenever a file of the pack or of the named tests changes (Ctrl-C ends)");
    cmd->callback([o, &run] { run = [o] { return o->watch ? watch_tests(*o) : run_test(*o); }; });
}

}  // namespace talentrules::cli
