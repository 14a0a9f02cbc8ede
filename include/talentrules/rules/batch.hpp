#pragma once
/// Batch evaluation: one JSON profile per input line (JSONL) in, one output line per input
/// line out, in input order, evaluated on several threads over one shared RuleSet.
///
///     rules::BatchOptions o;
///     o.as_of = "2025-07-01";
///     if (auto diags = rules::check_batch_options(*ruleset, o); has_errors(diags)) …
///     auto stats = rules::run_batch(*ruleset, o, std::cin, std::cout);
///
/// Errors: a bad line (invalid JSON or UTF-8, not an object, a schema violation, a blank
/// line, a line longer than `max_line_bytes`) becomes an error record
/// `{"line":N,"error":"…"}` in its place and the run goes on. Bad options (an unknown
/// `values` name, an invalid date) are Diagnostics from check_batch_options. I/O
/// failures are reported in BatchStats; nothing throws.
/// Thread-safe: free functions over an immutable RuleSet; run_batch starts and joins its
/// own threads.

#include <atomic>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

enum class BatchFormat : std::uint8_t { json, text };

struct BatchOptions {
    std::string as_of;  ///< YYYY-MM-DD; empty = today (UTC), fixed once per run
    /// Evaluating threads; 0 = std::thread::hardware_concurrency().
    unsigned threads = 0;
    /// Non-empty: instead of reports, flat records of these values in this order:
    /// definitions by name, measure amounts by measure id (null unless eligible).
    std::vector<std::string> values;
    bool explain = true;  ///< reports carry each decision's conditions and what would change a "no" (false = --brief)
    bool strict = false;  ///< no assumptions for absent facts (--strict)
    BatchFormat format = BatchFormat::json;
    /// Language of the messages in error records (the CLI passes its --lang, default zh).
    Lang lang = Lang::en;
    std::size_t chunk_lines = 64;             ///< lines per unit of work
    std::size_t max_line_bytes = 16u << 20;  ///< longer lines are error records, never buffered
    /// Output budget of one record: a longer one is replaced by a TR6011 error record
    /// (values are cut at it while being written, so a huge value is never built whole).
    std::size_t max_record_bytes = 16u << 20;
    /// The number of the first input line (records and error records carry line numbers):
    /// 1, or N + 1 when resuming after N lines already written.
    std::uint64_t first_line = 1;
    /// Tests only: the line with this number fails as if memory ran out (0: none), to show
    /// that no exception leaves a line.
    std::uint64_t fail_line = 0;
    /// Optional interruption: once `*stop` is true the reader stops after the line it is
    /// on; every line read so far is still evaluated and written (complete lines only),
    /// then run_batch returns with BatchStats::interrupted. May be set from a signal
    /// handler (lock-free atomic). The reader notices it between lines and reads, so
    /// input from a pipe that delivers nothing is noticed at the next read or EOF.
    const std::atomic<bool>* stop = nullptr;
};

/// How far a run has got, for a progress display. Counted over lines written.
struct BatchProgress {
    std::uint64_t lines = 0;
    std::uint64_t bytes = 0;  ///< input bytes of those lines (newlines included)
    double seconds = 0;
};

struct BatchStats {
    std::uint64_t lines = 0;      ///< lines read (= lines written unless output failed)
    std::uint64_t decisions = 0;  ///< reports or value records written
    std::uint64_t errors = 0;     ///< error records written
    std::uint64_t bytes = 0;      ///< input bytes read
    double seconds = 0;
    bool read_failed = false;   ///< the input stream went bad before its end
    bool write_failed = false;  ///< the output stream went bad; the run stopped
    bool interrupted = false;   ///< BatchOptions::stop was set: the input was not read to its end
    double rate() const { return seconds > 0 ? double(lines) / seconds : 0; }
};

/// Checks the options against the pack: every `values` name must be a definition or a
/// measure id, `as_of` a valid date. Errors have code TR5201 (unknown name) or TR6001
/// (bad date, as for every request: talentrules/rules/request.hpp).
Diagnostics check_batch_options(const RuleSet& ruleset, const BatchOptions& options);

/// The output line (without the newline) for one input line; `line_number` is 1-based.
/// Sets `*is_error` when the line is an error record. Options are assumed checked;
/// `as_of` should be set (empty means today at each call).
std::string batch_line(const RuleSet& ruleset, const BatchOptions& options, std::string_view line,
                       std::uint64_t line_number, bool* is_error = nullptr);

/// Reads `in` to its end and writes one line to `out` per input line, in input order.
/// Memory is bounded by a few chunks per thread whatever the input's size. `in` is read
/// on a thread of its own and untied (`in.tie(nullptr)`) for the run, then its tie is
/// restored; `out` is written only from the calling thread; neither may be used by
/// anything else meanwhile. `progress` (optional) is called from the calling thread
/// after each chunk is written.
BatchStats run_batch(const RuleSet& ruleset, const BatchOptions& options, std::istream& in, std::ostream& out,
                     const std::function<void(const BatchProgress&)>& progress = {});

}  // namespace talentrules::rules
