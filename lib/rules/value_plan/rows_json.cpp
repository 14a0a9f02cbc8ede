// The fast row parser: one JSON profile line to a compact row, declining anything the
// general path would answer differently (an error record, null values).

#include <simdjson.h>

#include "rules/value_plan/plan.hpp"

namespace talentrules::rules {

using namespace value_plan;
using Impl = ValuePlan::Impl;

namespace {

std::int64_t category_id(const CategoryIds& c, const std::vector<std::string>& strings,
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

}  // namespace

// Which row slot a key names: the next slot after the previous key first (profiles
// usually list facts in schema order), then every slot.
int Impl::find_fact(std::string_view key, std::size_t& hint) const {
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

// Parses one profile into `slots` (width facts.size()) and its id; false = decline.
bool Impl::parse(std::string_view line, unsigned char* row, std::string_view& id) const {
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

}  // namespace talentrules::rules
