// Folding: a subtree over small domains becomes a lookup table, filled by evaluating the
// subtree on a representative of every combination of its inputs, then compressed.

#include <unordered_map>

#include "rules/value_plan/plan.hpp"

namespace talentrules::rules {

using namespace value_plan;
using Impl = ValuePlan::Impl;

namespace {

struct SliceHash {  // FNV-1a over the entries
    std::size_t operator()(const std::vector<std::uint16_t>& v) const {
        std::uint64_t h = 14695981039346656037ull;
        for (const auto x : v) h = (h ^ x) * 1099511628211ull;
        return static_cast<std::size_t>(h);
    }
};

}  // namespace

// An int fact whose schema range is small enough for every value to be an axis position.
bool Impl::whole(const FastFact& f) const {
    return f.kind == FactKind::integer && f.min && f.max && *f.max - *f.min < max_whole_values;
}

// The interval boundaries an int fact's axis needs: the constants it is compared with,
// and where it is read whole, every value of its range.
std::vector<std::int64_t> Impl::cuts_of(std::uint32_t slot, const Inputs& in) const {
    std::set<std::int64_t> cuts;
    if (auto it = in.facts.find(slot); it != in.facts.end()) cuts = it->second;
    const FastFact& f = facts[slot];
    if (in.raw.count(slot) && whole(f)) {
        for (std::int64_t v = *f.min; v <= *f.max + 1; ++v) cuts.insert(v);
    }
    return {cuts.begin(), cuts.end()};
}

bool Impl::bounded(const Inputs& in) const {
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

void Impl::fold_all() {
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

NodePtr Impl::fold(NodePtr n) {
    if (n->leaf()) return n;
    Inputs in;
    n->inputs(in);
    if (bounded(in)) {
        if (auto folded = make_folded(n, in)) return folded;
    }
    n->children([&](NodePtr& c) { c = fold(std::move(c)); });
    return n;
}

// Turns a layout's field inputs into byte inputs: one contribution per value of a row
// byte, the sum of its fields' (values no field can hold contribute 0: never read).
void Impl::pack_bytes(Layout& l) {
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

std::optional<Impl::Layout> Impl::layout(const Inputs& in) const {
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
bool Impl::enumerate(const Layout& l, Visit&& visit) const {
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

std::size_t Impl::find_or_add(std::vector<Cell>& cells, Cell c) {
    std::size_t k = 0;
    while (k < cells.size() && (cells[k].v != c.v || cells[k].kind != c.kind)) ++k;
    if (k == cells.size()) cells.push_back(c);
    return k;
}

// The table for `n` (taking it over), or null (leaving it) when too large.
NodePtr Impl::make_folded(NodePtr& n, const Inputs& in) {
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

// Merges, along each axis in turn, the positions whose slices of the table hold the same
// entries (the table cannot tell them apart), shrinking the table to one position per
// class. Returns each axis's map from position to class; `sizes` become the class counts.
std::vector<std::vector<std::uint32_t>> Impl::compress(std::vector<std::uint16_t>& table,
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

}  // namespace talentrules::rules
