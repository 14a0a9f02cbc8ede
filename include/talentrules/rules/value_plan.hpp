#pragma once
/// A fixed list of named values compiled once for one as-of date, for exporting many
/// profiles fast (`talentrules batch --values`, the benchmarks).
///
///     auto plan = rules::ValuePlan::compile(*ruleset, {"tier", "rent_subsidy"}, "2025-07-01");
///     std::string out;
///     if (!plan->append_record(line, out)) out = rules::batch_line(...);  // the general path
///
/// The plan compiles every value to a typed form over a compact profile row: each fact at
/// a fixed byte column, category values as their positions, lists of categories as bit
/// sets, parameters folded to constants for the date, definitions memoised per row, and
/// every subtree over small domains (bools, categories, ints compared with constants or
/// within a small schema range) folded into a lookup table. It
/// covers definitions built from bool, int and category facts with logic, comparison,
/// integer arithmetic, `in`, `exists`/`all` over category lists, parameter maps,
/// `min`/`max` and `dyn`. Anything else (dates, doubles, strings that are not categories,
/// measure amounts) makes `fast()` false, and every record takes the general path.
///
/// The fast path takes a line only when its answer is certainly the general path's: a
/// JSON object whose keys are schema facts (each once), every fact a value reads present
/// and valid, and no evaluation error (overflow, a missing map key). Any other line is
/// declined (`append_record` returns false) and the caller uses the general path, which
/// gives the error record or the null values. So output is byte-identical either way.
///
/// Thread-safe: immutable after compile; the row parser keeps one simdjson parser per
/// thread.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

class ValuePlan {
public:
    /// A computed value: `kind` says how to read `v` (a string is an index into the
    /// plan's string table).
    struct Cell {
        std::int64_t v = 0;
        std::uint8_t kind = 0;
    };

    /// Compact profiles parsed once (decision-only benchmarks, repeated evaluation).
    struct Rows {
        std::vector<unsigned char> bytes;  ///< `row_bytes()` per row
        std::vector<std::string> ids;
        std::size_t size() const { return ids.size(); }
    };

    /// Names are definitions or measure ids, as for `--values`; unknown names make
    /// `fast()` false (check them with check_batch_options first). `ruleset` must outlive
    /// the plan.
    static std::shared_ptr<const ValuePlan> compile(const RuleSet& ruleset, std::vector<std::string> names,
                                                    std::string as_of);

    /// True when every value compiled to the typed form.
    bool fast() const;
    /// Why not (the first value or construct the typed form does not cover); empty if fast.
    const std::string& why_not_fast() const;
    const std::vector<std::string>& names() const;
    /// The size of one parsed row in Rows::bytes.
    std::size_t row_bytes() const;

    /// Appends the record for one JSON profile line (no newline) and returns true, or
    /// returns false, appending nothing, when the line must take the general path.
    bool append_record(std::string_view line, std::string& out) const;

    /// Parses one JSON profile into `rows`; false (rows unchanged) where append_record
    /// would decline the line.
    bool parse_row(std::string_view line, Rows& rows) const;
    /// Computes the values of row `i` into `cells` (names().size() of them); false when
    /// the row must take the general path (an evaluation error).
    bool decide(const Rows& rows, std::size_t i, Cell* cells) const;
    /// As decide, also recording why: `trace[k]` becomes 1 + the index of the table row
    /// that decided the k-th definition evaluated (0: not a table, or not evaluated), for
    /// `trace_width()` definitions (the explanation a caseworker view renders).
    bool decide_traced(const Rows& rows, std::size_t i, Cell* cells, std::uint8_t* trace) const;
    /// True when every value is decided by a lookup table. A decision can then be kept as
    /// one byte per value (decide_codes): the position of the value in palette(k).
    bool coded() const;
    /// As decide, writing codes instead of cells (only when coded()).
    bool decide_codes(const Rows& rows, std::size_t i, std::uint8_t* codes) const;
    /// The possible values of the k-th name, when coded().
    const std::vector<Cell>& palette(std::size_t k) const;
    std::size_t trace_width() const;
    /// Appends the record of row `i` with its computed cells.
    void write_record(const Rows& rows, std::size_t i, const Cell* cells, std::string& out) const;

    ~ValuePlan();
    ValuePlan(const ValuePlan&) = delete;
    ValuePlan& operator=(const ValuePlan&) = delete;

    struct Impl;
    explicit ValuePlan(std::unique_ptr<Impl> impl);

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace talentrules::rules
