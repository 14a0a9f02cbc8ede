#pragma once
/// The parsed rule pack: the YAML document model, before checking. Every element keeps
/// where it came from so diagnostics and explanations point at file:line:col.
/// Thread-safe: plain values.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/diagnostic.hpp"

namespace talentrules::rules {

/// Where an element or expression starts in a pack file.
struct Location {
    std::string file;  ///< path as given to the loader
    Position position;
};

/// Text in Chinese and (optionally) English.
struct Text {
    std::string zh;
    std::string en;
    /// `en` for "en" when present, else Chinese.
    const std::string& in(std::string_view lang) const {
        return lang == "en" && !en.empty() ? en : zh;
    }
};

/// A CEL expression as written in the pack, with its location (for diagnostics).
struct Expression {
    std::string text;
    Location location;
    /// Column offset of the text within its YAML line (quoted scalars start one later).
    bool quoted = false;
    bool empty() const { return text.empty(); }
};

/// An inclusive date period; missing ends are open. Dates are "YYYY-MM-DD".
struct Period {
    std::string from;
    std::string to;
    bool contains(std::string_view date) const {
        return (from.empty() || from <= date) && (to.empty() || date <= to);
    }
};

struct Category {
    std::string name;
    Text label;
    bool ordered = false;
    std::vector<std::string> values;
    Location location;
};

/// A fact's type, parsed once on load from its spelling.
struct FactType {
    enum class Kind : std::uint8_t { bool_, int_, number, string, date, datetime, object, category, list, map };
    Kind kind = Kind::string;
    std::string category;           ///< Kind::category: the name (the check resolves it)
    std::vector<FactType> element;  ///< Kind::list, Kind::map: exactly one, the element's type
    /// "int", "list(degree)", "map(number)"; any other spelling names a category.
    static FactType parse(std::string_view spelled);
};

struct LiteralEntry;
struct Literal;

/// What a fact's absence means: the value assumed when a profile leaves it out (or gives
/// `null`), and the sentence that states the assumption in reports. Reports list every
/// assumption they used; a strict request makes none.
struct Absence;

struct Fact {
    std::string name;
    /// As written: bool int number string date datetime <category> list(T) map(T) object.
    /// Only for messages and output; decisions read `parsed_type`.
    std::string type;
    FactType parsed_type;  ///< `type`, parsed on load
    Text label;
    std::optional<std::int64_t> min, max;  ///< int facts: the allowed range, inclusive
    std::vector<Fact> fields;  ///< for `object`
    /// `absent:`; none = an absent fact is unknown (the report asks for it). A pointer so
    /// Fact and Literal need not be complete here (Literal is declared below).
    std::shared_ptr<const Absence> absent;
    /// `fixed: true`: the applicant cannot change it (a birth date): a failed condition
    /// on it says so instead of proposing a change.
    bool fixed = false;
    Location location;
};

/// A parameter value as written in YAML, typed on load (int stays int: money).
struct Literal {
    enum class Kind : std::uint8_t { null_, boolean, integer, number, string, list, map };
    Kind kind = Kind::null_;
    bool boolean = false;
    std::int64_t integer = 0;
    double number = 0;
    std::string string;
    std::vector<Literal> items;                         ///< list
    std::vector<LiteralEntry> map;                      ///< map, in file order
    Location location;
};

/// One key of a map literal (a separate type: a pair of an incomplete type is ill-formed).
struct LiteralEntry {
    std::string key;
    Literal value;
};

struct Absence {
    Literal value;
    Text title;
    Location location;
};

struct ParameterVersion {
    Period period;
    Literal value;
    Location location;
};

struct Parameter {
    std::string name;
    Text title;
    std::string unit;
    std::string type;  ///< optional declared type as written (e.g. "date"), for messages
    std::optional<FactType> parsed_type;  ///< `type`, parsed on load; none when not declared
    bool sample = false;
    std::string source;
    std::vector<ParameterVersion> versions;  ///< `value:` is one open-ended version
    Location location;
};

struct TableRow {
    Expression when;  ///< empty for `otherwise`
    Expression then;
    Text title;
    Location location;
};

struct Definition {
    std::string name;
    Text title;
    std::string type;  ///< optional declared type as written, for messages
    std::optional<FactType> parsed_type;  ///< `type`, parsed on load; none when not declared
    Expression value;  ///< either value …
    std::vector<TableRow> table;  ///< … or a first-match table
    Location location;
};

struct Condition {
    std::string id;  ///< `id`, or the reason `code` of a refer condition
    Text title;
    Expression when;
    Expression recheck;  ///< optional timestamp expression ("not yet: check again on")
    Location location;
};

struct Service {
    std::string name;  ///< its identifier in reports (`services`)
    Text title;        ///< shown to people; the name when not given
    Expression when;  ///< optional
    Location location;
};

struct Clause {
    std::string section;
    std::string text;
};

/// Where a process item comes from (`basis:`): `real`, a rule that binds as it stands (with
/// its `source`), or `sample`, a proposal where the notes state nothing (with the nearest
/// real `analog`). Outputs mark every sample item (示例 / sample).
enum class Basis : std::uint8_t { real, sample };
/// "real", "sample".
std::string_view to_string(Basis basis);

/// One item of a measure's process: who handles it, what to collect, when to apply, what
/// happens on leaving early. Which of `title`, `items` and `months` an item has depends on
/// the item (fields.cpp).
struct ProcessItem {
    Basis basis = Basis::sample;
    std::string source;  ///< `real`: where the rule is ("PROCESS.md M07 [P5]")
    std::string analog;  ///< `sample`: the nearest real fact it copies
    Text title;          ///< the item in words
    std::vector<Text> items;  ///< department: the steps; documents: the documents
    std::vector<std::int64_t> months;  ///< window: the months (1–12) a round opens, where known
    Location location;
};

/// One part of a payment: a share (integer percent) or a fixed amount in yuan, a due date
/// (none: at decision) and the conditions re-checked before it is paid.
struct Instalment {
    std::string id;
    Text title;
    Expression share;   ///< `int`: percent of what the fixed instalments leave
    Expression amount;  ///< `int`: fixed yuan
    Expression due;     ///< `timestamp`; empty: due at decision
    std::vector<Condition> recheck;
    Location location;
};

/// A measure's payment schedule: how its decided amount is paid out.
struct Payment : ProcessItem {
    std::vector<Instalment> instalments;
};

/// The process around a measure (`process:`); every part is optional.
struct Process {
    std::optional<ProcessItem> department, documents, window, clawback;
    std::optional<Payment> payment;
    Location location;
};

/// How a measure is granted; enumerators are spelled as in reports.
enum class MeasureKind : std::uint8_t { automatic, referral, service, ranked };
/// "automatic", "referral", "service", "ranked": the one spelling (YAML, JSON, docs).
std::string_view to_string(MeasureKind kind);
std::optional<MeasureKind> parse_measure_kind(std::string_view spelled);

struct Measure {
    std::string id;
    Text title;
    MeasureKind kind = MeasureKind::automatic;
    Clause clause;
    Period effective;
    /// `applies_to`: who the measure is for. False: the decision is `not_applicable`
    /// (not a failed requirement); none = everyone.
    std::optional<Condition> applies_to;
    std::vector<Condition> requires_;
    std::vector<Condition> refer;
    Expression amount;
    std::string unit;
    Expression months;
    std::vector<Service> services;
    /// `process:`; shared with the decisions that show it (none: not described).
    std::shared_ptr<const Process> process;
    Location location;
};

struct Exclusion {
    std::string id;
    Text title;
    std::vector<std::string> measures;
    std::string keep;  ///< highest_amount | first
    Location location;
};

struct ScorePart {
    std::string id;
    Text title;
    Expression value;
    Location location;
};

struct Ranking {
    std::string id;
    std::string measure;
    Text title;
    std::vector<ScorePart> score;
    Expression tie_break;
    Expression pool;  ///< optional: which pool of units an applicant competes for (a string)
    Location location;
};

struct PackInfo {
    std::string id;
    Text title;
    std::string version;
    std::string source;
    Period effective;
    Location location;
};

/// Everything the YAML files of one pack declare.
struct Pack {
    std::string directory;
    PackInfo info;
    std::vector<Category> categories;
    std::vector<Fact> schema;
    std::vector<Parameter> parameters;
    std::vector<Definition> definitions;
    std::vector<Measure> measures;
    std::vector<Exclusion> exclusions;
    std::vector<Ranking> rankings;
    /// Files read (sorted) and their text, for caret diagnostics and the content hash.
    std::vector<std::pair<std::string, std::string>> files;
};

}  // namespace talentrules::rules

namespace talentrules {
/// A measure kind as a JSON string, beside json.hpp's string overload.
void append_json_string(std::string& out, rules::MeasureKind kind);
}  // namespace talentrules
