// Row layout: which byte columns and bit fields each fact occupies, and the string table.

#include "rules/value_plan/plan.hpp"
#include "talentrules/json.hpp"

namespace talentrules::rules {

using namespace value_plan;
using Impl = ValuePlan::Impl;

std::int64_t Impl::intern(const std::string& s) {
    auto [it, added] = string_ids.emplace(s, static_cast<std::int64_t>(strings.size()));
    if (added) {
        strings.push_back(s);
        std::string j;
        append_json_string(j, s);
        strings_json.push_back(std::move(j));
    }
    return it->second;
}

void Impl::layout() {
    for (const auto& cat : rs.pack.categories) {
        CategoryIds c;
        c.ordered = cat.ordered;
        for (const auto& v : cat.values) c.ids.push_back(intern(v));
        category_by_name.emplace(cat.name, categories.size());
        categories.push_back(std::move(c));
    }
    // A category (or list of one) gets a bit column only when it has at most 64 values.
    auto small_category = [&](const FactType& t) -> std::optional<std::size_t> {
        if (t.kind != FactType::Kind::category) return std::nullopt;
        auto it = category_by_name.find(t.category);
        if (it == category_by_name.end() || categories[it->second].ids.size() > 64) return std::nullopt;
        return it->second;
    };
    for (const auto& fs : rs.facts) {
        if (fs.path.find('.') != std::string::npos) continue;  // object fields: the object decides
        FastFact f;
        f.name = fs.path;
        const FactType& t = fs.fact->parsed_type;
        if (t.kind == FactType::Kind::int_) f.kind = FactKind::integer;
        else if (t.kind == FactType::Kind::bool_) f.kind = FactKind::boolean;
        else if (t.kind == FactType::Kind::string) f.kind = FactKind::string;
        else if (auto c = small_category(t)) {
            f.kind = FactKind::category;
            f.category = *c;
        } else if (t.kind == FactType::Kind::list) {
            if (auto inner = small_category(t.element.front())) {
                f.kind = FactKind::category_list;
                f.category = *inner;
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

Column Impl::bit_field(std::size_t values) {
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

}  // namespace talentrules::rules
