#pragma once
// The decision log: every decision the service answers, one row per measure, in an
// append-only SQLite table (WAL, synchronous=FULL) with a SHA-256 hash chain over the
// rows. A row is committed before its answer is sent, so an acknowledged decision
// survives a crash; `verify` finds an edited, deleted or reordered row.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct sqlite3;

namespace talentrules::serve {

struct LoggedDecision {
    std::string measure;
    std::string outcome;
    std::optional<std::int64_t> amount;
};

/// One answered request's decisions and where they came from.
struct LogEntry {
    std::string request_id;
    std::string applicant_id;
    std::string pack_id;
    std::string pack_version;
    std::string pack_hash;
    std::string as_of;
    std::string profile_hash;
    std::vector<LoggedDecision> decisions;
};

/// One row as stored.
struct LogRow {
    std::int64_t seq = 0;
    std::string time;  ///< UTC, RFC 3339 with milliseconds
    LogEntry entry;    ///< with exactly one decision
    std::string prev_hash;
    std::string row_hash;
};

class DecisionLog {
public:
    /// Opens (creating if need be) the log; nullptr and `error` set on failure.
    static std::unique_ptr<DecisionLog> open(const std::string& path, std::string& error);
    ~DecisionLog();
    DecisionLog(const DecisionLog&) = delete;
    DecisionLog& operator=(const DecisionLog&) = delete;

    /// Appends the entry's rows in one transaction, durable on return. False (with
    /// `error`) if it could not be written: the caller must not acknowledge the decision.
    bool append(const LogEntry& entry, std::string& error) { return append(std::span(&entry, 1), error); }
    /// Several entries in one transaction (one fsync: a batch piece's lines).
    bool append(std::span<const LogEntry> entries, std::string& error);

private:
    explicit DecisionLog(sqlite3* db);
    sqlite3* db_;
    std::mutex mutex_;
    std::int64_t last_seq_ = 0;
    std::string last_hash_;
};

/// The hash of a row given its predecessor's hash (the chain's link).
std::string row_hash(const std::string& prev_hash, std::int64_t seq, const std::string& time, const LogEntry& entry);

/// The hash the first row links to.
inline const std::string genesis_hash(64, '0');

struct VerifyResult {
    bool ok = false;
    std::int64_t rows = 0;
    std::string head;    ///< the last row's hash: record it elsewhere to detect a cut tail
    /// The first problem found, empty when ok: "open" (not readable as a log; `detail`
    /// says why), "deleted" (a gap in the row numbers), "order" (numbers out of order),
    /// "link" (a row does not link to the one before), "edited" (content and hash differ).
    std::string problem;
    std::string detail;
    std::int64_t problem_seq = 0;
};

/// Opens `path` read-only and walks the chain.
VerifyResult verify_log(const std::string& path);

struct LogFilter {
    std::string applicant;
    std::string measure;
    std::string from;  ///< YYYY-MM-DD, on the decision's time (UTC)
    std::string to;
    std::size_t limit = 0;  ///< 0 = all
};

/// The rows that match, in order; nullopt with `error` if the log cannot be read.
std::optional<std::vector<LogRow>> read_log(const std::string& path, const LogFilter& filter, std::string& error);

}  // namespace talentrules::serve
