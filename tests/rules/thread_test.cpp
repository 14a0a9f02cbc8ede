// One shared RuleSet evaluated from many threads at once gives exactly the answers it
// gives on one thread. Part of the unit tests, and built alone as
// talentrules_thread_tests for the ThreadSanitizer run (`tsan` preset, .ci/run), where a
// data race in the evaluator, the profile parser or the batch pipeline fails the run.

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "talentrules/rules/batch.hpp"
#include "talentrules/rules/ruleset.hpp"

using namespace talentrules;
using namespace talentrules::rules;
namespace fs = std::filesystem;

namespace {

const std::string source_dir = TALENTRULES_SOURCE_DIR;

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> applicant_profiles() {
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(source_dir + "/examples/applicants")) {
        if (e.path().extension() == ".json") paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> out;
    for (const auto& p : paths) out.push_back(read(p));
    return out;
}

}  // namespace

TEST_CASE("many threads evaluating one shared rule set agree with one thread") {
    auto loaded = RuleSet::load(source_dir + "/rules/liangping");
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    const std::shared_ptr<const RuleSet> rs = loaded.ruleset;
    const auto profiles = applicant_profiles();
    REQUIRE(profiles.size() >= 8);
    const std::vector<std::string> dates = {"2025-07-01", "2022-03-15"};

    // The answers on this thread, first.
    std::vector<std::string> expected;
    for (const auto& text : profiles) {
        auto p = rs->parse_profile(text);
        REQUIRE_MESSAGE(p.ok(), render(p.diagnostics));
        for (const auto& d : dates) {
            EvaluateOptions o;
            o.as_of = d;
            expected.push_back(to_json(rs->evaluate(*p.profile, o)) + to_text(rs->evaluate(*p.profile, o), "en"));
        }
    }

    // Then 8 threads, each parsing and evaluating every profile in its own order, at once.
    constexpr unsigned threads = 8;
    constexpr int rounds = 2;
    std::atomic<int> mismatches{0};
    std::atomic<int> done{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            while (!go.load()) std::this_thread::yield();  // start together
            for (int r = 0; r < rounds; ++r) {
                for (std::size_t k = 0; k < profiles.size(); ++k) {
                    const std::size_t i = (k + t * 5) % profiles.size();
                    auto p = rs->parse_profile(profiles[i]);
                    if (!p.ok()) {
                        ++mismatches;
                        continue;
                    }
                    for (std::size_t d = 0; d < dates.size(); ++d) {
                        EvaluateOptions o;
                        o.as_of = dates[d];
                        const auto report = rs->evaluate(*p.profile, o);
                        if (to_json(report) + to_text(report, "en") != expected[i * dates.size() + d]) ++mismatches;
                        ++done;
                    }
                }
            }
        });
    }
    go = true;
    for (auto& th : pool) th.join();
    CHECK(mismatches == 0);
    CHECK(done == int(threads * rounds * profiles.size() * dates.size()));
}

TEST_CASE("batch output is the same on one thread and many, and can be interrupted from another thread") {
    auto loaded = RuleSet::load(source_dir + "/rules/liangping");
    REQUIRE(loaded.ok());
    std::string input;
    const auto profiles = applicant_profiles();
    for (int r = 0; r < 4; ++r) {
        for (const auto& p : profiles) {
            std::string line = p;
            std::replace(line.begin(), line.end(), '\n', ' ');
            input += line + "\n";
        }
        input += "{bad\n";
    }
    auto run = [&](unsigned threads, const std::atomic<bool>* stop = nullptr) {
        std::istringstream in(input);
        std::ostringstream out;
        BatchOptions o;
        o.as_of = "2025-07-01";
        o.threads = threads;
        o.chunk_lines = 3;
        o.stop = stop;
        auto stats = run_batch(*loaded.ruleset, o, in, out);
        return std::make_pair(out.str(), stats);
    };
    const auto one = run(1);
    const auto many = run(6);
    CHECK(one.first == many.first);
    CHECK(one.second.lines == many.second.lines);

    // Another thread sets the flag while the run goes on: complete records only, a prefix
    // of the full output.
    std::atomic<bool> stop{false};
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        stop = true;
    });
    const auto cut = run(4, &stop);
    stopper.join();
    CHECK(cut.first.size() <= one.first.size());
    CHECK(one.first.compare(0, cut.first.size(), cut.first) == 0);
    CHECK((cut.first.empty() || cut.first.back() == '\n'));
    CHECK(std::count(cut.first.begin(), cut.first.end(), '\n') == static_cast<long>(cut.second.lines));
}
