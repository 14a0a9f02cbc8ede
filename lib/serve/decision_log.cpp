#include "decision_log.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "sha256.hpp"

namespace talentrules::serve {
namespace {

constexpr const char* schema_sql =
    "CREATE TABLE IF NOT EXISTS decisions("
    " seq INTEGER PRIMARY KEY, time TEXT NOT NULL, request_id TEXT NOT NULL, applicant_id TEXT NOT NULL,"
    " pack_id TEXT NOT NULL, pack_version TEXT NOT NULL, pack_hash TEXT NOT NULL, as_of TEXT NOT NULL,"
    " profile_hash TEXT NOT NULL, measure TEXT NOT NULL, outcome TEXT NOT NULL, amount INTEGER,"
    " prev_hash TEXT NOT NULL, row_hash TEXT NOT NULL);"
    // Append-only for anyone going through SQLite; the chain catches whoever goes around it.
    "CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions"
    " BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions"
    " BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;";

std::string now_rfc3339() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

std::string column_text(sqlite3_stmt* st, int i) {
    const auto* p = sqlite3_column_text(st, i);
    return p ? reinterpret_cast<const char*>(p) : "";
}

// A statement closed whatever path leaves the scope.
struct Statement {
    sqlite3_stmt* st = nullptr;
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &st, nullptr); }
    ~Statement() { sqlite3_finalize(st); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
};

LogRow row_of(sqlite3_stmt* st) {
    LogRow r;
    r.seq = sqlite3_column_int64(st, 0);
    r.time = column_text(st, 1);
    r.entry.request_id = column_text(st, 2);
    r.entry.applicant_id = column_text(st, 3);
    r.entry.pack_id = column_text(st, 4);
    r.entry.pack_version = column_text(st, 5);
    r.entry.pack_hash = column_text(st, 6);
    r.entry.as_of = column_text(st, 7);
    r.entry.profile_hash = column_text(st, 8);
    LoggedDecision d;
    d.measure = column_text(st, 9);
    d.outcome = column_text(st, 10);
    if (sqlite3_column_type(st, 11) != SQLITE_NULL) d.amount = sqlite3_column_int64(st, 11);
    r.entry.decisions.push_back(std::move(d));
    r.prev_hash = column_text(st, 12);
    r.row_hash = column_text(st, 13);
    return r;
}

constexpr const char* select_sql =
    "SELECT seq, time, request_id, applicant_id, pack_id, pack_version, pack_hash, as_of, profile_hash, measure,"
    " outcome, amount, prev_hash, row_hash FROM decisions";

}  // namespace

std::string row_hash(const std::string& prev_hash, std::int64_t seq, const std::string& time, const LogEntry& e) {
    // Fields joined by the unit separator, which no field contains (ids and hashes are
    // printable; a request id with control characters is replaced before logging).
    std::string s = prev_hash;
    const auto add = [&s](const std::string& field) {
        s += '\x1f';
        s += field;
    };
    add(std::to_string(seq));
    add(time);
    add(e.request_id);
    add(e.applicant_id);
    add(e.pack_id);
    add(e.pack_version);
    add(e.pack_hash);
    add(e.as_of);
    add(e.profile_hash);
    const LoggedDecision& d = e.decisions.at(0);
    add(d.measure);
    add(d.outcome);
    add(d.amount ? std::to_string(*d.amount) : "null");
    return sha256_hex(s);
}

DecisionLog::DecisionLog(sqlite3* db) : db_(db) {}

DecisionLog::~DecisionLog() { sqlite3_close(db_); }

std::unique_ptr<DecisionLog> DecisionLog::open(const std::string& path, std::string& error) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        error = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return nullptr;
    }
    std::unique_ptr<DecisionLog> log(new DecisionLog(db));
    sqlite3_busy_timeout(db, 5000);
    char* msg = nullptr;
    // WAL + FULL: a commit is on disk (the WAL fsynced) before append() returns.
    const std::string setup = std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;") + schema_sql;
    if (sqlite3_exec(db, setup.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
        error = msg ? msg : "cannot set up the decision log";
        sqlite3_free(msg);
        return nullptr;
    }
    Statement last(db, "SELECT seq, row_hash FROM decisions ORDER BY seq DESC LIMIT 1");
    log->last_hash_ = genesis_hash;
    if (!last.st) {
        error = sqlite3_errmsg(db);
        return nullptr;
    }
    if (sqlite3_step(last.st) == SQLITE_ROW) {
        log->last_seq_ = sqlite3_column_int64(last.st, 0);
        log->last_hash_ = column_text(last.st, 1);
    }
    return log;
}

bool DecisionLog::append(std::span<const LogEntry> entries, std::string& error) {
    std::size_t rows = 0;
    for (const auto& e : entries) rows += e.decisions.size();
    if (rows == 0) return true;
    std::lock_guard lock(mutex_);
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        error = sqlite3_errmsg(db_);
        return false;
    }
    Statement insert(db_,
                     "INSERT INTO decisions(seq, time, request_id, applicant_id, pack_id, pack_version, pack_hash,"
                     " as_of, profile_hash, measure, outcome, amount, prev_hash, row_hash)"
                     " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    std::int64_t seq = last_seq_;
    std::string prev = last_hash_;
    const std::string time = now_rfc3339();
    bool ok = insert.st != nullptr;
    for (const auto& entry : entries) {
        for (const auto& d : entry.decisions) {
            if (!ok) break;
            LogEntry one = entry;
            one.decisions = {d};
            ++seq;
            const std::string hash = row_hash(prev, seq, time, one);
            sqlite3_reset(insert.st);
            int i = 1;
            sqlite3_bind_int64(insert.st, i++, seq);
            for (const std::string* s : {&time, &entry.request_id, &entry.applicant_id, &entry.pack_id,
                                         &entry.pack_version, &entry.pack_hash, &entry.as_of, &entry.profile_hash,
                                         &d.measure, &d.outcome}) {
                sqlite3_bind_text(insert.st, i++, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
            }
            if (d.amount) sqlite3_bind_int64(insert.st, i++, *d.amount);
            else sqlite3_bind_null(insert.st, i++);
            sqlite3_bind_text(insert.st, i++, prev.data(), static_cast<int>(prev.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(insert.st, i++, hash.data(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
            ok = sqlite3_step(insert.st) == SQLITE_DONE;
            prev = hash;
        }
    }
    if (!ok || sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        error = sqlite3_errmsg(db_);
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        return false;
    }
    last_seq_ = seq;
    last_hash_ = prev;
    return true;
}

VerifyResult verify_log(const std::string& path) {
    VerifyResult r;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        r.problem = "open";
        r.detail = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return r;
    }
    {
        Statement st(db, (std::string(select_sql) + " ORDER BY seq").c_str());
        if (!st.st) {
            r.problem = "open";
            r.detail = sqlite3_errmsg(db);
        } else {
            std::string prev = genesis_hash;
            std::int64_t expected = 1;
            int rc = SQLITE_ROW;
            while ((rc = sqlite3_step(st.st)) == SQLITE_ROW) {
                const LogRow row = row_of(st.st);
                if (row.seq != expected) {
                    r.problem = row.seq > expected ? "deleted" : "order";
                } else if (row.prev_hash != prev) {
                    r.problem = "link";
                } else if (row_hash(prev, row.seq, row.time, row.entry) != row.row_hash) {
                    r.problem = "edited";
                }
                if (!r.problem.empty()) {
                    r.problem_seq = row.seq;
                    break;
                }
                prev = row.row_hash;
                ++expected;
                ++r.rows;
            }
            if (r.problem.empty() && rc != SQLITE_DONE) {
                r.problem = "open";
                r.detail = sqlite3_errmsg(db);
            }
            r.head = prev;
            r.ok = r.problem.empty();
        }
    }
    sqlite3_close(db);
    return r;
}

std::optional<std::vector<LogRow>> read_log(const std::string& path, const LogFilter& f, std::string& error) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        error = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return std::nullopt;
    }
    std::string sql = std::string(select_sql) +
                      " WHERE (?1 = '' OR applicant_id = ?1) AND (?2 = '' OR measure = ?2)"
                      " AND (?3 = '' OR substr(time, 1, 10) >= ?3) AND (?4 = '' OR substr(time, 1, 10) <= ?4)"
                      " ORDER BY seq";
    if (f.limit) sql += " LIMIT " + std::to_string(f.limit);
    std::optional<std::vector<LogRow>> out;
    {
        Statement st(db, sql.c_str());
        if (!st.st) {
            error = std::string("not a decision log: ") + sqlite3_errmsg(db);
        } else {
            int i = 1;
            for (const std::string* s : {&f.applicant, &f.measure, &f.from, &f.to}) {
                sqlite3_bind_text(st.st, i++, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
            }
            out.emplace();
            int rc = SQLITE_ROW;
            while ((rc = sqlite3_step(st.st)) == SQLITE_ROW) out->push_back(row_of(st.st));
            if (rc != SQLITE_DONE) {
                error = sqlite3_errmsg(db);
                out.reset();
            }
        }
    }
    sqlite3_close(db);
    return out;
}

}  // namespace talentrules::serve
