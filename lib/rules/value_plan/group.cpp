// Groups: folded output definitions decided by one lookup over the union of their inputs,
// and the schedule of lookups when a decision is kept as codes.

#include <unordered_map>

#include "rules/value_plan/plan.hpp"

namespace talentrules::rules {

using namespace value_plan;
using Impl = ValuePlan::Impl;

// Joins folded output definitions, in output order, into groups decided by one lookup
// each, as long as a group's table stays within max_group_entries.
void Impl::group_outputs() {
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

// A group over the members' own (compressed) tables. Its axes are the members' inputs:
// two values of an input fall in one class when every member reading it gives them the
// same contribution. A member that is an input of another is computed from its own
// table, not an axis. With `trial`, only says whether the group's table, once
// compressed, fits.
bool Impl::make_group(std::vector<std::uint32_t> members, bool trial) {
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

void Impl::schedule_codes() {
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

}  // namespace talentrules::rules
