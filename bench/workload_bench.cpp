// The shared eligibility workload (../shared/bench/WORKLOAD.md) through talentrules, as a
// "native engine" for ../shared/bench/check.sh (the contract in its README):
//
//   talentrules_workload [--rules DIR] [--threads N] --timing < profiles.jsonl > records.jsonl
//       End to end through the batch pipeline that `talentrules batch --values` runs: read,
//       parse, decide, serialize, write. Prints `end_to_end ... decisions_per_sec=X` on
//       stderr, timed from before reading stdin to after the last byte is written (pack
//       loading is set-up, printed as setup_ms).
//   talentrules_workload [--rules DIR] --bench-decide REPS [--out FILE] [--explain|--cells] < profiles.jsonl
//       Parses every profile once into the value plan's compact rows, then times the
//       decision loop alone REPS times (after one untimed warm-up pass) and prints the
//       median as `decide_only ... decisions_per_sec=X`; --out writes the records of the
//       last pass. A record is one code per value where the plan allows it (the position
//       of the value among its possible values, as the reference keeps the tier as an
//       enum); --cells keeps whole values (16-byte cells) instead. --explain records, per
//       value, which table row decided it (the plan's trace) as well, to state what
//       explanations cost.
//
// The decision is the rule pack bench/workload (rule language, not C++), evaluated through
// the public API (rules::RuleSet, rules::ValuePlan, rules::run_batch).

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/batch.hpp"
#include "talentrules/rules/ruleset.hpp"
#include "talentrules/rules/value_plan.hpp"

namespace {

using namespace talentrules;
using Clock = std::chrono::steady_clock;

const std::vector<std::string> workload_values = {"tier",          "settle_subsidy",        "apartment_eligible",
                                                  "apartment_score", "medical_green_channel", "rent_subsidy"};
constexpr const char* as_of = "2025-07-01";  // the workload has no dates; any date decides the same

int usage() {
    std::fprintf(stderr,
                 "usage: talentrules_workload [--rules DIR] [--threads N] --timing < profiles > records\n"
                 "       talentrules_workload [--rules DIR] --bench-decide REPS [--out FILE] [--explain|--cells] < profiles\n");
    return 2;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int timing(const rules::RuleSet& ruleset, unsigned threads, double setup_ms) {
    std::ios::sync_with_stdio(false);
    rules::BatchOptions options;
    options.as_of = as_of;
    options.values = workload_values;
    options.threads = threads;
    const auto start = Clock::now();
    const auto stats = rules::run_batch(ruleset, options, std::cin, std::cout);
    std::cout.flush();
    const double s = seconds_since(start);
    if (stats.read_failed || stats.write_failed || stats.errors != 0) {
        fmt::print(stderr, "talentrules_workload: {} error records, read failed {}, write failed {}\n", stats.errors,
                   stats.read_failed, stats.write_failed);
        return 1;
    }
    fmt::print(stderr, "end_to_end profiles={} seconds={:.6f} threads={} setup_ms={:.1f} decisions_per_sec={:.0f}\n",
               stats.lines, s, threads ? threads : std::max(1u, std::thread::hardware_concurrency()), setup_ms,
               double(stats.lines) / s);
    return 0;
}

int bench_decide(const rules::RuleSet& ruleset, int reps, const std::string& out_path, bool explain, bool force_cells) {
    auto plan = rules::ValuePlan::compile(ruleset, workload_values, as_of);
    if (!plan->fast()) {
        fmt::print(stderr, "talentrules_workload: the typed path does not cover the pack: {}\n", plan->why_not_fast());
        return 1;
    }
    std::string input;
    struct stat st {};
    if (fstat(0, &st) == 0 && S_ISREG(st.st_mode)) input.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[1 << 16];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, stdin)) > 0;) input.append(buffer, got);
    rules::ValuePlan::Rows rows;
    const std::size_t lines = static_cast<std::size_t>(std::count(input.begin(), input.end(), '\n')) + 1;
    rows.bytes.reserve(lines * plan->row_bytes());
    rows.ids.reserve(lines);
    std::size_t line_number = 0;
    for (std::size_t at = 0; at < input.size();) {
        std::size_t end = input.find('\n', at);
        if (end == std::string::npos) end = input.size();
        ++line_number;
        if (!plan->parse_row(std::string_view(input).substr(at, end - at), rows)) {
            fmt::print(stderr, "talentrules_workload: line {} does not take the typed path\n", line_number);
            return 1;
        }
        at = end + 1;
    }
    const std::size_t n = rows.size();
    const std::size_t width = plan->names().size();
    // The decision records: one byte per value (its position in the value's palette) where
    // every value is a table lookup, as the reference keeps tier as an enum; otherwise cells,
    // and cells when explaining (the trace is kept beside them).
    const bool coded = plan->coded() && !explain && !force_cells;
    std::vector<std::uint8_t> codes(coded ? n * width : 0);
    std::vector<rules::ValuePlan::Cell> cells(coded ? 0 : n * width);
    const std::size_t tw = plan->trace_width();
    std::vector<std::uint8_t> trace(explain ? n * tw : 0);
    auto pass = [&] {
        std::size_t failed = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const bool ok = coded     ? plan->decide_codes(rows, i, &codes[i * width])
                            : explain ? plan->decide_traced(rows, i, &cells[i * width], &trace[i * tw])
                                      : plan->decide(rows, i, &cells[i * width]);
            failed += !ok;
        }
        return failed;
    };
    if (pass() != 0) {
        fmt::print(stderr, "talentrules_workload: some rows need the general path\n");
        return 1;
    }
    std::vector<double> ns;
    for (int r = 1; r <= reps; ++r) {
        const auto t = Clock::now();
        pass();
        ns.push_back(seconds_since(t) * 1e9 / double(n));
        fmt::print("decide_only rep={} ns_per_decision={:.2f}\n", r, ns.back());
    }
    std::sort(ns.begin(), ns.end());
    const double median = ns[ns.size() / 2];
    fmt::print(
        "decide_only profiles={} reps={} explain={} records={} median_ns_per_decision={:.2f} decisions_per_sec={:.0f}\n",
        n, reps, explain, coded ? "codes" : "cells", median, 1e9 / median);
    if (!out_path.empty()) {
        std::string text;
        text.reserve(n * 160);
        std::vector<rules::ValuePlan::Cell> record(width);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t k = 0; k < width; ++k) record[k] = coded ? plan->palette(k)[codes[i * width + k]] : cells[i * width + k];
            plan->write_record(rows, i, record.data(), text);
            text += '\n';
        }
        std::ofstream out(out_path, std::ios::binary);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out) {
            fmt::print(stderr, "talentrules_workload: cannot write {}\n", out_path);
            return 1;
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string rules_dir = TALENTRULES_SOURCE_DIR "/bench/workload";
    std::string out_path;
    int reps = 0;
    unsigned threads = 0;
    bool timing_mode = false, explain = false, cells = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        if (a == "--timing") timing_mode = true;
        else if (a == "--explain") explain = true;
        else if (a == "--cells") cells = true;
        else if (a == "--bench-decide") {
            const char* v = next();
            if (!v || (reps = std::atoi(v)) < 1) return usage();
        } else if (a == "--out") {
            const char* v = next();
            if (!v) return usage();
            out_path = v;
        } else if (a == "--rules") {
            const char* v = next();
            if (!v) return usage();
            rules_dir = v;
        } else if (a == "--threads") {
            const char* v = next();
            if (!v) return usage();
            threads = static_cast<unsigned>(std::atoi(v));
        } else {
            return usage();
        }
    }
    if (timing_mode == (reps > 0)) return usage();
    const auto start = Clock::now();
    auto loaded = rules::RuleSet::load(rules_dir);
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics) fmt::print(stderr, "{}: error[{}]: {}\n", d.file, d.code, d.message);
        return 1;
    }
    const double setup_ms = seconds_since(start) * 1e3;
    return timing_mode ? timing(*loaded.ruleset, threads, setup_ms)
                       : bench_decide(*loaded.ruleset, reps, out_path, explain, cells);
}
