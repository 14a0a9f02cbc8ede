// Batch evaluation of JSONL: a reader thread cuts the input into chunks of lines, worker
// threads turn each chunk into output lines, and the calling thread writes finished chunks
// in input order. At most `in_flight` chunks exist at once, so memory stays flat however
// long the input is.

#include "talentrules/rules/batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <istream>
#include <memory>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <thread>

#include "diagnostics/catalogue.hpp"
#include "rules/compile/functions.hpp"
#include "rules/load/load_yaml.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/request.hpp"
#include "talentrules/rules/value_plan.hpp"
#include "text/escape.hpp"
#include "util/threads.hpp"

namespace talentrules::rules {
namespace {

using cel::Value;

// `diagnostics`: the JSON array of a profile's problems (diagnostics_to_json), when the
// line was a profile that does not fit the schema.
std::string error_record(std::uint64_t line_number, std::string_view message, BatchFormat format,
                         std::string_view diagnostics = {}) {
    std::string out;
    if (format == BatchFormat::text) {
        out = fmt::format("{}\t\terror: ", line_number);
        text::append_escaped(out, message);
        return out;
    }
    out = fmt::format("{{\"line\":{},\"error\":", line_number);
    append_json_string(out, message);
    if (!diagnostics.empty()) {
        out += ",\"diagnostics\":";
        out += diagnostics;
    }
    out += '}';
    return out;
}

// A value as one flat JSON item: dates as "YYYY-MM-DD", unknown and error as null.
// Thrown when one value alone is over the record's budget; process_line turns it into
// the TR6011 error record.
struct RecordTooLarge {};

// Within `budget` bytes (value_to_json's cut-off form beyond it): a value shared many
// times over can print as gigabytes.
void append_flat(std::string& out, const Value& v, std::size_t budget) {
    if (v.is_unknown() || v.is_error()) {
        out += "null";
    } else if (v.is_timestamp() && v.as_timestamp().seconds % 86400 == 0 && v.as_timestamp().nanos == 0) {
        append_json_string(out, format_date(v.as_timestamp()));
    } else {
        std::string json = value_to_json(v, budget);
        if (json == fmt::format("{{\"error\":\"value larger than {} bytes\"}}", budget)) throw RecordTooLarge{};
        out += json;
    }
}

// A value as one tab-separated field: strings bare, null/unknown/error empty.
void append_field(std::string& out, const Value& v, std::size_t budget) {
    std::string s;
    if (v.is_null() || v.is_unknown() || v.is_error()) return;
    if (v.is_string()) {
        s = std::string(v.as_string());
    } else {
        append_flat(s, v, budget);
        if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    }
    text::append_escaped(out, s);
}

std::string values_line(const RuleSet& ruleset, const BatchOptions& options, const Profile& profile,
                        std::uint64_t line_number) {
    EvaluateOptions eo;
    eo.as_of = options.as_of;
    eo.explain = false;
    eo.would_change = false;
    eo.strict = options.strict;
    const std::vector<Value> values = ruleset.values_of(profile, options.values, eo);
    std::string out;
    if (options.format == BatchFormat::text) {
        out = fmt::format("{}\t", line_number);
        text::append_escaped(out, profile.applicant_id);
        for (const auto& v : values) {
            out += '\t';
            append_field(out, v, options.max_record_bytes);
        }
        return out;
    }
    out = "{\"id\":";
    if (profile.applicant_id.empty()) out += "null";
    else append_json_string(out, profile.applicant_id);
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += ',';
        append_json_string(out, options.values[i]);
        out += ':';
        append_flat(out, values[i], options.max_record_bytes);
    }
    out += '}';
    return out;
}

// The text form of a report: line, id, the five outcome counts (eligible, ineligible, refer, undetermined, not_applicable), then the eligible
// measures with their amounts ("M04-rent-subsidy=1500x36").
std::string report_text(const Report& report, std::uint64_t line_number) {
    std::size_t counts[outcome_count] = {};
    std::string eligible;
    for (const auto& d : report.decisions) {
        ++counts[static_cast<int>(d.outcome)];
        if (d.outcome != Outcome::eligible) continue;
        if (!eligible.empty()) eligible += ' ';
        eligible += d.measure;
        if (d.amount) eligible += fmt::format("={}", *d.amount);
        if (d.amount && d.months) eligible += fmt::format("x{}", *d.months);
    }
    const std::string id = text::escape_controls(report.applicant_id);
    return fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", line_number, id, counts[0], counts[1], counts[2], counts[3],
                       counts[4], eligible);
}

void process_profile_line(const RuleSet& ruleset, const BatchOptions& options, std::string_view line,
                          std::uint64_t line_number, std::string& out, bool& is_error) {
    is_error = true;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
        out += error_record(line_number, "blank line (expected one JSON profile per line)", options.format);
        return;
    }
    auto parsed = ruleset.parse_profile(line);
    if (!parsed.ok()) {
        std::string message;  // every problem at once, each with its pointer
        for (const auto& d : parsed.diagnostics) {
            if (d.severity != Severity::error) continue;
            if (!message.empty()) message += "; ";
            message += d.code;
            if (!d.pointer.empty()) message += " (" + d.pointer + ")";
            message += ": " + message_in(d, options.lang);
        }
        out += error_record(line_number, message, options.format, diagnostics_to_json(parsed.diagnostics, options.lang));
        return;
    }
    is_error = false;
    if (!options.values.empty()) {
        out += values_line(ruleset, options, *parsed.profile, line_number);
        return;
    }
    EvaluateOptions eo;
    eo.as_of = options.as_of;
    eo.explain = options.explain;
    eo.would_change = options.explain;  // a brief batch is for throughput
    eo.strict = options.strict;
    const Report report = ruleset.evaluate(*parsed.profile, eo);
    if (options.format == BatchFormat::text) {
        out += report_text(report, line_number);
        return;
    }
    append_json(out, report, options.explain);
}

// Appends the output line for one input line (without the newline) to `out`. Options
// that check_batch_options would refuse (evaluate throws on them) make each line an
// error record rather than end the process from a worker thread.
//
// No exception leaves a line (a worker thread would end the process): running out of
// memory, or a failure injected by a test (BatchOptions::fail_line), is that line's
// error record. A record over max_record_bytes is replaced by a TR6011 error record.
void process_line(const RuleSet& ruleset, const BatchOptions& options, std::string_view line,
                  std::uint64_t line_number, std::string& out, bool& is_error) {
    const std::size_t start = out.size();
    auto replace = [&](std::string_view message) {
        out.resize(start);
        is_error = true;
        out += error_record(line_number, message, options.format);
    };
    auto over = [&](const std::string& size) {
        replace("TR6011: " + message_in(diagnostics::make_diagnostic("TR6011", "over", {size, options.max_record_bytes}),
                                        options.lang));
    };
    try {
        if (options.fail_line == line_number) throw std::bad_alloc();
        process_profile_line(ruleset, options, line, line_number, out, is_error);
        if (out.size() - start > options.max_record_bytes) {
            const auto size = out.size() - start;
            out.resize(start);
            out.shrink_to_fit();
            over(std::to_string(size));
        }
    } catch (const RecordTooLarge&) {
        over(fmt::format("more than {}", options.max_record_bytes));
    } catch (const std::invalid_argument& e) {
        replace(e.what());
    } catch (const std::bad_alloc&) {
        replace("TR6011: out of memory while writing this record");
    } catch (const std::exception& e) {
        replace(fmt::format("internal error: {}", e.what()));
    }
}

// One unit of work: consecutive input lines and, once done, their output.
struct Chunk {
    std::uint64_t first_line = 0;
    std::string data;                                        // the lines' bytes, back to back
    std::vector<std::pair<std::size_t, std::size_t>> lines;  // offset, length; npos offset = too long
    std::uint64_t bytes = 0;                                 // input bytes, newlines included
    std::string out;  // the output lines, newlines included
    std::uint64_t errors = 0;
    bool done = false;
};

constexpr std::size_t too_long = static_cast<std::size_t>(-1);

class Pipeline {
public:
    Pipeline(const RuleSet& ruleset, const BatchOptions& options)
        : ruleset_(ruleset), options_(options) {
        threads_ = util::thread_count(options.threads);
        in_flight_ = 2 * std::size_t(threads_) + 2;
        chunk_lines_ = std::max<std::size_t>(1, options.chunk_lines);
        if (!options.values.empty() && options.format == BatchFormat::json) {
            fast_ = ValuePlan::compile(ruleset, options.values, options.as_of);
            // A typed line takes well under a microsecond: 64-line chunks would change
            // hands every few microseconds, and the threads would mostly wait on each other.
            if (fast_->fast()) chunk_lines_ = std::max(chunk_lines_, typed_chunk_lines);
        }
    }

    BatchStats run(std::istream& in, std::ostream& out, const std::function<void(const BatchProgress&)>& progress) {
        const auto start = std::chrono::steady_clock::now();
        auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
        util::Workers workers, reader;
        workers.start(threads_, [this](unsigned) { work(); });
        reader.start([this, &in] { read(in); });

        BatchProgress shown;
        for (;;) {
            std::shared_ptr<Chunk> chunk;
            {
                std::unique_lock lock(mutex_);
                done_cv_.wait(lock, [&] { return (!order_.empty() && order_.front()->done) || (order_.empty() && eof_); });
                if (order_.empty()) break;
                chunk = std::move(order_.front());
                order_.pop_front();
            }
            space_cv_.notify_one();
            // Whole records per write: the chunk goes out in one call and is flushed, so a
            // stream that writes each call at once (the CLI's) never ends in a partial record.
            out.write(chunk->out.data(), static_cast<std::streamsize>(chunk->out.size()));
            out.flush();
            if (!out) {
                stats_.write_failed = true;
                stop();  // the reader and the workers give up; unwritten chunks are dropped
                break;
            }
            stats_.errors += chunk->errors;
            stats_.decisions += chunk->lines.size() - chunk->errors;
            shown.lines += chunk->lines.size();
            shown.bytes += chunk->bytes;
            shown.seconds = elapsed();
            recycle(std::move(chunk));
            if (progress) {
                try {
                    progress(shown);
                } catch (...) {
                    stop();  // so the workers' group can join them as the exception leaves
                    throw;
                }
            }
        }
        out.flush();
        if (!out) stats_.write_failed = true;
        reader.join();
        workers.join();
        stats_.seconds = elapsed();
        return stats_;
    }

private:
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopped_ = true;
        }
        space_cv_.notify_all();
        work_cv_.notify_all();
    }

    // Written chunks are reused with their buffers' capacity: a fresh multi-megabyte
    // buffer per chunk cost page faults that serialised the threads in the kernel.
    void recycle(std::shared_ptr<Chunk> chunk) {
        constexpr std::size_t keep_bytes = 8u << 20;  // an outsized chunk's buffers are freed
        chunk->first_line = 0;
        chunk->lines.clear();
        chunk->bytes = 0;
        chunk->errors = 0;
        chunk->done = false;
        chunk->data.clear();
        chunk->out.clear();
        if (chunk->data.capacity() > keep_bytes) chunk->data.shrink_to_fit();
        if (chunk->out.capacity() > keep_bytes) chunk->out.shrink_to_fit();
        std::lock_guard lock(mutex_);
        spare_.push_back(std::move(chunk));
    }

    std::shared_ptr<Chunk> fresh_chunk(std::uint64_t first_line) {
        std::shared_ptr<Chunk> chunk;
        {
            std::lock_guard lock(mutex_);
            if (!spare_.empty()) {
                chunk = std::move(spare_.back());
                spare_.pop_back();
            }
        }
        if (!chunk) chunk = std::make_shared<Chunk>();
        chunk->first_line = first_line;
        return chunk;
    }

    // Hands a full chunk over; blocks while `in_flight_` chunks are not yet written.
    bool submit(std::shared_ptr<Chunk> chunk) {
        std::unique_lock lock(mutex_);
        space_cv_.wait(lock, [&] { return order_.size() < in_flight_ || stopped_; });
        if (stopped_) return false;
        order_.push_back(chunk);
        work_.push_back(std::move(chunk));
        work_cv_.notify_one();
        return true;
    }

    void finish_input() {
        {
            std::lock_guard lock(mutex_);
            eof_ = true;
        }
        work_cv_.notify_all();
        done_cv_.notify_all();
    }

    void read(std::istream& in) {
        std::vector<char> buffer(1 << 20);
        const std::uint64_t before = options_.first_line > 0 ? options_.first_line - 1 : 0;  // lines of an earlier run
        std::uint64_t line_number = before;
        auto chunk = fresh_chunk(before + 1);
        std::string partial;       // the current line so far, across reads
        bool overlong = false;     // the current line passed max_line_bytes: skip to its end
        bool have_partial = false; // some bytes of the current line were read
        // Ends the current line: `whole` when it lies within one read (copied once, straight
        // into the chunk), else the bytes gathered in `partial`.
        auto end_line = [&](std::uint64_t bytes, std::string_view whole = {}) -> bool {
            ++line_number;
            if (overlong) {
                chunk->lines.emplace_back(too_long, 0);
            } else {
                std::string_view line = whole.data() ? whole : std::string_view(partial);
                if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
                chunk->lines.emplace_back(chunk->data.size(), line.size());
                chunk->data += line;
            }
            chunk->bytes += bytes;
            partial.clear();
            overlong = false;
            have_partial = false;
            if (chunk->lines.size() >= chunk_lines_ || chunk->data.size() >= (1u << 20)) {
                if (!submit(std::move(chunk))) return false;
                chunk = fresh_chunk(line_number + 1);
            }
            return true;
        };
        std::uint64_t line_bytes = 0;
        bool go = true;
        // Interruption (options_.stop): stop reading after a complete line; what was read
        // is still evaluated and written, a partial last line is dropped.
        auto interrupted = [&] {
            if (!options_.stop || !options_.stop->load(std::memory_order_relaxed)) return false;
            stats_.interrupted = true;
            return true;
        };
        while (go && in && !interrupted()) {
            in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            const auto got = static_cast<std::size_t>(in.gcount());
            if (got == 0) break;
            stats_.bytes += got;
            std::size_t pos = 0;
            while (pos < got) {
                const char* nl = static_cast<const char*>(std::memchr(buffer.data() + pos, '\n', got - pos));
                const std::size_t end = nl ? static_cast<std::size_t>(nl - buffer.data()) : got;
                const std::size_t n = end - pos;
                line_bytes += n;
                have_partial = have_partial || n > 0;
                const bool whole_line = nl && !overlong && partial.empty() && n <= options_.max_line_bytes;
                if (!overlong && !whole_line) {
                    if (partial.size() + n > options_.max_line_bytes) {
                        overlong = true;
                        partial.clear();
                        partial.shrink_to_fit();
                    } else {
                        partial.append(buffer.data() + pos, n);
                    }
                }
                if (!nl) break;
                const auto whole = whole_line ? std::string_view(buffer.data() + pos, n) : std::string_view{};
                pos = end + 1;
                if (!end_line(line_bytes + 1, whole)) {
                    go = false;
                    break;
                }
                line_bytes = 0;
                if (interrupted()) break;
            }
        }
        if (!in.eof() && !in) stats_.read_failed = true;
        if (go && have_partial && !stats_.interrupted) go = end_line(line_bytes);  // a last line without a newline
        if (go && !chunk->lines.empty()) submit(std::move(chunk));
        stats_.lines = line_number - before;
        finish_input();
    }

    void work() {
        for (;;) {
            std::shared_ptr<Chunk> chunk;
            {
                std::unique_lock lock(mutex_);
                work_cv_.wait(lock, [&] { return !work_.empty() || eof_ || stopped_; });
                if (stopped_ || work_.empty()) return;
                chunk = std::move(work_.front());
                work_.pop_front();
            }
            std::uint64_t number = chunk->first_line;
            chunk->out.reserve(chunk->data.size());
            for (const auto& [offset, length] : chunk->lines) {
                bool is_error = true;
                if (offset == too_long) {
                    chunk->out += error_record(number, fmt::format("line longer than {} bytes", options_.max_line_bytes),
                                               options_.format);
                } else {
                    const auto line = std::string_view(chunk->data).substr(offset, length);
                    const std::size_t start = chunk->out.size();
                    bool typed = false;
                    try {
                        typed = fast_ && fast_->append_record(line, chunk->out);
                    } catch (const std::exception&) {  // out of memory: the general path reports it
                        chunk->out.resize(start);
                    }
                    if (typed && chunk->out.size() - start <= options_.max_record_bytes) {
                        is_error = false;
                    } else {
                        chunk->out.resize(start);  // over the budget: the general path says so
                        process_line(ruleset_, options_, line, number, chunk->out, is_error);
                    }
                }
                chunk->out += '\n';
                chunk->errors += is_error;
                ++number;
            }
            {
                std::lock_guard lock(mutex_);
                chunk->done = true;
            }
            done_cv_.notify_one();
        }
    }

    const RuleSet& ruleset_;
    const BatchOptions& options_;
    std::shared_ptr<const ValuePlan> fast_;  // the typed path for --values; null otherwise
    unsigned threads_ = 1;
    std::size_t in_flight_ = 4;
    std::size_t chunk_lines_ = 64;
    static constexpr std::size_t typed_chunk_lines = 1024;  // larger chunks cost more page faults than handovers

    std::mutex mutex_;
    std::condition_variable work_cv_, done_cv_, space_cv_;
    std::deque<std::shared_ptr<Chunk>> order_;  // every chunk not yet written, in input order
    std::deque<std::shared_ptr<Chunk>> work_;   // chunks no worker has taken yet
    std::vector<std::shared_ptr<Chunk>> spare_; // written chunks, to reuse
    bool eof_ = false;
    bool stopped_ = false;
    BatchStats stats_;  // lines/bytes/read_failed by the reader (read after join); the rest by the writer
};

}  // namespace

Diagnostics check_batch_options(const RuleSet& ruleset, const BatchOptions& options) {
    Diagnostics diags;
    EvaluateOptions evaluate;  // the date is judged as every request's is (TR6001)
    evaluate.as_of = options.as_of;
    diags = validate(ruleset, evaluate);
    const Pack& pack = ruleset.pack();
    for (const auto& name : options.values) {
        const bool known =
            std::any_of(pack.definitions.begin(), pack.definitions.end(), [&](const Definition& d) { return d.name == name; }) ||
            std::any_of(pack.measures.begin(), pack.measures.end(), [&](const Measure& m) { return m.id == name; });
        if (!known) diags.push_back(diagnostics::make_diagnostic("TR5201", "unknown", {name, pack.info.id}));
    }
    return diags;
}

std::string batch_line(const RuleSet& ruleset, const BatchOptions& options, std::string_view line,
                       std::uint64_t line_number, bool* is_error) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    bool error = true;
    std::string out;
    if (line.size() > options.max_line_bytes) {
        out = error_record(line_number, fmt::format("line longer than {} bytes", options.max_line_bytes), options.format);
    } else {
        process_line(ruleset, options, line, line_number, out, error);
    }
    if (is_error) *is_error = error;
    return out;
}

BatchStats run_batch(const RuleSet& ruleset, const BatchOptions& options, std::istream& in, std::ostream& out,
                     const std::function<void(const BatchProgress&)>& progress) {
    BatchOptions fixed = options;
    if (fixed.as_of.empty()) fixed.as_of = today();  // one date for the whole run
    // std::cin is tied to std::cout: every read would flush `out` from the reader thread
    // while the calling thread writes to it (a data race that duplicated output).
    std::ostream* tied = in.tie(nullptr);
    Pipeline pipeline(ruleset, fixed);
    auto stats = pipeline.run(in, out, progress);
    in.tie(tied);
    return stats;
}

}  // namespace talentrules::rules
