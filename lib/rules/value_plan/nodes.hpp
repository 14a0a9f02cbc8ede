#pragma once
// The value plan's typed nodes: a second compilation of the checked expressions, against
// the schema instead of against CEL values. Facts sit at fixed columns of a byte row: an
// int, or a bit set of more than 8 categories, in eight bytes; a bool, a category value
// (its position among the category's values) or a bit set of up to 8 categories as a bit
// field sharing a byte with others. Int facts compared with constants, or read whole
// within a schema range, also get a bit field with the interval their value falls in.
// Every node returns a Cell (value and kind) by value, so nothing is allocated while
// deciding. A node that meets anything the general evaluator would turn into an error
// returns `fail`, and the caller takes the general path for that row: the fast path never
// has to reproduce CEL's error and unknown rules, only its ordinary results.
// Private to lib/rules/value_plan/.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "talentrules/cel/ast.hpp"
#include "talentrules/rules/value_plan.hpp"

namespace talentrules::rules::value_plan {

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

inline Cell boolean(bool b) { return {b ? 1 : 0, k_bool}; }

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

}  // namespace talentrules::rules::value_plan
