// Pack-written fact values (see fact_value.hpp).

#include "rules/compile/fact_value.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "rules/compile/functions.hpp"

namespace talentrules::rules::detail {

std::optional<cel::Value> fact_value(const Pack& pack, const Fact& fact, const FactType& type, const Literal& l,
                                     std::string* why) {
    using Kind = FactType::Kind;
    auto wrong = [&](std::string_view expected) -> std::optional<cel::Value> {
        if (why) *why = std::string(expected);
        return std::nullopt;
    };
    switch (type.kind) {
    case Kind::bool_:
        if (l.kind == Literal::Kind::boolean) return cel::Value(l.boolean);
        return wrong("true or false");
    case Kind::int_:
        if (l.kind != Literal::Kind::integer) return wrong("a whole number");
        if (type.kind == fact.parsed_type.kind && ((fact.min && l.integer < *fact.min) || (fact.max && l.integer > *fact.max))) {
            return wrong(fmt::format("a whole number from {} to {}", fact.min ? std::to_string(*fact.min) : "…",
                                     fact.max ? std::to_string(*fact.max) : "…"));
        }
        return cel::Value(l.integer);
    case Kind::number:
        if (l.kind == Literal::Kind::integer) return cel::Value(static_cast<double>(l.integer));
        if (l.kind == Literal::Kind::number) return cel::Value(l.number);
        return wrong("a number");
    case Kind::string:
        if (l.kind == Literal::Kind::string) return cel::Value::string(l.string);
        return wrong("a string");
    case Kind::date:
    case Kind::datetime:
        if (l.kind == Literal::Kind::string) {
            if (auto t = parse_date(l.string)) return cel::Value(*t);
        }
        return wrong("a date YYYY-MM-DD");
    case Kind::category:
        for (const auto& c : pack.categories) {
            if (c.name != type.category) continue;
            if (l.kind == Literal::Kind::string && std::find(c.values.begin(), c.values.end(), l.string) != c.values.end()) {
                return cel::Value::string(l.string);
            }
            std::string values;
            for (const auto& v : c.values) values += (values.empty() ? "" : ", ") + v;
            return wrong(fmt::format("one of {}", values));
        }
        return wrong("a value of category " + type.category);
    case Kind::list: {
        if (l.kind != Literal::Kind::list) return wrong("a list");
        cel::List items;
        for (const auto& item : l.items) {
            auto v = fact_value(pack, fact, type.element.front(), item, why);
            if (!v) return std::nullopt;
            items.push_back(std::move(*v));
        }
        return cel::Value::list(std::move(items));
    }
    case Kind::map:
    case Kind::object: {
        if (l.kind != Literal::Kind::map) return wrong("a mapping");
        std::vector<cel::Map::Entry> entries;
        for (const LiteralEntry& entry : l.map) {  // not a structured binding: clang 14 cannot capture one
            if (type.kind == Kind::map) {
                auto v = fact_value(pack, fact, type.element.front(), entry.value, why);
                if (!v) return std::nullopt;
                entries.emplace_back(cel::Value::string(entry.key), std::move(*v));
                continue;
            }
            const auto field = std::find_if(fact.fields.begin(), fact.fields.end(),
                                            [&](const Fact& f) { return f.name == entry.key; });
            if (field == fact.fields.end()) return wrong(fmt::format("no field '{}' in '{}'", entry.key, fact.name));
            auto v = fact_value(pack, *field, field->parsed_type, entry.value, why);
            if (!v) return std::nullopt;
            entries.emplace_back(cel::Value::string(entry.key), std::move(*v));
        }
        auto m = cel::Map::make(std::move(entries));
        if (!m) return wrong("a mapping without repeated keys");
        return cel::Value::map(std::move(*m));
    }
    }
    return wrong("a value");
}

}  // namespace talentrules::rules::detail
