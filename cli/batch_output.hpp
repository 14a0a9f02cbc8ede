#pragma once
// Where `talentrules batch` writes: standard output, or with `--output FILE` a file
// beside FILE (FILE.partial) renamed to FILE on success, and `--resume` to continue a
// killed run after its last whole record. Records go out whole: one write(2) per buffer
// of whole records (the library hands over whole chunks and flushes after each).

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "talentrules/rules/batch.hpp"

namespace talentrules::cli {

/// What identifies a run for --resume: the pack's content hash, the options that change
/// the records (as-of date, values, format, brief, strict, lang) and the input's name.
std::string run_fingerprint(const rules::RuleSet& ruleset, const rules::BatchOptions& options,
                            const std::string& input);

class BatchOutput {
public:
    /// Standard output.
    BatchOutput();
    ~BatchOutput();
    BatchOutput(const BatchOutput&) = delete;
    BatchOutput& operator=(const BatchOutput&) = delete;

    /// Starts FILE.partial (and its FILE.partial.run fingerprint) for a new run; false,
    /// with the reason printed, if a partial output exists already (a killed run: resume
    /// it or delete it) or the file cannot be created.
    bool start(const std::string& file, const std::string& fingerprint);

    /// Continues FILE.partial: checks the fingerprint, cuts the file after its last whole
    /// record, skips as many lines of `in` and recomputes the first and the last of those
    /// records, which must equal the file's byte for byte. Sets `options.first_line`.
    /// False, with the reason printed, when the partial output is not a prefix of this run.
    /// An empty `options.as_of` becomes the interrupted run's date.
    bool resume(const std::string& file, const rules::RuleSet& ruleset, rules::BatchOptions& options,
                const std::string& input, std::istream& in);

    std::ostream& stream() { return *stream_; }

    /// Renames FILE.partial to FILE (after fsync) and removes the fingerprint; false with the
    /// reason printed on failure. Nothing to do for standard output.
    bool commit();

    /// Records already in the file before this run (0 unless resumed).
    std::uint64_t resumed_records() const { return resumed_; }
    const std::string& partial_path() const { return partial_; }

private:
    class FdBuf;
    int fd_ = 1;
    std::unique_ptr<FdBuf> buf_;
    std::unique_ptr<std::ostream> stream_;
    std::string file_, partial_;
    std::uint64_t resumed_ = 0;
};

}  // namespace talentrules::cli
