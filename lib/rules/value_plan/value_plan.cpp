// The value plan's typed form: a second compilation of the checked expressions, against
// the schema instead of against CEL values. Facts sit at fixed columns of a byte row: an
// int, or a bit set of more than 8 categories, in eight bytes; a bool, a category value
// (its position among the category's values) or a bit set of up to 8 categories as a bit
// field sharing a byte with others. Int facts compared with constants, or read whole
// within a schema range, also get a bit field with the interval their value falls in.
// Subtrees over small domains are folded into lookup tables (Folded, Group). Every node returns a Cell
// (value and kind) by value, so nothing is allocated while deciding. A node that meets
// anything the general evaluator would turn into an error returns `fail`, and the caller
// takes the general path for that row: the fast path never has to reproduce CEL's error
// and unknown rules, only its ordinary results.

#include "talentrules/rules/value_plan.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "rules/compile/ruleset_impl.hpp"
#include "talentrules/json.hpp"

namespace talentrules::rules {
namespace {

using cel::Expr;
using cel::ExprKind;
using Cell = ValuePlan::Cell;

enum CellKind : std::uint8_t { k_bool, k_int, k_str, k_fail };
constexpr Cell fail_cell{0, k_fail};

constexpr std::size_t max_facts = 64;        // presence is one uint64 mask
constexpr std::size_t max_definitions = 64;  // memoised in one uint64 mask
constexpr std::size_t max_row_bytes = max_facts * 8 + max_facts;  // a column each, a code per int

// Where a fact sits in a row: eight bytes (unaligned) for ints and large bit sets, else a
// bit field of one byte (small values share bytes, so a table reads several at once).
struct Column {
    std::uint32_t offset = 0;
    bool wide = false;
    std::uint8_t shift = 0, bits = 8;
    unsigned mask() const { return (1u << bits) - 1; }
    std::int64_t read(const unsigned char* row) const {
        if (!wide) return (row[offset] >> shift) & mask();
        std::int64_t v;
        std::memcpy(&v, row + offset, sizeof v);
        return v;
    }
    void write(unsigned char* row, std::int64_t v) const {
        if (wide) std::memcpy(row + offset, &v, sizeof v);
        else row[offset] = static_cast<unsigned char>((row[offset] & ~(mask() << shift)) | (static_cast<unsigned>(v) << shift));
    }
};

struct Ctx {
    const unsigned char* row;
    Cell* defs;
    std::uint64_t done;
    std::uint8_t* trace;  // when explaining: by definition, 1 + the table row that decided
    std::uint8_t* codes;  // by definition: the index of its value in its palette, when folded
};

struct Inputs;
struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
    virtual ~Node() = default;
    virtual Cell eval(Ctx& c) const = 0;
    /// Reports what the node reads (for folding into a lookup table).
    virtual void inputs(Inputs& in) const = 0;
    /// Visits the owned sub-nodes; none for a leaf.
    virtual void children(const std::function<void(NodePtr&)>&) {}
    virtual bool leaf() const { return false; }
};

// What a node reads: facts of small domains (bool, category, a list of few categories), int
// facts compared only with constants (their domain is the intervals between the
// constants) or read whole within a small schema range, and definitions whose values are
// known to be few. Anything else is `unbounded`, and the node is not folded. A `slot` is
// a fact's index in the plan.
struct Inputs {
    std::map<std::uint32_t, std::set<std::int64_t>> facts;  // slot -> interval boundaries (int facts)
    std::set<std::uint32_t> definitions;                   // memo indexes
    bool unbounded = false;
    void read(std::uint32_t slot) { raw.insert(slot); facts[slot]; }
    void compare(std::uint32_t slot, std::int64_t constant) {
        auto& cuts = facts[slot];
        cuts.insert(constant);
        if (constant < std::numeric_limits<std::int64_t>::max()) cuts.insert(constant + 1);
    }
    void definition(std::uint32_t memo) { definitions.insert(memo); }
    std::set<std::uint32_t> raw;  // facts read as values (an int fact read so is unbounded)
};

Cell boolean(bool b) { return {b ? 1 : 0, k_bool}; }

// --- leaves ------------------------------------------------------------------------------

struct Const final : Node {
    Cell value;
    explicit Const(Cell v) : value(v) {}
    Cell eval(Ctx&) const override { return value; }
    void inputs(Inputs&) const override {}
    bool leaf() const override { return true; }
};

struct FactRead final : Node {
    std::uint32_t slot;
    Column column;
    std::uint8_t kind;
    FactRead(std::uint32_t s, Column col, std::uint8_t k) : slot(s), column(col), kind(k) {}
    Cell eval(Ctx& c) const override { return {column.read(c.row), kind}; }
    void inputs(Inputs& in) const override { in.read(slot); }
    bool leaf() const override { return true; }
};

struct CategoryRead final : Node {  // the row keeps a category's position; a value is its id
    std::uint32_t slot;
    Column column;
    const std::vector<std::int64_t>* ids;
    CategoryRead(std::uint32_t s, Column col, const std::vector<std::int64_t>* i) : slot(s), column(col), ids(i) {}
    Cell eval(Ctx& c) const override { return {(*ids)[static_cast<std::size_t>(column.read(c.row))], k_str}; }
    void inputs(Inputs& in) const override { in.read(slot); }
    bool leaf() const override { return true; }
};

struct FactNot final : Node {  // !applicant.flag
    std::uint32_t slot;
    Column column;
    FactNot(std::uint32_t s, Column col) : slot(s), column(col) {}
    Cell eval(Ctx& c) const override { return boolean(column.read(c.row) == 0); }
    void inputs(Inputs& in) const override { in.read(slot); }
    bool leaf() const override { return true; }
};

// A fact compared with a constant: the commonest condition, one node instead of three.
template <typename Op>
struct FactCompareConst final : Node {
    std::uint32_t slot;
    Column column;
    std::int64_t constant;
    FactCompareConst(std::uint32_t s, Column col, std::int64_t k) : slot(s), column(col), constant(k) {}
    Cell eval(Ctx& c) const override { return boolean(Op{}(column.read(c.row), constant)); }
    void inputs(Inputs& in) const override { in.compare(slot, constant); }
    bool leaf() const override { return true; }
};

// Membership of a value (a string id or an int) in a constant set.
struct InSet final : Node {
    NodePtr value;
    std::vector<std::int64_t> members;  // sorted
    Cell eval(Ctx& c) const override {
        const Cell v = value->eval(c);
        if (v.kind == k_fail) return v;
        return boolean(std::binary_search(members.begin(), members.end(), v.v));
    }
    void inputs(Inputs& in) const override { value->inputs(in); }
    void children(const std::function<void(NodePtr&)>& f) override { f(value); }
};

// A category fact in a constant set: a bit test over its positions.
struct CategoryIn final : Node {
    std::uint32_t slot;
    Column column;
    std::uint64_t mask;
    CategoryIn(std::uint32_t s, Column col, std::uint64_t m) : slot(s), column(col), mask(m) {}
    Cell eval(Ctx& c) const override { return boolean(mask >> column.read(c.row) & 1); }
    void inputs(Inputs& in) const override { in.read(slot); }
    bool leaf() const override { return true; }
};

// A list-of-categories fact against a mask of positions: `'x' in list`, `list.exists(...)`.
struct ListAny final : Node {
    std::uint32_t slot;
    Column column;
    std::uint64_t mask;
    ListAny(std::uint32_t s, Column col, std::uint64_t m) : slot(s), column(col), mask(m) {}
    Cell eval(Ctx& c) const override { return boolean((static_cast<std::uint64_t>(column.read(c.row)) & mask) != 0); }
    void inputs(Inputs& in) const override { in.read(slot); }
    bool leaf() const override { return true; }
};
struct ListAll final : Node {  // list.all(...): no element outside the mask
    std::uint32_t slot;
    Column column;
    std::uint64_t mask;
    ListAll(std::uint32_t s, Column col, std::uint64_t m) : slot(s), column(col), mask(m) {}
    Cell eval(Ctx& c) const override { return boolean((static_cast<std::uint64_t>(column.read(c.row)) & ~mask) == 0); }
    void inputs(Inputs& in) const override { in.read(slot); }
    bool leaf() const override { return true; }
};

// --- logic -------------------------------------------------------------------------------

struct Not final : Node {
    NodePtr a;
    Cell eval(Ctx& c) const override {
        const Cell v = a->eval(c);
        return v.kind == k_fail ? v : boolean(v.v == 0);
    }
    void inputs(Inputs& in) const override { a->inputs(in); }
    void children(const std::function<void(NodePtr&)>& f) override { f(a); }
};

template <bool IsAnd>
struct Logic final : Node {
    std::vector<NodePtr> parts;
    Cell eval(Ctx& c) const override {
        for (const auto& p : parts) {
            const Cell v = p->eval(c);
            if (v.kind == k_fail) return v;
            if ((v.v != 0) != IsAnd) return v;  // false for &&, true for ||
        }
        return boolean(IsAnd);
    }
    void inputs(Inputs& in) const override {
        for (const auto& p : parts) p->inputs(in);
    }
    void children(const std::function<void(NodePtr&)>& f) override {
        for (auto& p : parts) f(p);
    }
};

struct Conditional final : Node {
    NodePtr cond, then, otherwise;
    Cell eval(Ctx& c) const override {
        const Cell v = cond->eval(c);
        if (v.kind == k_fail) return v;
        return v.v ? then->eval(c) : otherwise->eval(c);
    }
    void inputs(Inputs& in) const override {
        cond->inputs(in);
        then->inputs(in);
        otherwise->inputs(in);
    }
    void children(const std::function<void(NodePtr&)>& f) override {
        f(cond);
        f(then);
        f(otherwise);
    }
};

// --- comparison and arithmetic -----------------------------------------------------------

struct BinaryNode : Node {
    NodePtr a, b;
    BinaryNode() = default;
    BinaryNode(NodePtr x, NodePtr y) : a(std::move(x)), b(std::move(y)) {}
    void inputs(Inputs& in) const override {
        a->inputs(in);
        b->inputs(in);
    }
    void children(const std::function<void(NodePtr&)>& f) override {
        f(a);
        f(b);
    }
};

template <typename Op>
struct Compare final : BinaryNode {
    Compare(NodePtr x, NodePtr y) : BinaryNode(std::move(x), std::move(y)) {}
    Cell eval(Ctx& c) const override {
        const Cell x = a->eval(c);
        if (x.kind == k_fail) return x;
        const Cell y = b->eval(c);
        if (y.kind == k_fail) return y;
        return boolean(Op{}(x.v, y.v));
    }
};

// CEL equality on the plan's kinds: values of different kinds are unequal (no error).
template <bool Equal>
struct Equality final : BinaryNode {
    Cell eval(Ctx& c) const override {
        const Cell x = a->eval(c);
        if (x.kind == k_fail) return x;
        const Cell y = b->eval(c);
        if (y.kind == k_fail) return y;
        return boolean((x.kind == y.kind && x.v == y.v) == Equal);
    }
};

// Ordered categories compare by position.
template <typename Op>
struct RankCompare final : BinaryNode {
    std::vector<std::int16_t> rank;  // by string id; -1 outside the category
    RankCompare(NodePtr x, NodePtr y, std::vector<std::int16_t> r)
        : BinaryNode(std::move(x), std::move(y)), rank(std::move(r)) {}
    Cell eval(Ctx& c) const override {
        const Cell x = a->eval(c);
        if (x.kind == k_fail) return x;
        const Cell y = b->eval(c);
        if (y.kind == k_fail) return y;
        const auto rx = static_cast<std::size_t>(x.v) < rank.size() ? rank[static_cast<std::size_t>(x.v)] : -1;
        const auto ry = static_cast<std::size_t>(y.v) < rank.size() ? rank[static_cast<std::size_t>(y.v)] : -1;
        if (rx < 0 || ry < 0) return fail_cell;
        return boolean(Op{}(rx, ry));
    }
};

enum class Arith : std::uint8_t { add, sub, mul, div, mod, min, max };

struct Arithmetic final : BinaryNode {
    Arith op = Arith::add;
    Cell eval(Ctx& c) const override {
        const Cell x = a->eval(c);
        if (x.kind == k_fail) return x;
        const Cell y = b->eval(c);
        if (y.kind == k_fail) return y;
        std::int64_t r = 0;
        switch (op) {
        case Arith::add: if (__builtin_add_overflow(x.v, y.v, &r)) return fail_cell; break;
        case Arith::sub: if (__builtin_sub_overflow(x.v, y.v, &r)) return fail_cell; break;
        case Arith::mul: if (__builtin_mul_overflow(x.v, y.v, &r)) return fail_cell; break;
        case Arith::div:
            if (y.v == 0 || (x.v == std::numeric_limits<std::int64_t>::min() && y.v == -1)) return fail_cell;
            r = x.v / y.v;
            break;
        case Arith::mod:
            if (y.v == 0 || (x.v == std::numeric_limits<std::int64_t>::min() && y.v == -1)) return fail_cell;
            r = x.v % y.v;
            break;
        case Arith::min: r = std::min(x.v, y.v); break;
        case Arith::max: r = std::max(x.v, y.v); break;
        }
        return {r, k_int};
    }
};

struct Negate final : Node {
    NodePtr a;
    Cell eval(Ctx& c) const override {
        const Cell x = a->eval(c);
        if (x.kind == k_fail) return x;
        if (x.v == std::numeric_limits<std::int64_t>::min()) return fail_cell;
        return {-x.v, k_int};
    }
    void inputs(Inputs& in) const override { a->inputs(in); }
    void children(const std::function<void(NodePtr&)>& f) override { f(a); }
};

// A parameter map indexed by a category value: a table by string id.
struct MapLookup final : Node {
    NodePtr key;
    std::vector<Cell> table;  // by string id; fail where the map has no such key
    Cell eval(Ctx& c) const override {
        const Cell k = key->eval(c);
        if (k.kind == k_fail) return k;
        const auto i = static_cast<std::size_t>(k.v);
        return i < table.size() ? table[i] : fail_cell;
    }
    void inputs(Inputs& in) const override { key->inputs(in); }
    void children(const std::function<void(NodePtr&)>& f) override { f(key); }
};

// --- definitions -------------------------------------------------------------------------

struct Table final : Node {  // first-match rows; none matching is an error
    std::vector<std::pair<NodePtr, NodePtr>> rows;  // when (null = otherwise), then
    std::uint32_t memo = 0;
    Cell eval(Ctx& c) const override {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& [when, then] = rows[i];
            if (when) {
                const Cell w = when->eval(c);
                if (w.kind != k_bool) return fail_cell;
                if (!w.v) continue;
            }
            if (c.trace) c.trace[memo] = static_cast<std::uint8_t>(std::min<std::size_t>(i + 1, 255));
            return then->eval(c);
        }
        return fail_cell;
    }
    void inputs(Inputs& in) const override {
        for (const auto& [when, then] : rows) {
            if (when) when->inputs(in);
            then->inputs(in);
        }
    }
    void children(const std::function<void(NodePtr&)>& f) override {
        for (auto& [when, then] : rows) {
            if (when) f(when);
            f(then);
        }
    }
};

struct DefinitionRef final : Node {
    std::uint32_t index;
    const NodePtr* body;  // the plan's slot for it: folding replaces the body later
    DefinitionRef(std::uint32_t i, const NodePtr* b) : index(i), body(b) {}
    Cell eval(Ctx& c) const override {
        const std::uint64_t bit = std::uint64_t{1} << index;
        if (c.done & bit) return c.defs[index];
        const Cell v = (*body)->eval(c);
        c.defs[index] = v;
        c.done |= bit;
        return v;
    }
    void inputs(Inputs& in) const override { in.definition(index); }
    bool leaf() const override { return true; }
};

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

}  // namespace

struct ValuePlan::Impl {
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

    void schedule_codes() {
        std::uint64_t covered = 0;
        for (const auto m : output_memo) {
            const Folded* f = folded_bodies[m];
            if (!f) {
                palettes_out.clear();
                return;
            }
            palettes_out.push_back(f->results);
            fail_code.push_back(-1);
            for (std::size_t k = 0; k < f->results.size(); ++k) {
                if (f->results[k].kind == k_fail) fail_code.back() = static_cast<int>(k);
            }
            if (covered >> m & 1) continue;
            if (group_of[m] >= 0) {
                code_steps.push_back(group_of[m]);
                covered |= groups[static_cast<std::size_t>(group_of[m])].done;
            } else {
                code_steps.push_back(-1 - static_cast<int>(m));
                covered |= std::uint64_t{1} << m;
            }
        }
    }

    bool decide_codes(const unsigned char* row, std::uint8_t* out) const {
        alignas(Cell) unsigned char storage[sizeof(Cell) * max_definitions];
        std::uint8_t codes[max_definitions];
        Ctx ctx{row, reinterpret_cast<Cell*>(storage), 0, nullptr, codes};
        for (const int step : code_steps) {
            if (step >= 0) {
                groups[static_cast<std::size_t>(step)].eval_codes(ctx);
            } else {
                const auto m = static_cast<std::size_t>(-1 - step);
                if (!(ctx.done >> m & 1)) {
                    folded_bodies[m]->Folded::eval(ctx);
                    ctx.done |= std::uint64_t{1} << m;
                }
            }
        }
        for (std::size_t i = 0; i < output_memo.size(); ++i) {
            out[i] = codes[output_memo[i]];
            if (out[i] == fail_code[i]) return false;
        }
        return true;
    }
    std::vector<std::string> column_prefix;  // `,"name":`

    Impl(const RuleSet& r, std::vector<std::string> n, std::string d)
        : ruleset(r), rs(r.internals()), names(std::move(n)), as_of(std::move(d)) {}

    std::int64_t intern(const std::string& s) {
        auto [it, added] = string_ids.emplace(s, static_cast<std::int64_t>(strings.size()));
        if (added) {
            strings.push_back(s);
            std::string j;
            append_json_string(j, s);
            strings_json.push_back(std::move(j));
        }
        return it->second;
    }

    void build() {
        try {
            definition_bodies.reserve(max_definitions);  // DefinitionRef points into it
            layout();
            for (const auto& name : names) {
                auto it = rs.definition_by_name.find(name);
                if (it == rs.definition_by_name.end()) {
                    throw Unsupported{fmt::format("'{}' is not a definition (measure amounts take the general path)",
                                                  name)};
                }
                outputs.push_back(definition(it->second));
                output_memo.push_back(memo_of_definition.at(it->second));
                column_prefix.push_back(",");
                append_json_string(column_prefix.back(), name);
                column_prefix.back() += ':';
            }
            fold_all();
            group_outputs();
            schedule_codes();
        } catch (const Unsupported& u) {
            why_not = u.why.empty() ? "unsupported" : u.why;
            outputs.clear();
        }
    }

    void layout() {
        for (const auto& cat : rs.pack.categories) {
            CategoryIds c;
            c.ordered = cat.ordered;
            for (const auto& v : cat.values) c.ids.push_back(intern(v));
            category_by_name.emplace(cat.name, categories.size());
            categories.push_back(std::move(c));
        }
        for (const auto& fs : rs.facts) {
            if (fs.path.find('.') != std::string::npos) continue;  // object fields: the object decides
            FastFact f;
            f.name = fs.path;
            const std::string& t = fs.fact->type;
            if (t == "int") f.kind = FactKind::integer;
            else if (t == "bool") f.kind = FactKind::boolean;
            else if (t == "string") f.kind = FactKind::string;
            else if (auto it = category_by_name.find(t);
                     it != category_by_name.end() && categories[it->second].ids.size() <= 64) {
                f.kind = FactKind::category;
                f.category = it->second;
            } else if (t.starts_with("list(") && t.ends_with(")")) {
                auto inner = category_by_name.find(t.substr(5, t.size() - 6));
                if (inner != category_by_name.end() && categories[inner->second].ids.size() <= 64) {
                    f.kind = FactKind::category_list;
                    f.category = inner->second;
                }
            }
            if (f.kind == FactKind::integer) {
                f.min = fs.fact->min;
                f.max = fs.fact->max;
            }
            if (facts.size() == max_facts) throw Unsupported{"more than 64 facts"};
            slot_of_variable.emplace(fs.slot, static_cast<std::uint32_t>(facts.size()));
            facts.push_back(std::move(f));
        }
        auto wide = [&](const FastFact& f) {
            return f.kind == FactKind::integer ||
                   (f.kind == FactKind::category_list && categories[f.category].ids.size() > 8);
        };
        for (auto& f : facts) {  // eight-byte columns first, then bytes: no padding
            if (wide(f)) {
                f.column = {static_cast<std::uint32_t>(row_bytes), true};
                row_bytes += 8;
            }
        }
        narrow_start = row_bytes;
        for (const bool flags : {false, true}) {  // wider fields first: they pack worse
            for (auto& f : facts) {
                if (wide(f) || f.kind == FactKind::string || f.kind == FactKind::other) continue;
                if ((f.kind == FactKind::boolean) != flags) continue;
                std::size_t values = 2;
                if (f.kind == FactKind::category) values = categories[f.category].ids.size();
                if (f.kind == FactKind::category_list) values = std::size_t{1} << categories[f.category].ids.size();
                f.column = bit_field(values);
            }
        }
    }

    // A bit field for `values` values, in the first byte with room (bytes after the wide columns).
    std::size_t narrow_start = 0;
    std::vector<std::uint8_t> used_bits;  // by narrow byte
    Column bit_field(std::size_t values) {
        std::uint8_t bits = 1;
        while ((std::size_t{1} << bits) < values) ++bits;
        std::size_t byte = 0;
        while (byte < used_bits.size() && used_bits[byte] + bits > 8) ++byte;
        if (byte == used_bits.size()) {
            used_bits.push_back(0);
            ++row_bytes;
        }
        Column c;
        c.offset = static_cast<std::uint32_t>(narrow_start + byte);
        c.shift = used_bits[byte];
        c.bits = bits;
        used_bits[byte] = static_cast<std::uint8_t>(used_bits[byte] + bits);
        return c;
    }

    NodePtr definition(std::size_t index) {
        auto found = memo_of_definition.find(index);
        if (found == memo_of_definition.end()) {
            if (definition_bodies.size() == max_definitions) throw Unsupported{"more than 64 definitions"};
            const auto memo = static_cast<std::uint32_t>(definition_bodies.size());
            definition_bodies.emplace_back();  // reserve the index; bodies may refer to others
            palettes.emplace_back();
            definition_refs.emplace_back();
            const CompiledDefinition& d = rs.definitions[index];
            NodePtr body;
            if (d.value) {
                body = expression(*d.value);
            } else {
                auto table = std::make_unique<Table>();
                table->memo = memo;
                for (const auto& row : d.rows) {
                    table->rows.emplace_back(row.when ? expression(*row.when) : nullptr, expression(row.then));
                }
                body = std::move(table);
            }
            definition_bodies[memo] = std::move(body);
            definition_refs[memo] = std::make_unique<DefinitionRef>(memo, &definition_bodies[memo]);
            fold_order.push_back(memo);  // after the definitions it uses
            found = memo_of_definition.emplace(index, memo).first;
        }
        return std::make_unique<DefinitionRef>(found->second, &definition_bodies[found->second]);
    }

    // --- folding -----------------------------------------------------------------------

    static constexpr std::size_t max_fold_entries = std::size_t{1} << 16;  // a table before compressing
    static constexpr std::size_t max_palette = 16;  // a definition with more values is not an input

    static constexpr std::int64_t max_whole_values = 250;  // an int read whole: each value an interval

    // An int fact whose schema range is small enough for every value to be an axis position.
    bool whole(const FastFact& f) const {
        return f.kind == FactKind::integer && f.min && f.max && *f.max - *f.min < max_whole_values;
    }
    // The interval boundaries an int fact's axis needs: the constants it is compared with,
    // and where it is read whole, every value of its range.
    std::vector<std::int64_t> cuts_of(std::uint32_t slot, const Inputs& in) const {
        std::set<std::int64_t> cuts;
        if (auto it = in.facts.find(slot); it != in.facts.end()) cuts = it->second;
        const FastFact& f = facts[slot];
        if (in.raw.count(slot) && whole(f)) {
            for (std::int64_t v = *f.min; v <= *f.max + 1; ++v) cuts.insert(v);
        }
        return {cuts.begin(), cuts.end()};
    }

    bool bounded(const Inputs& in) const {
        if (in.unbounded) return false;
        for (const auto slot : in.raw) {
            if (facts[slot].kind == FactKind::integer && !(whole(facts[slot]) && facts[slot].code)) return false;
        }
        for (const auto& [slot, cuts] : in.facts) {
            const FastFact& f = facts[slot];
            if (f.kind == FactKind::string || f.kind == FactKind::other) return false;
            if (f.kind == FactKind::category_list && categories[f.category].ids.size() > 8) return false;
            if (f.kind == FactKind::integer && !f.code) return false;
        }
        for (const auto d : in.definitions) {
            if (!palettes[d]) return false;
        }
        return true;
    }

    void fold_all() {
        Inputs all;
        for (const auto& body : definition_bodies) body->inputs(all);
        for (const auto& [slot, unused] : all.facts) {
            if (facts[slot].kind != FactKind::integer) continue;
            auto cuts = cuts_of(slot, all);
            if (cuts.empty() || cuts.size() > 255) continue;  // a code is one byte
            facts[slot].cuts = std::move(cuts);
            facts[slot].code = bit_field(facts[slot].cuts.size() + 1);
            int_codes.push_back(slot);
        }
        row_bytes = (row_bytes + 7) / 8 * 8;  // the next row's eight-byte columns stay aligned
        folded_bodies.assign(definition_bodies.size(), nullptr);
        for (const auto memo : fold_order) {
            NodePtr& body = definition_bodies[memo];
            body = fold(std::move(body));
            if (auto* folded = dynamic_cast<Folded*>(body.get())) {
                folded_bodies[memo] = folded;
                folded->memo_out = static_cast<int>(memo);
                if (folded->results.size() <= max_palette) palettes[memo] = folded->results;
            } else if (const auto* constant = dynamic_cast<const Const*>(body.get())) {
                palettes[memo] = std::vector<Cell>{constant->value};
            }
        }
    }

    NodePtr fold(NodePtr n) {
        if (n->leaf()) return n;
        Inputs in;
        n->inputs(in);
        if (bounded(in)) {
            if (auto folded = make_folded(n, in)) return folded;
        }
        n->children([&](NodePtr& c) { c = fold(std::move(c)); });
        return n;
    }

    static std::int64_t representative(const std::vector<std::int64_t>& cuts, std::size_t interval) {
        if (interval > 0) return cuts[interval - 1];
        return cuts[0] == std::numeric_limits<std::int64_t>::min() ? cuts[0] : cuts[0] - 1;
    }
    static std::size_t interval_of(const std::vector<std::int64_t>& cuts, std::int64_t v) {
        return static_cast<std::size_t>(std::upper_bound(cuts.begin(), cuts.end(), v) - cuts.begin());
    }

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
    // byte, the sum of its fields' (values no field can hold contribute 0: never read).
    static void pack_bytes(Layout& l) {
        TableIndex& index = l.index;
        std::vector<std::uint32_t> out;
        for (auto& d : index.definitions) {
            const auto from = index.contributions.begin() + d.base;
            d.base = static_cast<std::uint32_t>(out.size());
            out.insert(out.end(), from, from + d.domain);
        }
        std::map<std::uint32_t, std::vector<const Layout::Field*>> bytes;
        for (const auto& f : l.fields) bytes[f.column.offset].push_back(&f);
        index.facts.clear();
        for (const auto& [offset, fields] : bytes) {
            index.facts.push_back({offset, static_cast<std::uint32_t>(out.size())});
            for (unsigned b = 0; b < TableIndex::byte_values; ++b) {
                std::uint32_t sum = 0;
                for (const auto* f : fields) {
                    const unsigned v = (b >> f->column.shift) & f->column.mask();
                    if (v < f->domain) sum += index.contributions[f->base + v];
                }
                out.push_back(sum);
            }
        }
        index.contributions = std::move(out);
    }

    std::optional<Layout> layout(const Inputs& in) const {
        Layout l;
        auto add = [&](Axis a, std::size_t& stride) {
            if (a.size == 0 || l.total > max_fold_entries / a.size) return false;
            stride = l.total;
            l.total *= a.size;
            l.axes.push_back(std::move(a));
            return true;
        };
        for (const auto& [slot, unused] : in.facts) {
            const FastFact& fact = facts[slot];
            Axis a;
            a.slot = slot;
            Layout::Field i;
            i.column = fact.column;
            switch (fact.kind) {
            case FactKind::boolean: a.size = 2; break;
            case FactKind::category_list: a.size = std::size_t{1} << categories[fact.category].ids.size(); break;
            case FactKind::category: a.size = categories[fact.category].ids.size(); break;
            case FactKind::integer:
                a.local_cuts = cuts_of(slot, in);
                a.size = a.local_cuts.size() + 1;
                break;
            default: return std::nullopt;
            }
            std::size_t stride = 0;
            if (a.size > 256 || !add(a, stride)) return std::nullopt;
            i.base = static_cast<std::uint32_t>(l.index.contributions.size());
            i.domain = static_cast<std::uint32_t>(fact.kind == FactKind::integer ? fact.cuts.size() + 1 : a.size);
            if (fact.kind == FactKind::integer) {
                i.column = *fact.code;
                for (std::size_t g = 0; g <= fact.cuts.size(); ++g) {
                    const std::size_t p = interval_of(a.local_cuts, representative(fact.cuts, g));
                    l.index.contributions.push_back(static_cast<std::uint32_t>(p * stride));
                }
            } else {
                for (std::size_t v = 0; v < a.size; ++v) l.index.contributions.push_back(static_cast<std::uint32_t>(v * stride));
            }
            l.fields.push_back(i);
        }
        for (const auto d : in.definitions) {
            if (palettes[d]->size() == 1) {
                l.constants.emplace_back(d, palettes[d]->front());
                continue;
            }
            Axis a;
            a.definition = true;
            a.memo = d;
            a.size = palettes[d]->size();
            TableIndex::DefinitionInput i;
            i.memo = d;
            i.reference = definition_refs[d].get();
            i.domain = static_cast<std::uint32_t>(a.size);
            i.base = static_cast<std::uint32_t>(l.index.contributions.size());
            std::size_t stride = 0;
            if (!add(std::move(a), stride)) return std::nullopt;
            for (std::size_t v = 0; v < i.domain; ++v) l.index.contributions.push_back(static_cast<std::uint32_t>(v * stride));
            l.index.definitions.push_back(i);
        }
        return l;
    }

    // Calls visit(index, ctx) with a context standing for every cell of the table.
    template <typename Visit>
    bool enumerate(const Layout& l, Visit&& visit) const {
        std::vector<unsigned char> row(row_bytes, 0);
        Cell defs[max_definitions];
        std::uint8_t codes[max_definitions] = {};
        for (std::size_t index = 0; index < l.total; ++index) {
            std::uint64_t done = 0;
            std::size_t stride = 1;
            for (const Axis& a : l.axes) {
                const std::size_t p = index / stride % a.size;
                stride *= a.size;
                if (a.definition) {
                    defs[a.memo] = (*palettes[a.memo])[p];
                    codes[a.memo] = static_cast<std::uint8_t>(p);
                    done |= std::uint64_t{1} << a.memo;
                } else if (facts[a.slot].kind == FactKind::integer) {
                    const std::int64_t v = representative(a.local_cuts, p);
                    facts[a.slot].column.write(row.data(), v);
                    facts[a.slot].code->write(row.data(), static_cast<std::int64_t>(interval_of(facts[a.slot].cuts, v)));
                } else {
                    facts[a.slot].column.write(row.data(), static_cast<std::int64_t>(p));
                }
            }
            for (const auto& [memo, value] : l.constants) {
                defs[memo] = value;
                done |= std::uint64_t{1} << memo;
            }
            Ctx ctx{row.data(), defs, done, nullptr, codes};
            if (!visit(index, ctx)) return false;
        }
        return true;
    }

    static std::size_t find_or_add(std::vector<Cell>& cells, Cell c) {
        std::size_t k = 0;
        while (k < cells.size() && (cells[k].v != c.v || cells[k].kind != c.kind)) ++k;
        if (k == cells.size()) cells.push_back(c);
        return k;
    }

    // The table for `n` (taking it over), or null (leaving it) when too large.
    NodePtr make_folded(NodePtr& n, const Inputs& in) {
        auto l = layout(in);
        if (!l) return nullptr;
        auto f = std::make_unique<Folded>();
        std::vector<std::uint16_t> table(l->total);
        const bool ok = enumerate(*l, [&](std::size_t index, Ctx& ctx) {
            const std::size_t k = find_or_add(f->results, n->eval(ctx));
            table[index] = static_cast<std::uint16_t>(k);
            return k < 255;
        });
        if (!ok) return nullptr;
        std::vector<std::size_t> sizes;
        for (const Axis& a : l->axes) sizes.push_back(a.size);
        const auto classes = compress(table, sizes);
        // The axes are the index's fact inputs, then its definition inputs, in order: each
        // contribution was position * stride; it becomes class * the compressed stride.
        std::size_t old_stride = 1, new_stride = 1, axis = 0;
        auto remap = [&](std::uint32_t base, std::uint32_t domain) {
            for (std::uint32_t v = 0; v < domain; ++v) {
                std::uint32_t& c = l->index.contributions[base + v];
                c = static_cast<std::uint32_t>(classes[axis][c / old_stride] * new_stride);
            }
            old_stride *= l->axes[axis].size;
            new_stride *= sizes[axis];
            ++axis;
        };
        for (const auto& i : l->fields) remap(i.base, i.domain);
        for (const auto& i : l->index.definitions) remap(i.base, i.domain);
        pack_bytes(*l);
        f->table.assign(table.begin(), table.end());
        f->index = std::move(l->index);
        f->original = std::move(n);
        return f;
    }

    struct SliceHash {  // FNV-1a over the entries
        std::size_t operator()(const std::vector<std::uint16_t>& v) const {
            std::uint64_t h = 14695981039346656037ull;
            for (const auto x : v) h = (h ^ x) * 1099511628211ull;
            return static_cast<std::size_t>(h);
        }
    };

    // Merges, along each axis in turn, the positions whose slices of the table hold the same
    // entries (the table cannot tell them apart), shrinking the table to one position per
    // class. Returns each axis's map from position to class; `sizes` become the class counts.
    static std::vector<std::vector<std::uint32_t>> compress(std::vector<std::uint16_t>& table,
                                                            std::vector<std::size_t>& sizes) {
        std::vector<std::vector<std::uint32_t>> classes(sizes.size());
        std::size_t stride = 1;
        for (std::size_t k = 0; k < sizes.size(); ++k) {
            const std::size_t size = sizes[k], outer = table.size() / (stride * size);
            std::unordered_map<std::vector<std::uint16_t>, std::uint32_t, SliceHash> seen;
            std::vector<std::size_t> representative;
            for (std::size_t p = 0; p < size; ++p) {
                std::vector<std::uint16_t> slice;
                slice.reserve(outer * stride);
                for (std::size_t o = 0; o < outer; ++o) {
                    const auto at = table.begin() + static_cast<std::ptrdiff_t>((o * size + p) * stride);
                    slice.insert(slice.end(), at, at + static_cast<std::ptrdiff_t>(stride));
                }
                auto [it, added] = seen.emplace(std::move(slice), static_cast<std::uint32_t>(representative.size()));
                if (added) representative.push_back(p);
                classes[k].push_back(it->second);
            }
            const std::size_t kept = representative.size();
            if (kept < size) {
                std::vector<std::uint16_t> smaller(outer * kept * stride);
                for (std::size_t o = 0; o < outer; ++o) {
                    for (std::size_t c = 0; c < kept; ++c) {
                        const auto from = table.begin() + static_cast<std::ptrdiff_t>((o * size + representative[c]) * stride);
                        std::copy(from, from + static_cast<std::ptrdiff_t>(stride),
                                  smaller.begin() + static_cast<std::ptrdiff_t>((o * kept + c) * stride));
                    }
                }
                table = std::move(smaller);
                sizes[k] = kept;
            }
            stride *= sizes[k];
        }
        return classes;
    }

    // Joins folded output definitions, in output order, into groups decided by one lookup
    // each, as long as a group's table stays within max_group_entries.
    void group_outputs() {
        group_of.assign(definition_bodies.size(), -1);
        std::vector<std::uint32_t> pending;
        auto close = [&] {
            if (pending.size() >= 2) make_group(pending, false);
            pending.clear();
        };
        for (const auto m : output_memo) {
            if (!folded_bodies[m] || group_of[m] >= 0 ||
                std::find(pending.begin(), pending.end(), m) != pending.end()) {
                continue;
            }
            auto trial = pending;
            trial.push_back(m);
            if (trial.size() <= max_group_members && make_group(trial, true)) {
                pending = std::move(trial);
            } else {
                close();
                pending.push_back(m);
            }
        }
        close();
    }

    static constexpr std::size_t max_group_members = 8;  // their codes make one 64-bit key
    static constexpr std::size_t max_group_entries = std::size_t{1} << 16;      // a group's table
    static constexpr std::size_t max_group_enumeration = std::size_t{1} << 17;  // before compressing it (compile time)

    // A group over the members' own (compressed) tables. Its axes are the members' inputs:
    // two values of an input fall in one class when every member reading it gives them the
    // same contribution. A member that is an input of another is computed from its own
    // table, not an axis. With `trial`, only says whether the group's table, once
    // compressed, fits.
    bool make_group(std::vector<std::uint32_t> members, bool trial) {
        // Members in dependency order (fold_order), so a member's member inputs come first.
        std::sort(members.begin(), members.end(), [&](std::uint32_t a, std::uint32_t b) {
            return std::find(fold_order.begin(), fold_order.end(), a) <
                   std::find(fold_order.begin(), fold_order.end(), b);
        });
        auto is_member = [&](std::uint32_t memo) {
            return std::find(members.begin(), members.end(), memo) != members.end();
        };
        struct Source {
            bool definition = false;
            std::uint32_t at = 0;  // row offset or memo
            std::uint32_t domain = 0;
            const Node* reference = nullptr;
            std::vector<std::pair<const TableIndex*, std::uint32_t>> readers;  // member index, base
            std::vector<std::uint32_t> class_of;                              // value -> class
            std::vector<std::uint32_t> representative;                        // class -> value
        };
        std::vector<Source> sources;
        auto source = [&](bool definition, std::uint32_t at, std::uint32_t domain) -> Source& {
            for (auto& s : sources) {
                if (s.definition == definition && s.at == at) return s;
            }
            sources.push_back({definition, at, domain, nullptr, {}, {}, {}});
            return sources.back();
        };
        for (const auto m : members) {
            const TableIndex& index = folded_bodies[m]->index;
            for (const auto& i : index.facts) source(false, i.offset, TableIndex::byte_values).readers.emplace_back(&index, i.base);
            for (const auto& i : index.definitions) {
                if (is_member(i.memo)) continue;
                Source& s = source(true, i.memo, i.domain);
                s.reference = i.reference;
                s.readers.emplace_back(&index, i.base);
            }
        }
        std::size_t total = 1;
        for (auto& s : sources) {
            std::map<std::vector<std::uint32_t>, std::uint32_t> keys;
            for (std::uint32_t v = 0; v < s.domain; ++v) {
                std::vector<std::uint32_t> key;
                for (const auto& [index, base] : s.readers) key.push_back(index->contributions[base + v]);
                auto [it, added] = keys.emplace(std::move(key), static_cast<std::uint32_t>(s.representative.size()));
                if (added) s.representative.push_back(v);
                s.class_of.push_back(it->second);
            }
            total *= s.representative.size();
            if (total > max_group_enumeration) return false;
        }

        // Every combination of classes: each member's code from its own table. A member's
        // index is a sum of terms, each a contribution picked by a source's value or by the
        // code of a member computed before it.
        struct Term {
            std::uint32_t base = 0;
            int source = -1;  // or, when negative, -1 - the memo of a member
        };
        auto source_index = [&](bool definition, std::uint32_t at) {
            for (std::size_t k = 0; k < sources.size(); ++k) {
                if (sources[k].definition == definition && sources[k].at == at) return static_cast<int>(k);
            }
            return -1;
        };
        std::vector<std::vector<Term>> terms(members.size());
        for (std::size_t k = 0; k < members.size(); ++k) {
            const TableIndex& index = folded_bodies[members[k]]->index;
            for (const auto& in : index.facts) terms[k].push_back({in.base, source_index(false, in.offset)});
            for (const auto& in : index.definitions) {
                terms[k].push_back({in.base, is_member(in.memo) ? -1 - static_cast<int>(in.memo)
                                                                : source_index(true, in.memo)});
            }
        }
        std::vector<std::uint16_t> table(total);
        std::unordered_map<std::uint64_t, std::uint16_t> ids;  // the members' codes, a byte each
        std::vector<std::uint64_t> tuples;
        std::vector<std::uint32_t> value(sources.size());
        std::vector<std::uint8_t> code(definition_bodies.size());
        for (std::size_t index = 0; index < total; ++index) {
            std::size_t rest = index;
            for (std::size_t k = 0; k < sources.size(); ++k) {
                const std::size_t n = sources[k].representative.size();
                value[k] = sources[k].representative[rest % n];
                rest /= n;
            }
            std::uint64_t tuple = 0;
            for (std::size_t k = 0; k < members.size(); ++k) {
                const Folded& f = *folded_bodies[members[k]];
                std::size_t i = 0;
                for (const Term& t : terms[k]) {
                    const std::uint32_t v = t.source >= 0 ? value[static_cast<std::size_t>(t.source)]
                                                          : code[static_cast<std::size_t>(-1 - t.source)];
                    i += f.index.contributions[t.base + v];
                }
                code[members[k]] = f.table[i];
                tuple |= std::uint64_t{f.table[i]} << (8 * k);
            }
            auto [it, added] = ids.emplace(tuple, static_cast<std::uint16_t>(tuples.size()));
            if (added) {
                if (tuples.size() == 65535) return false;
                tuples.push_back(tuple);
            }
            table[index] = it->second;
        }
        std::vector<std::size_t> sizes;
        for (const auto& s : sources) sizes.push_back(s.representative.size());
        const auto classes = compress(table, sizes);
        if (table.size() > max_group_entries) return false;
        if (trial) return true;

        Group g;
        g.memos = members;
        std::size_t stride = 1;
        for (std::size_t k = 0; k < sources.size(); ++k) {
            const Source& s = sources[k];
            const auto base = static_cast<std::uint32_t>(g.index.contributions.size());
            for (std::uint32_t v = 0; v < s.domain; ++v) {
                g.index.contributions.push_back(static_cast<std::uint32_t>(classes[k][s.class_of[v]] * stride));
            }
            if (s.definition) g.index.definitions.push_back({s.at, base, s.domain, s.reference});
            else g.index.facts.push_back({s.at, base});
            stride *= sizes[k];
        }
        // Fact inputs first, then definition inputs, as TableIndex::of reads them: the
        // contributions carry their strides, so the order of the sum does not matter.
        for (const auto t : tuples) {
            for (std::size_t k = 0; k < members.size(); ++k) {
                const auto c = static_cast<std::uint8_t>(t >> (8 * k));
                g.tuples.push_back(folded_bodies[members[k]]->results[c]);
                g.codes.push_back(c);
            }
        }
        if (tuples.size() <= 256) g.small.assign(table.begin(), table.end());
        else g.table = std::move(table);
        for (const auto t : members) {
            group_of[t] = static_cast<int>(groups.size());
            g.done |= std::uint64_t{1} << t;
        }
        groups.push_back(std::move(g));
        return true;
    }

    // --- expressions -------------------------------------------------------------------

    const cel::CheckedExpr* checked_ = nullptr;

    NodePtr expression(const CompiledExpr& e) {
        if (!e.checked) throw Unsupported{"an expression without type information"};
        const cel::CheckedExpr* saved = checked_;
        checked_ = e.checked.get();
        NodePtr n = compile(checked_->parsed.root);
        checked_ = saved;
        return n;
    }

    const cel::Reference& ref(const Expr& e) const { return checked_->references[static_cast<std::size_t>(e.id)]; }
    const cel::Type& type(const Expr& e) const { return checked_->types[static_cast<std::size_t>(e.id)]; }
    [[noreturn]] void unsupported(const Expr& e, std::string_view what) const {
        const auto& r = checked_->parsed.ranges[static_cast<std::size_t>(e.id)];
        throw Unsupported{fmt::format("{} in `{}`", what, checked_->parsed.source.substr(r.begin, r.end - r.begin))};
    }

    const cel::Variable* variable(const Expr& e) const {
        if (e.kind != ExprKind::ident && e.kind != ExprKind::select) return nullptr;
        return ref(e).variable;
    }

    // The row slot of a fact variable, marked as needed; nullopt for other variables.
    std::optional<std::uint32_t> fact_slot(const Expr& e) {
        const cel::Variable* v = variable(e);
        if (!v || rs.slot_owner[v->slot].first != SlotKind::fact) return std::nullopt;
        auto it = slot_of_variable.find(v->slot);
        if (it == slot_of_variable.end()) unsupported(e, "a fact inside an object");
        needed |= std::uint64_t{1} << it->second;
        return it->second;
    }

    // The value of a parameter variable on the plan's date, or nullptr.
    const cel::Value* parameter(const Expr& e) const {
        const cel::Variable* v = variable(e);
        if (!v || rs.slot_owner[v->slot].first != SlotKind::parameter) return nullptr;
        const CompiledParameter& p = rs.parameters[rs.slot_owner[v->slot].second];
        for (const auto& [period, value] : p.versions) {
            if (period.contains(as_of)) return &value;
        }
        unsupported(e, "a parameter with no value on the date");
    }

    Cell constant_cell(const cel::Value& v, const Expr& at) {
        if (v.is_bool()) return boolean(v.as_bool());
        if (v.is_int()) return {v.as_int(), k_int};
        if (v.is_string()) return {intern(std::string(v.as_string())), k_str};
        unsupported(at, fmt::format("a {} value", v.type().name));
    }

    NodePtr compile(const Expr& e) {
        switch (e.kind) {
        case ExprKind::constant: {
            if (const bool* b = std::get_if<bool>(&e.constant)) return std::make_unique<Const>(boolean(*b));
            if (const auto* i = std::get_if<std::int64_t>(&e.constant)) return std::make_unique<Const>(Cell{*i, k_int});
            if (const auto* s = std::get_if<std::string>(&e.constant)) {
                return std::make_unique<Const>(Cell{intern(*s), k_str});
            }
            unsupported(e, "a constant of this type");
        }
        case ExprKind::ident:
        case ExprKind::select: return variable_node(e);
        case ExprKind::call: return call(e);
        case ExprKind::comprehension: return comprehension(e);
        default: unsupported(e, "a list or map built at run time");
        }
    }

    NodePtr variable_node(const Expr& e) {
        const cel::Variable* v = variable(e);
        if (!v || e.test_only) unsupported(e, "this selection");
        const auto [kind, index] = rs.slot_owner[v->slot];
        switch (kind) {
        case SlotKind::fact: {
            const std::uint32_t slot = *fact_slot(e);
            switch (facts[slot].kind) {
            case FactKind::integer: return std::make_unique<FactRead>(slot, facts[slot].column, k_int);
            case FactKind::boolean: return std::make_unique<FactRead>(slot, facts[slot].column, k_bool);
            case FactKind::category:
                return std::make_unique<CategoryRead>(slot, facts[slot].column, &categories[facts[slot].category].ids);
            default: unsupported(e, "a fact of this type used as a value");
            }
        }
        case SlotKind::parameter: return std::make_unique<Const>(constant_cell(*parameter(e), e));
        case SlotKind::definition: return definition(index);
        case SlotKind::as_of: unsupported(e, "the as-of date");
        }
        unsupported(e, "this variable");
    }

    static bool is_call(const Expr& e, std::string_view name, std::size_t args) {
        return e.kind == ExprKind::call && e.name == name && e.args.size() == args;
    }

    template <template <typename> class N, typename... Extra>
    NodePtr ordered(std::string_view op, Extra&&... extra) {
        auto make = [&]<typename Op>(Op) -> NodePtr { return std::make_unique<N<Op>>(std::forward<Extra>(extra)...); };
        if (op == cel::op::less) return make(std::less<>{});
        if (op == cel::op::less_equals) return make(std::less_equal<>{});
        if (op == cel::op::greater) return make(std::greater<>{});
        return make(std::greater_equal<>{});
    }

    NodePtr call(const Expr& e) {
        namespace op = cel::op;
        const std::string& n = e.name;
        const auto& a = e.args;
        if ((n == op::logical_and || n == op::logical_or) && a.size() == 2) {
            const bool is_and = n == op::logical_and;
            std::vector<NodePtr> parts;
            std::function<void(const Expr&)> flatten = [&](const Expr& x) {
                if (is_call(x, n, 2)) {
                    flatten(x.args[0]);
                    flatten(x.args[1]);
                } else {
                    parts.push_back(compile(x));
                }
            };
            flatten(e);
            if (is_and) {
                auto node = std::make_unique<Logic<true>>();
                node->parts = std::move(parts);
                return node;
            }
            auto node = std::make_unique<Logic<false>>();
            node->parts = std::move(parts);
            return node;
        }
        if (n == op::logical_not && a.size() == 1) {
            if (auto slot = fact_slot(a[0]); slot && facts[*slot].kind == FactKind::boolean) {
                return std::make_unique<FactNot>(*slot, facts[*slot].column);
            }
            auto node = std::make_unique<Not>();
            node->a = compile(a[0]);
            return node;
        }
        if (n == op::negate && a.size() == 1 && type(e).kind == cel::TypeKind::int_) {
            auto node = std::make_unique<Negate>();
            node->a = compile(a[0]);
            return node;
        }
        if (n == op::conditional && a.size() == 3) {
            auto node = std::make_unique<Conditional>();
            node->cond = compile(a[0]);
            node->then = compile(a[1]);
            node->otherwise = compile(a[2]);
            return node;
        }
        if ((n == op::equals || n == op::not_equals) && a.size() == 2) return equality(e, n == op::equals);
        if ((n == op::less || n == op::less_equals || n == op::greater || n == op::greater_equals) && a.size() == 2) {
            return comparison(e);
        }
        if (n == op::in && a.size() == 2) return membership(e);
        if (n == op::index && a.size() == 2) return lookup(e);
        if ((n == "dyn" || n == "int") && a.size() == 1 && !e.member_call) {
            if (n == "int" && type(a[0]).kind != cel::TypeKind::int_) unsupported(e, "a conversion");
            return compile(a[0]);
        }
        static const std::pair<std::string_view, Arith> arithmetic[] = {
            {op::add, Arith::add}, {op::subtract, Arith::sub}, {op::multiply, Arith::mul},
            {op::divide, Arith::div}, {op::modulo, Arith::mod}, {"min", Arith::min}, {"max", Arith::max}};
        for (const auto& [name, kind] : arithmetic) {
            if (n != name || a.size() != 2 || e.member_call) continue;
            if (type(a[0]).kind != cel::TypeKind::int_ || type(a[1]).kind != cel::TypeKind::int_) {
                unsupported(e, "arithmetic on other than int");
            }
            auto node = std::make_unique<Arithmetic>();
            node->op = kind;
            node->a = compile(a[0]);
            node->b = compile(a[1]);
            return node;
        }
        unsupported(e, fmt::format("the function '{}'", n));
    }

    static bool plain_kind(const cel::Type& t) {
        return t.kind == cel::TypeKind::int_ || t.kind == cel::TypeKind::bool_ || t.kind == cel::TypeKind::string ||
               t.is_dyn();
    }

    NodePtr equality(const Expr& e, bool equal) {
        const Expr& x = e.args[0];
        const Expr& y = e.args[1];
        if (!plain_kind(type(x)) || !plain_kind(type(y))) unsupported(e, "equality of these types");
        // Strings are interned, categories and plain ones alike: equal text is an equal id.
        // A fact against a constant of the same kind: one node.
        for (int side = 0; side < 2; ++side) {
            const Expr& f = side ? y : x;
            const Expr& k = side ? x : y;
            auto slot = fact_slot(f);
            if (!slot || k.kind != ExprKind::constant) continue;
            const FactKind fk = facts[*slot].kind;
            std::optional<std::int64_t> c;
            if (fk == FactKind::integer) {
                if (const auto* i = std::get_if<std::int64_t>(&k.constant)) c = *i;
            } else if (fk == FactKind::boolean) {
                if (const bool* b = std::get_if<bool>(&k.constant)) c = *b ? 1 : 0;
            } else if (fk == FactKind::category) {
                if (const auto* s = std::get_if<std::string>(&k.constant)) {
                    c = position_in(facts[*slot].category, intern(*s));
                }
            }
            if (!c) continue;
            if (equal) return std::make_unique<FactCompareConst<std::equal_to<>>>(*slot, facts[*slot].column, *c);
            return std::make_unique<FactCompareConst<std::not_equal_to<>>>(*slot, facts[*slot].column, *c);
        }
        if (equal) {
            auto node = std::make_unique<Equality<true>>();
            node->a = compile(x);
            node->b = compile(y);
            return node;
        }
        auto node = std::make_unique<Equality<false>>();
        node->a = compile(x);
        node->b = compile(y);
        return node;
    }

    NodePtr comparison(const Expr& e) {
        const Expr& x = e.args[0];
        const Expr& y = e.args[1];
        if (const cel::EnumType* en = ref(e).ordered_enum) {
            std::vector<std::int16_t> rank(strings.size(), -1);
            for (std::size_t i = 0; i < en->values.size(); ++i) {
                rank[static_cast<std::size_t>(intern(en->values[i]))] = static_cast<std::int16_t>(i);
            }
            rank.resize(strings.size(), -1);
            NodePtr a = compile(x), b = compile(y);
            return ordered<RankCompare>(e.name, std::move(a), std::move(b), std::move(rank));
        }
        return int_comparison(e, e.name, x, y);
    }

    static std::string_view mirrored(std::string_view op) {
        namespace o = cel::op;
        if (op == o::less) return o::greater;
        if (op == o::less_equals) return o::greater_equals;
        if (op == o::greater) return o::less;
        return o::less_equals;
    }

    // `x OP y` on ints. A fact against a constant is one node (and foldable); a conditional
    // operand is distributed, `age <= (doctor ? 50 : 40)` becoming
    // `doctor ? age <= 50 : age <= 40`, so the fact meets constants only.
    NodePtr int_comparison(const Expr& e, std::string_view op, const Expr& x, const Expr& y) {
        if (type(x).kind != cel::TypeKind::int_ || type(y).kind != cel::TypeKind::int_) {
            unsupported(e, "ordering of other than int or an ordered category");
        }
        for (int side = 0; side < 2; ++side) {
            const Expr& c = side ? x : y;
            if (!is_call(c, cel::op::conditional, 3)) continue;
            auto node = std::make_unique<Conditional>();
            node->cond = compile(c.args[0]);
            node->then = side ? int_comparison(e, op, c.args[1], y) : int_comparison(e, op, x, c.args[1]);
            node->otherwise = side ? int_comparison(e, op, c.args[2], y) : int_comparison(e, op, x, c.args[2]);
            return node;
        }
        if (auto slot = fact_slot(x); slot && y.kind == ExprKind::constant) {
            return ordered<FactCompareConst>(op, *slot, facts[*slot].column, std::get<std::int64_t>(y.constant));
        }
        if (auto slot = fact_slot(y); slot && x.kind == ExprKind::constant) {
            return ordered<FactCompareConst>(mirrored(op), *slot, facts[*slot].column, std::get<std::int64_t>(x.constant));
        }
        NodePtr a = compile(x), b = compile(y);
        return ordered<Compare>(op, std::move(a), std::move(b));
    }

    // The members of a constant list literal or a parameter list/map's keys, as cells.
    std::optional<std::vector<Cell>> constant_members(const Expr& e) {
        std::vector<Cell> out;
        if (e.kind == ExprKind::list) {
            for (const auto& item : e.args) {
                if (item.kind != ExprKind::constant) return std::nullopt;
                if (const auto* s = std::get_if<std::string>(&item.constant)) out.push_back({intern(*s), k_str});
                else if (const auto* i = std::get_if<std::int64_t>(&item.constant)) out.push_back({*i, k_int});
                else if (const bool* b = std::get_if<bool>(&item.constant)) out.push_back(boolean(*b));
                else return std::nullopt;
            }
            return out;
        }
        if (const cel::Value* p = parameter(e)) {
            if (p->is_list()) {
                for (const auto& item : p->as_list()) out.push_back(constant_cell(item, e));
                return out;
            }
            if (p->is_map()) {
                for (const auto& [k, v] : p->as_map().entries()) out.push_back(constant_cell(k, e));
                return out;
            }
        }
        return std::nullopt;
    }

    NodePtr membership(const Expr& e) {
        const Expr& x = e.args[0];
        const Expr& y = e.args[1];
        // 'value' in applicant.list_of_categories
        if (auto slot = fact_slot(y)) {
            const FastFact& f = facts[*slot];
            const auto* s = x.kind == ExprKind::constant ? std::get_if<std::string>(&x.constant) : nullptr;
            if (f.kind != FactKind::category_list || !s) unsupported(e, "membership in a list fact");
            return std::make_unique<ListAny>(*slot, f.column, position_mask(f.category, {intern(*s)}));
        }
        auto members = constant_members(y);
        if (!members) unsupported(e, "membership in a list built at run time");
        const cel::TypeKind xk = type(x).kind;
        if (xk != cel::TypeKind::string && xk != cel::TypeKind::int_) unsupported(e, "membership of this type");
        const std::uint8_t kind = xk == cel::TypeKind::string ? k_str : k_int;
        std::vector<std::int64_t> values;
        for (const Cell& m : *members) {
            if (m.kind == kind) values.push_back(m.v);  // other kinds never equal the value
        }
        std::sort(values.begin(), values.end());
        if (auto slot = fact_slot(x); slot && facts[*slot].kind == FactKind::category) {
            return std::make_unique<CategoryIn>(*slot, facts[*slot].column, position_mask(facts[*slot].category, values));
        }
        auto node = std::make_unique<InSet>();
        node->value = compile(x);
        node->members = std::move(values);
        return node;
    }

    NodePtr lookup(const Expr& e) {
        const cel::Value* p = parameter(e.args[0]);
        if (!p || !p->is_map()) unsupported(e, "indexing other than a parameter map");
        if (type(e.args[1]).kind != cel::TypeKind::string) unsupported(e, "a map key that is not a string");
        std::vector<std::pair<std::int64_t, Cell>> entries;
        for (const auto& [k, v] : p->as_map().entries()) {
            if (!k.is_string()) unsupported(e, "a map with keys that are not strings");
            entries.emplace_back(intern(std::string(k.as_string())), constant_cell(v, e));
        }
        auto node = std::make_unique<MapLookup>();
        node->key = compile(e.args[1]);
        node->table.assign(strings.size(), fail_cell);
        for (const auto& [k, v] : entries) node->table[static_cast<std::size_t>(k)] = v;
        return node;
    }

    // Where a string id stands in a category's values; -1 if it is not one of them.
    std::int64_t position_in(std::size_t category, std::int64_t id) const {
        const auto& ids = categories[category].ids;
        const auto it = std::find(ids.begin(), ids.end(), id);
        return it == ids.end() ? -1 : it - ids.begin();
    }

    std::uint64_t position_mask(std::size_t category, const std::vector<std::int64_t>& ids) const {
        std::uint64_t mask = 0;
        const auto& values = categories[category].ids;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (std::find(ids.begin(), ids.end(), values[i]) != ids.end()) mask |= std::uint64_t{1} << i;
        }
        return mask;
    }

    // The positions of a category for which a predicate over the iteration variable holds:
    // `h in [...]`, `h == '…'`, `h != '…'`, `!p`, `p && q`, `p || q`.
    std::uint64_t predicate_mask(const Expr& p, const std::string& var, std::size_t category) {
        namespace op = cel::op;
        const std::uint64_t all = categories[category].ids.size() == 64
                                      ? ~std::uint64_t{0}
                                      : (std::uint64_t{1} << categories[category].ids.size()) - 1;
        auto is_var = [&](const Expr& x) { return x.kind == ExprKind::ident && x.name == var; };
        if (is_call(p, op::logical_not, 1)) return all & ~predicate_mask(p.args[0], var, category);
        if (is_call(p, op::logical_and, 2)) {
            return predicate_mask(p.args[0], var, category) & predicate_mask(p.args[1], var, category);
        }
        if (is_call(p, op::logical_or, 2)) {
            return predicate_mask(p.args[0], var, category) | predicate_mask(p.args[1], var, category);
        }
        if ((is_call(p, op::equals, 2) || is_call(p, op::not_equals, 2))) {
            const Expr* k = is_var(p.args[0]) ? &p.args[1] : is_var(p.args[1]) ? &p.args[0] : nullptr;
            const auto* s = k && k->kind == ExprKind::constant ? std::get_if<std::string>(&k->constant) : nullptr;
            if (!s) unsupported(p, "this condition on list elements");
            const std::uint64_t m = position_mask(category, {intern(*s)});
            return p.name == op::equals ? m : all & ~m;
        }
        if (is_call(p, op::in, 2) && is_var(p.args[0])) {
            auto members = constant_members(p.args[1]);
            if (!members) unsupported(p, "this condition on list elements");
            std::vector<std::int64_t> ids;
            for (const Cell& c : *members) {
                if (c.kind == k_str) ids.push_back(c.v);
            }
            return position_mask(category, ids);
        }
        unsupported(p, "this condition on list elements");
    }

    NodePtr comprehension(const Expr& e) {
        const cel::Comprehension& c = *e.comprehension;
        if (c.macro != cel::Macro::exists && c.macro != cel::Macro::all) unsupported(e, "this macro");
        auto slot = fact_slot(c.iter_range);
        if (!slot || facts[*slot].kind != FactKind::category_list) unsupported(e, "a macro over other than a list fact");
        // The macros' loop step is `@result || body` (exists) or `@result && body` (all).
        if (c.loop_step.kind != ExprKind::call || c.loop_step.args.size() != 2) unsupported(e, "this macro");
        const std::uint64_t mask = predicate_mask(c.loop_step.args[1], c.iter_var, facts[*slot].category);
        if (c.macro == cel::Macro::exists) return std::make_unique<ListAny>(*slot, facts[*slot].column, mask);
        return std::make_unique<ListAll>(*slot, facts[*slot].column, mask);
    }

    // --- rows --------------------------------------------------------------------------

    // Which row slot a key names: the next slot after the previous key first (profiles
    // usually list facts in schema order), then every slot.
    int find_fact(std::string_view key, std::size_t& hint) const {
        const std::size_t n = facts.size();
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t i = (hint + k) % n;
            if (facts[i].name == key) {
                hint = i + 1;
                return static_cast<int>(i);
            }
        }
        return -1;
    }

    static std::int64_t category_id(const CategoryIds& c, const std::vector<std::string>& strings,
                                    std::string_view s, std::size_t* position = nullptr) {
        for (std::size_t i = 0; i < c.ids.size(); ++i) {
            if (strings[static_cast<std::size_t>(c.ids[i])] == s) {
                if (position) *position = i;
                return c.ids[i];
            }
        }
        return -1;
    }

    struct ThreadParser {
        simdjson::ondemand::parser parser;
        std::unique_ptr<char[]> buffer;
        std::size_t capacity = 0;
    };

    // Parses one profile into `slots` (width facts.size()) and its id; false = decline.
    bool parse(std::string_view line, unsigned char* row, std::string_view& id) const {
        // The profile limits the general path enforces: near them, let it answer (TR5005).
        const ProfileLimits& limits = ruleset.profile_limits();
        if (line.size() > limits.max_bytes || limits.max_depth < 3) return false;
        std::size_t values = 1;
        thread_local ThreadParser tp;
        const std::size_t need = line.size() + simdjson::SIMDJSON_PADDING;
        if (tp.capacity < need) {
            tp.capacity = std::max(need, std::size_t{4096});
            tp.buffer = std::make_unique<char[]>(tp.capacity);
        }
        std::memset(row, 0, row_bytes);
        std::memcpy(tp.buffer.get(), line.data(), line.size());
        std::memset(tp.buffer.get() + line.size(), 0, simdjson::SIMDJSON_PADDING);
        simdjson::ondemand::document doc;
        if (tp.parser.iterate(tp.buffer.get(), line.size(), tp.capacity).get(doc)) return false;
        simdjson::ondemand::object object;
        if (doc.get_object().get(object)) return false;
        std::uint64_t seen = 0;
        int ids = 0;
        std::size_t hint = 0;
        id = {};
        for (auto field : object) {
            std::string_view key;
            if (field.unescaped_key().get(key)) return false;
            simdjson::ondemand::value value;
            if (field.value().get(value)) return false;
            if (++values >= limits.max_values) return false;
            const int f = find_fact(key, hint);
            const bool is_id = key == "id" || key == "applicant_id";
            if (is_id) {
                if (++ids > 1) return false;
                if (f >= 0 && facts[static_cast<std::size_t>(f)].kind != FactKind::string) return false;
                if (value.get_string().get(id)) return false;
                if (f < 0) continue;
                seen |= std::uint64_t{1} << f;
                continue;
            }
            if (f < 0) return false;
            const std::uint64_t bit = std::uint64_t{1} << f;
            if (seen & bit) return false;
            seen |= bit;
            const FastFact& fact = facts[static_cast<std::size_t>(f)];
            switch (fact.kind) {
            case FactKind::integer: {
                std::int64_t v = 0;
                if (value.get_int64().get(v)) return false;
                if ((fact.min && v < *fact.min) || (fact.max && v > *fact.max)) return false;  // TR5002
                fact.column.write(row, v);
                break;
            }
            case FactKind::boolean: {
                bool b = false;
                if (value.get_bool().get(b)) return false;
                fact.column.write(row, b);
                break;
            }
            case FactKind::category: {
                std::string_view s;
                if (value.get_string().get(s)) return false;
                std::size_t position = 0;
                if (category_id(categories[fact.category], strings, s, &position) < 0) return false;
                fact.column.write(row, static_cast<std::int64_t>(position));
                break;
            }
            case FactKind::category_list: {
                simdjson::ondemand::array array;
                if (value.get_array().get(array)) return false;
                std::uint64_t bits = 0;
                for (auto element : array) {
                    if (++values >= limits.max_values) return false;
                    std::string_view s;
                    if (element.get_string().get(s)) return false;
                    std::size_t position = 0;
                    if (category_id(categories[fact.category], strings, s, &position) < 0) return false;
                    bits |= std::uint64_t{1} << position;
                }
                fact.column.write(row, static_cast<std::int64_t>(bits));
                break;
            }
            case FactKind::string: {
                std::string_view s;
                if (value.get_string().get(s)) return false;
                break;
            }
            case FactKind::other: return false;
            }
        }
        for (const std::uint32_t f : int_codes) {
            if (seen >> f & 1) {
                facts[f].code->write(row, static_cast<std::int64_t>(interval_of(facts[f].cuts, facts[f].column.read(row))));
            }
        }
        const char* trailing = nullptr;  // anything after the object: the general path reports it
        if (doc.current_location().get(trailing) != simdjson::OUT_OF_BOUNDS) return false;
        return (seen & needed) == needed;
    }

    // Computes the outputs of one row. False when any is a failure (the general path decides).
    bool decide(const unsigned char* row, Cell* cells, std::uint8_t* trace = nullptr) const {
        // Uninitialised on purpose: `done` says which entries hold values (zeroing 1 KB per
        // row cost more than deciding it).
        alignas(Cell) unsigned char storage[sizeof(Cell) * max_definitions];
        std::uint8_t codes[max_definitions];
        Ctx ctx{row, reinterpret_cast<Cell*>(storage), 0, trace, codes};
        for (std::size_t i = 0; i < outputs.size(); ++i) {
            // The definition's body directly (one call less than through its DefinitionRef).
            const std::uint32_t m = output_memo[i];
            if (!(ctx.done >> m & 1)) {
                if (group_of[m] >= 0 && !trace) {
                    groups[static_cast<std::size_t>(group_of[m])].eval(ctx);
                } else {
                    // A folded body is called directly (no indirect call: the commonest case).
                    const Folded* folded = folded_bodies[m];
                    ctx.defs[m] = folded ? folded->Folded::eval(ctx) : definition_bodies[m]->eval(ctx);
                    ctx.done |= std::uint64_t{1} << m;
                }
            }
            cells[i] = ctx.defs[m];
            if (cells[i].kind == k_fail) return false;
        }
        return true;
    }

    void write(std::string_view id, const Cell* cells, std::string& out) const {
        out += "{\"id\":";
        if (id.empty()) out += "null";
        else append_json_string(out, id);
        for (std::size_t i = 0; i < outputs.size(); ++i) {
            out += column_prefix[i];
            const Cell& c = cells[i];
            switch (c.kind) {
            case k_bool: out += c.v ? "true" : "false"; break;
            case k_int: {
                char digits[24];
                const auto r = std::to_chars(digits, digits + sizeof digits, c.v);
                out.append(digits, r.ptr);
                break;
            }
            default: out += strings_json[static_cast<std::size_t>(c.v)]; break;
            }
        }
        out += '}';
    }
};

ValuePlan::ValuePlan(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ValuePlan::~ValuePlan() = default;

std::shared_ptr<const ValuePlan> ValuePlan::compile(const RuleSet& ruleset, std::vector<std::string> names,
                                                    std::string as_of) {
    auto impl = std::make_unique<Impl>(ruleset, std::move(names), std::move(as_of));
    impl->build();
    return std::make_shared<const ValuePlan>(std::move(impl));
}

bool ValuePlan::fast() const { return impl_->why_not.empty(); }
const std::string& ValuePlan::why_not_fast() const { return impl_->why_not; }
const std::vector<std::string>& ValuePlan::names() const { return impl_->names; }
std::size_t ValuePlan::row_bytes() const { return impl_->row_bytes; }

bool ValuePlan::append_record(std::string_view line, std::string& out) const {
    if (!fast()) return false;
    alignas(8) unsigned char row[max_row_bytes];
    std::string_view id;
    if (!impl_->parse(line, row, id)) return false;
    Cell cells[256];
    std::vector<Cell> more;
    Cell* c = cells;
    if (impl_->outputs.size() > std::size(cells)) {
        more.resize(impl_->outputs.size());
        c = more.data();
    }
    if (!impl_->decide(row, c)) return false;
    impl_->write(id, c, out);
    return true;
}

bool ValuePlan::parse_row(std::string_view line, Rows& rows) const {
    if (!fast()) return false;
    alignas(8) unsigned char row[max_row_bytes];
    std::string_view id;
    if (!impl_->parse(line, row, id)) return false;
    rows.bytes.insert(rows.bytes.end(), row, row + row_bytes());
    rows.ids.emplace_back(id);
    return true;
}

bool ValuePlan::decide(const Rows& rows, std::size_t i, Cell* cells) const {
    return impl_->decide(rows.bytes.data() + i * row_bytes(), cells);
}

bool ValuePlan::coded() const { return fast() && !impl_->palettes_out.empty(); }

bool ValuePlan::decide_codes(const Rows& rows, std::size_t i, std::uint8_t* codes) const {
    return impl_->decide_codes(rows.bytes.data() + i * row_bytes(), codes);
}

const std::vector<ValuePlan::Cell>& ValuePlan::palette(std::size_t k) const { return impl_->palettes_out.at(k); }

std::size_t ValuePlan::trace_width() const { return impl_->definition_bodies.size(); }

bool ValuePlan::decide_traced(const Rows& rows, std::size_t i, Cell* cells, std::uint8_t* trace) const {
    std::fill(trace, trace + trace_width(), std::uint8_t{0});
    return impl_->decide(rows.bytes.data() + i * row_bytes(), cells, trace);
}

void ValuePlan::write_record(const Rows& rows, std::size_t i, const Cell* cells, std::string& out) const {
    impl_->write(rows.ids[i], cells, out);
}

}  // namespace talentrules::rules
