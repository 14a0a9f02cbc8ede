// `talentrules batch [--rules DIR] IN.jsonl [--as-of DATE] [--threads N] [--values A,B,...]
// [--format json|text] [--brief]`: one profile per input line, one report (or value record)
// per output line, in input order. Bad lines become `{"line":N,"error":"…"}` records. A
// summary goes to stderr at the end; a progress bar too, while running, when stderr is a
// terminal.

#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "batch_output.hpp"
#include "common.hpp"
#include "talentrules/rules/batch.hpp"

namespace talentrules::cli {
namespace {

struct BatchCliOptions {
    std::string rules = default_rules_dir();
    std::string input;
    std::string as_of;
    unsigned threads = 0;
    std::vector<std::string> values;
    std::string format = "json";
    std::string lang;  ///< --lang: of error messages, on stderr and in error records
    bool brief = false;
    bool strict = false;
    std::string output;   ///< --output FILE: written as FILE.partial, renamed on success
    bool resume = false;  ///< --resume: continue FILE.partial after its last whole record
};

// SIGINT/SIGTERM set this (lock-free, so async-signal-safe); the reader stops after the
// current line and every line read is still written. The handler resets itself
// (SA_RESETHAND): a second signal ends the process at once. SA_RESTART keeps blocked
// reads and writes going instead of failing them with EINTR.
std::atomic<bool> interrupt_requested{false};
std::atomic<int> interrupt_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

extern "C" void on_interrupt(int signal) {
    interrupt_signal.store(signal, std::memory_order_relaxed);
    interrupt_requested.store(true, std::memory_order_relaxed);
}

class InterruptHandlers {
public:
    InterruptHandlers() {
        struct sigaction sa {};
        sa.sa_handler = on_interrupt;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART | SA_RESETHAND;
        sigaction(SIGINT, &sa, &old_int_);
        sigaction(SIGTERM, &sa, &old_term_);
    }
    ~InterruptHandlers() {
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
    }
    InterruptHandlers(const InterruptHandlers&) = delete;
    InterruptHandlers& operator=(const InterruptHandlers&) = delete;

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

// Size of the input when it is a regular file (for the progress bar's ETA), else 0.
std::uint64_t input_size(const std::string& path) {
    struct stat st {};
    const int rc = path == "-" ? fstat(STDIN_FILENO, &st) : stat(path.c_str(), &st);
    return rc == 0 && S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
}

std::string duration(double seconds) {
    const auto s = static_cast<long long>(seconds + 0.5);
    if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
    if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
    return fmt::format("{}s", s);
}

int run_batch_command(const BatchCliOptions& o) {
    rules::BatchOptions options;
    options.as_of = o.as_of;
    options.threads = o.threads;
    for (auto name : o.values) {  // "tier, age" as well as "tier,age"
        const auto first = name.find_first_not_of(' ');
        const auto last = name.find_last_not_of(' ');
        if (first != std::string::npos) options.values.push_back(name.substr(first, last - first + 1));
    }
    options.explain = !o.brief;
    options.strict = o.strict;
    options.format = o.format == "text" ? rules::BatchFormat::text : rules::BatchFormat::json;
    const Lang lang = message_lang(o.lang);
    options.lang = lang;
    auto ruleset = load_pack(o.rules, false, lang);
    if (!ruleset) return exit_bad_input;
    if (auto diags = rules::check_batch_options(*ruleset, options); has_errors(diags)) {
        print_diagnostics(diags, nullptr, lang);
        return exit_bad_input;
    }

    std::ifstream file;
    std::istream* in = &std::cin;
    if (o.input != "-") {
        file.open(o.input, std::ios::binary);
        if (!file) {
            fmt::print(stderr, "{}: error: cannot read the input\n", o.input);
            return exit_bad_input;
        }
        in = &file;
    }
    if (o.resume && o.output.empty()) {
        fmt::print(stderr, "error: --resume needs --output FILE (the output of the interrupted run)\n");
        return exit_bad_input;
    }
    BatchOutput output;
    if (o.resume) {
        if (!output.resume(o.output, *ruleset, options, o.input, *in)) return exit_bad_input;
    } else if (!o.output.empty()) {
        if (options.as_of.empty()) options.as_of = rules::today();  // fixed, and kept for a resume
        if (!output.start(o.output, run_fingerprint(*ruleset, options, o.input))) return exit_bad_input;
    }

    const std::uint64_t total = input_size(o.input);
    const bool bar = isatty(STDERR_FILENO) != 0;
    double last_shown = -1;
    auto progress = [&](const rules::BatchProgress& p) {
        if (p.seconds - last_shown < 0.2) return;
        last_shown = p.seconds;
        const double rate = p.seconds > 0 ? double(p.lines) / p.seconds : 0;
        std::string line = fmt::format("\r{} lines  {:.0f}/s", p.lines, rate);
        if (total > 0 && p.bytes > 0) {
            const double done = std::min(1.0, double(p.bytes) / double(total));
            const int width = 30;
            const int filled = static_cast<int>(done * width);
            const double eta = done > 0 ? p.seconds * (1 - done) / done : 0;
            line = fmt::format("\r[{}{}] {:5.1f}%  {} lines  {:.0f}/s  ETA {}", std::string(filled, '#'),
                               std::string(width - filled, ' '), 100 * done, p.lines, rate, duration(eta));
        }
        fmt::print(stderr, "{}\x1b[K", line);
    };

    options.stop = &interrupt_requested;
    rules::BatchStats stats;
    {
        InterruptHandlers handlers;
        stats = bar ? rules::run_batch(*ruleset, options, *in, output.stream(), progress)
                    : rules::run_batch(*ruleset, options, *in, output.stream());
    }
    if (bar) fmt::print(stderr, "\r\x1b[K");
    if (output.resumed_records()) {
        fmt::print(stderr, "batch: resumed after the {} records already written\n", output.resumed_records());
    }
    fmt::print(stderr, "batch: {} lines read, {} decisions written, {} error records, {:.2f} s, {:.0f} lines/s\n",
               stats.lines, stats.decisions, stats.errors, stats.seconds, stats.rate());
    if (stats.read_failed) {
        fmt::print(stderr, "{}: error: reading the input failed after {} bytes\n", o.input, stats.bytes);
        return exit_bad_input;
    }
    if (stats.write_failed) {
        fmt::print(stderr, "error: writing the output failed; the output is incomplete\n");
        return exit_failed;
    }
    if (stats.interrupted) {
        fmt::print(stderr, "batch: interrupted; the output has one complete record for each of the first {} lines\n",
                   stats.lines + output.resumed_records());
        if (!o.output.empty()) {
            fmt::print(stderr, "batch: the records are in {}; run again with --resume to continue\n",
                       output.partial_path());
        }
        const int signal = interrupt_signal.load();
        return 128 + (signal ? signal : SIGINT);  // 130 for SIGINT, as a shell reports it
    }
    if (!output.commit()) return exit_failed;
    return exit_ok;
}

}  // namespace

void add_batch_command(CLI::App& app, Runner& run) {
    auto o = std::make_shared<BatchCliOptions>();
    auto* cmd = app.add_subcommand("batch", "Decide many applicants: JSONL profiles in, one JSON line each out");
    cmd->add_option("input", o->input, "Profiles, one JSON object per line ('-' = stdin)")->required();
    cmd->add_option("--rules", o->rules, "Rule pack folder ($TALENTRULES_RULES, else rules/liangping)");
    cmd->add_option("--as-of", o->as_of, "Evaluation date YYYY-MM-DD (default: today, fixed for the run)");
    cmd->add_option("--threads", o->threads, "Evaluating threads (default: all cores)")->check(CLI::Range(0u, 1024u));
    cmd->add_option("--values", o->values, "Only these values: definitions by name, measure amounts by id")
        ->delimiter(',');
    cmd->add_option("--format", o->format, "json (one object per line) or text (tab-separated)")
        ->check(CLI::IsMember({"json", "text"}));
    cmd->add_flag("--brief", o->brief, "Reports without the explanations and what would change a no");
    cmd->add_flag("--strict", o->strict, "Make no assumptions: facts a profile leaves out stay unknown");
    cmd->add_option("--output", o->output,
                    "Write to this file (through FILE.partial beside it, renamed when the run completes)");
    cmd->add_flag("--resume", o->resume,
                  "Continue an interrupted --output run after its last whole record (same input and options)");
    add_lang_option(cmd, o->lang, "Language of error messages (default zh)");
    cmd->callback([o, &run] { run = [o] { return run_batch_command(*o); }; });
}

}  // namespace talentrules::cli
