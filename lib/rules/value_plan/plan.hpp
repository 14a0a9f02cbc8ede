#pragma once
// The value plan's state, shared by its parts: layout.cpp (row columns), build.cpp
// (nodes from checked CEL), fold.cpp (lookup tables), group.cpp (outputs decided
// together), rows_json.cpp (profile lines to rows), decide.cpp (evaluation) and
// record.cpp (records). Private to lib/rules/value_plan/.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cel/fast_ops.hpp"
#include "rules/compile/ruleset_impl.hpp"
#include "rules/value_plan/nodes.hpp"

namespace talentrules::rules::value_plan {

// Where a row falls in a lookup table: the sum of one contribution per input. A fact input
// reads one byte of the row (bools, positions, bit sets and interval codes share bytes), a
// definition input the definition's code (the position of its value among its possible
// values, evaluating it first if need be); the contribution of that value is its class on
// the table's axis (values the table cannot tell apart share one) times the axis's stride.
struct TableIndex {
    struct FactInput {
        std::uint32_t offset = 0;  // the row byte
        std::uint32_t base = 0;    // its contributions start here, one per byte value
    };
    static constexpr std::uint32_t byte_values = 256;
    struct DefinitionInput {
        std::uint32_t memo = 0;
        std::uint32_t base = 0;
        std::uint32_t domain = 0;
        const Node* reference = nullptr;  // a DefinitionRef: evaluating it sets its code
    };
    std::vector<FactInput> facts;
    std::vector<DefinitionInput> definitions;
    std::vector<std::uint32_t> contributions;

    std::size_t of(Ctx& c) const {
        std::size_t index = 0;
        for (const FactInput& f : facts) index += contributions[f.base + c.row[f.offset]];
        for (const DefinitionInput& d : definitions) {
            if (!(c.done >> d.memo & 1)) d.reference->eval(c);
            index += contributions[d.base + c.codes[d.memo]];
        }
        return index;
    }
};

// A subtree replaced by a lookup table over the product of its inputs' domains, filled at
// compile time by evaluating the subtree itself on one representative of every
// combination (exact, and branch-free where the subtree branched on every fact), then
// shrunk to the classes of input values it can tell apart.
struct Folded final : Node {
    TableIndex index;
    std::vector<std::uint8_t> table;
    std::vector<Cell> results;
    int memo_out = -1;  // when the body of a definition: where its code goes
    NodePtr original;   // evaluated instead when explaining, so traces stay complete

    Cell eval(Ctx& c) const override {
        if (c.trace) return original->eval(c);
        const std::uint8_t k = table[index.of(c)];
        if (memo_out >= 0) c.codes[memo_out] = k;
        return results[k];
    }
    void inputs(Inputs& inputs) const override { original->inputs(inputs); }
    bool leaf() const override { return true; }
};

// Several folded definitions decided by one lookup over the union of their inputs: one
// index computation instead of one per definition.
struct Group {
    TableIndex index;
    std::vector<std::uint32_t> memos;     // the members
    std::vector<std::uint16_t> table;     // index -> tuple (when more than 256 tuples)
    std::vector<std::uint8_t> small;      // the same, when at most 256: half the cache
    std::vector<Cell> tuples;             // tuple * members + member
    std::vector<std::uint8_t> codes;      // the same, each value's code in its definition
    std::uint64_t done = 0;               // the members' memo bits

    void eval(Ctx& c) const {
        const std::size_t n = memos.size();
        const std::size_t i = index.of(c);
        const std::size_t t = static_cast<std::size_t>(small.empty() ? table[i] : small[i]) * n;
        for (std::size_t m = 0; m < n; ++m) {
            c.defs[memos[m]] = tuples[t + m];
            c.codes[memos[m]] = codes[t + m];
        }
        c.done |= done;
    }
    // Only the codes (decisions kept as codes: tables read codes, never cells).
    void eval_codes(Ctx& c) const {
        const std::size_t n = memos.size();
        const std::size_t i = index.of(c);
        const std::size_t t = static_cast<std::size_t>(small.empty() ? table[i] : small[i]) * n;
        for (std::size_t m = 0; m < n; ++m) c.codes[memos[m]] = codes[t + m];
        c.done |= done;
    }
};

// --- the plan ----------------------------------------------------------------------------

enum class FactKind : std::uint8_t { integer, boolean, category, category_list, string, other };

struct FastFact {
    std::string name;
    FactKind kind = FactKind::other;
    std::size_t category = 0;  // index into Impl::categories
    Column column;
    std::optional<std::int64_t> min, max;  // an int fact's schema range
    // An int fact compared with constants, or read whole within a small schema range: the
    // interval its value falls in, between the boundaries `cuts`, is kept in the bit field
    // `code` (folded tables index by it).
    std::vector<std::int64_t> cuts;
    std::optional<Column> code;
};

struct CategoryIds {
    std::vector<std::int64_t> ids;  // by position
    bool ordered = false;
};

struct Unsupported {
    std::string why;
};

// A value standing for the interval-th interval between cuts: its lower boundary (for the
// first, one below the first cut). interval_of is the inverse.
inline std::int64_t representative(const std::vector<std::int64_t>& cuts, std::size_t interval) {
    if (interval > 0) return cuts[interval - 1];
    return cuts[0] == std::numeric_limits<std::int64_t>::min() ? cuts[0] : cuts[0] - 1;
}
inline std::size_t interval_of(const std::vector<std::int64_t>& cuts, std::int64_t v) {
    return static_cast<std::size_t>(std::upper_bound(cuts.begin(), cuts.end(), v) - cuts.begin());
}

}  // namespace talentrules::rules::value_plan

namespace talentrules::rules {

struct ValuePlan::Impl {
    using Cell = ValuePlan::Cell;
    using Expr = cel::Expr;
    using Node = value_plan::Node;
    using NodePtr = value_plan::NodePtr;
    using Inputs = value_plan::Inputs;
    using Column = value_plan::Column;
    using Ctx = value_plan::Ctx;
    using FastFact = value_plan::FastFact;
    using CategoryIds = value_plan::CategoryIds;
    using TableIndex = value_plan::TableIndex;
    using Folded = value_plan::Folded;
    using Group = value_plan::Group;

    const RuleSet& ruleset;
    const RuleSet::Impl& rs;
    std::vector<std::string> names;
    std::string as_of;
    std::string why_not;

    std::vector<FastFact> facts;                      // by slot
    std::unordered_map<std::uint32_t, std::uint32_t> slot_of_variable;  // CEL slot -> fact slot
    std::uint64_t needed = 0;                         // slots some value reads
    std::vector<CategoryIds> categories;              // as in the pack
    std::unordered_map<std::string, std::size_t> category_by_name;
    std::vector<std::string> strings;                 // interned; category values first
    std::vector<std::string> strings_json;            // each as a JSON string literal
    std::unordered_map<std::string, std::int64_t> string_ids;

    std::vector<NodePtr> definition_bodies;  // by memo index
    std::vector<std::optional<std::vector<Cell>>> palettes;  // by memo: its possible values, when few
    std::vector<NodePtr> definition_refs;                    // by memo: a reference, for Folded inputs
    std::vector<std::uint32_t> fold_order;                   // memos, each after those it uses
    std::size_t row_bytes = 0;  // eight-byte columns, then bytes of bit fields
    std::vector<std::uint32_t> int_codes;                    // int facts that have a code column
    std::unordered_map<std::size_t, std::uint32_t> memo_of_definition;
    std::vector<NodePtr> outputs;
    std::vector<std::uint32_t> output_memo;  // each output is a definition: its memo index
    std::vector<const Folded*> folded_bodies;  // by memo: the body when it is a Folded, else null
    std::vector<Group> groups;                 // output definitions decided together
    std::vector<int> group_of;                 // by memo: its group, or -1
    // When every output is folded, a decision is its outputs' codes: the steps that compute
    // them (a group, or >= 0; a folded output, -1 - its memo), and by output its palette
    // and the code of a failure in it (-1: none).
    std::vector<std::vector<Cell>> palettes_out;
    std::vector<int> code_steps;
    std::vector<int> fail_code;
    std::vector<std::string> column_prefix;  // `,"name":`

    Impl(const RuleSet& r, std::vector<std::string> n, std::string d)
        : ruleset(r), rs(r.internals()), names(std::move(n)), as_of(std::move(d)) {}

    // --- build.cpp: the nodes of every output, then folding and grouping ---------------
    void build();
    NodePtr definition(std::size_t index);

    // --- layout.cpp: where each fact sits in a row -------------------------------------
    std::int64_t intern(const std::string& s);
    void layout();
    // A bit field for `values` values, in the first byte with room (bytes after the wide columns).
    std::size_t narrow_start = 0;
    std::vector<std::uint8_t> used_bits;  // by narrow byte
    Column bit_field(std::size_t values);

    // --- fold.cpp: subtrees over small domains become lookup tables --------------------
    static constexpr std::size_t max_fold_entries = std::size_t{1} << 16;  // a table before compressing
    static constexpr std::size_t max_palette = 16;  // a definition with more values is not an input
    static constexpr std::int64_t max_whole_values = 250;  // an int read whole: each value an interval

    bool whole(const FastFact& f) const;
    std::vector<std::int64_t> cuts_of(std::uint32_t slot, const Inputs& in) const;
    bool bounded(const Inputs& in) const;
    void fold_all();
    NodePtr fold(NodePtr n);

    // The axes of a table over `in`: how to index it at run time and how to enumerate it.
    struct Axis {
        std::uint32_t slot = 0;
        std::size_t size = 1;
        std::vector<std::int64_t> local_cuts;  // int facts
        std::uint32_t memo = 0;
        bool definition = false;
    };
    struct Layout {
        TableIndex index;
        std::vector<Axis> axes;
        std::vector<std::pair<std::uint32_t, Cell>> constants;  // definitions with one value
        std::size_t total = 1;
        // The fact inputs field by field (index.facts stays empty until pack_bytes).
        struct Field {
            Column column;
            std::uint32_t base = 0, domain = 0;
        };
        std::vector<Field> fields;
    };

    // Turns a layout's field inputs into byte inputs: one contribution per value of a row
    static void pack_bytes(Layout& l);
    std::optional<Layout> layout(const Inputs& in) const;
    template <typename Visit>
    bool enumerate(const Layout& l, Visit&& visit) const;
    static std::size_t find_or_add(std::vector<Cell>& cells, Cell c);
    NodePtr make_folded(NodePtr& n, const Inputs& in);
    static std::vector<std::vector<std::uint32_t>> compress(std::vector<std::uint16_t>& table,
                                                            std::vector<std::size_t>& sizes);

    // --- group.cpp: folded outputs decided by one lookup ------------------------------
    static constexpr std::size_t max_group_members = 8;  // their codes make one 64-bit key
    static constexpr std::size_t max_group_entries = std::size_t{1} << 16;      // a group's table
    static constexpr std::size_t max_group_enumeration = std::size_t{1} << 17;  // before compressing it (compile time)
    void group_outputs();
    bool make_group(std::vector<std::uint32_t> members, bool trial);
    void schedule_codes();

    // --- build.cpp: expressions -------------------------------------------------------
    const cel::CheckedExpr* checked_ = nullptr;
    NodePtr expression(const CompiledExpr& e);
    const cel::Reference& ref(const Expr& e) const { return checked_->references[static_cast<std::size_t>(e.id)]; }
    const cel::Type& type(const Expr& e) const { return checked_->types[static_cast<std::size_t>(e.id)]; }
    [[noreturn]] void unsupported(const Expr& e, std::string_view what) const;
    const cel::Variable* variable(const Expr& e) const;
    std::optional<std::uint32_t> fact_slot(const Expr& e);
    const cel::Value* parameter(const Expr& e) const;
    Cell constant_cell(const cel::Value& v, const Expr& at);
    NodePtr compile(const Expr& e);
    NodePtr variable_node(const Expr& e);
    NodePtr call(const Expr& e);
    NodePtr equality(const Expr& e, bool equal);
    NodePtr comparison(const Expr& e, cel::FastOp op);
    NodePtr int_comparison(const Expr& e, cel::FastOp op, const Expr& x, const Expr& y);
    std::optional<std::vector<Cell>> constant_members(const Expr& e);
    NodePtr membership(const Expr& e);
    NodePtr lookup(const Expr& e);
    std::int64_t position_in(std::size_t category, std::int64_t id) const;
    std::uint64_t position_mask(std::size_t category, const std::vector<std::int64_t>& ids) const;
    std::uint64_t predicate_mask(const Expr& p, const std::string& var, std::size_t category);
    NodePtr comprehension(const Expr& e);

    // --- rows_json.cpp -----------------------------------------------------------------
    int find_fact(std::string_view key, std::size_t& hint) const;
    // Parses one profile into `row` (row_bytes) and its id; false = decline.
    bool parse(std::string_view line, unsigned char* row, std::string_view& id) const;

    // --- decide.cpp, record.cpp ---------------------------------------------------------
    bool decide(const unsigned char* row, Cell* cells, std::uint8_t* trace = nullptr) const;
    bool decide_codes(const unsigned char* row, std::uint8_t* out) const;
    void write(std::string_view id, const Cell* cells, std::string& out) const;
};

}  // namespace talentrules::rules
