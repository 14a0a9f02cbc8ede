#include "rules/yaml_value.hpp"

#include <charconv>

namespace talentrules::rules::detail {

using cel::Value;

std::optional<Value> yaml_to_value(const YAML::Node& n, int depth) {
    if (depth > 64) return std::nullopt;
    if (n.IsNull()) return Value();
    if (n.IsSequence()) {
        cel::List items;
        for (const auto& i : n) {
            auto v = yaml_to_value(i, depth + 1);
            if (!v) return std::nullopt;
            items.push_back(*v);
        }
        return Value::list(std::move(items));
    }
    if (n.IsMap()) {
        std::vector<cel::Map::Entry> entries;
        for (const auto& kv : n) {
            auto v = yaml_to_value(kv.second, depth + 1);
            if (!v) return std::nullopt;
            entries.emplace_back(Value::string(kv.first.as<std::string>()), *v);
        }
        auto m = cel::Map::make(std::move(entries));
        if (!m) return std::nullopt;
        return Value::map(std::move(*m));
    }
    const std::string& s = n.Scalar();
    if (n.Tag() != "!") {
        if (s == "true") return Value(true);
        if (s == "false") return Value(false);
        std::int64_t i = 0;
        if (auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i); ec == std::errc() && p == s.data() + s.size()) {
            return Value(i);
        }
        double d = 0;
        if (auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d); ec == std::errc() && p == s.data() + s.size()) {
            return Value(d);
        }
    }
    return Value::string(s);
}


}  // namespace talentrules::rules::detail
