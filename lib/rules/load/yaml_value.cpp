#include "rules/load/yaml_value.hpp"

#include "rules/load/load_yaml.hpp"

#include <fmt/format.h>

#include <charconv>
#include <vector>

namespace talentrules::rules::detail {
namespace {

using cel::Value;

struct Converter {
    const YamlValueLimits& limits;
    YamlValueError* error;
    std::size_t values = 0;
    std::size_t bytes = 0;

    std::nullopt_t fail(const YAML::Node& n, std::string message) {
        if (error) {
            error->message = std::move(message);
            error->mark = n.Mark();
        }
        return std::nullopt;
    }

    // Counts the text against the budget and checks it is still UTF-8 after decoding.
    bool text(const YAML::Node& n) {
        bytes += n.Scalar().size();
        if (bytes > limits.max_bytes) {
            fail(n, fmt::format("more than {} bytes of text (each use of an alias counts again)", limits.max_bytes));
            return false;
        }
        if (first_invalid_utf8(n.Scalar()) != std::string_view::npos) {
            fail(n, "a value is not valid UTF-8 once YAML escapes are decoded");
            return false;
        }
        return true;
    }

    std::optional<Value> scalar(const YAML::Node& n) {
        if (!text(n)) return std::nullopt;
        const std::string& s = n.Scalar();
        if (n.Tag() == "!") return Value::string(s);  // quoted
        if (s == "true") return Value(true);
        if (s == "false") return Value(false);
        // Only what looks like a number is one (from_chars alone would take nan and inf).
        const std::size_t lead = !s.empty() && s[0] == '-' ? 1 : 0;
        if (s.size() <= lead || !((s[lead] >= '0' && s[lead] <= '9') || s[lead] == '.')) return Value::string(s);
        const char* end = s.data() + s.size();
        std::int64_t i = 0;
        if (auto [p, ec] = std::from_chars(s.data(), end, i); p == end) {
            if (ec == std::errc()) return Value(i);
            if (ec == std::errc::result_out_of_range) {
                return fail(n, fmt::format("integer {} is outside the int64 range", s));
            }
        }
        double d = 0;
        if (auto [p, ec] = std::from_chars(s.data(), end, d); p == end) {
            if (ec == std::errc()) return Value(d);
            if (ec == std::errc::result_out_of_range) {
                return fail(n, fmt::format("number {} is outside the range of a double", s));
            }
        }
        return Value::string(s);
    }

    std::optional<Value> convert(const YAML::Node& n, std::size_t depth) {
        if (++values > limits.max_values) {
            return fail(n, fmt::format("more than {} values (each use of an alias counts again)", limits.max_values));
        }
        if (depth > limits.max_depth) {
            return fail(n, fmt::format("nested deeper than {} levels (or an alias refers to a node containing it)",
                                       limits.max_depth));
        }
        // A tag (`!!str 5`, `!!python/…`) would change a value's type or ask for what the
        // reader does not do: refused, as in pack files.
        if (const std::string& tag = n.Tag(); !tag.empty() && tag != "?" && tag != "!") {
            return fail(n, fmt::format("YAML tags are not allowed (found '{}')", tag));
        }
        if (n.IsNull()) return Value();
        if (n.IsSequence()) {
            cel::List items;
            for (const auto& i : n) {
                auto v = convert(i, depth + 1);
                if (!v) return std::nullopt;
                items.push_back(std::move(*v));
            }
            return Value::list(std::move(items));
        }
        if (n.IsMap()) {
            std::vector<cel::Map::Entry> entries;
            for (const auto& kv : n) {
                if (!kv.first.IsScalar()) return fail(kv.first, "a mapping key must be a plain value");
                if (const std::string& tag = kv.first.Tag(); !tag.empty() && tag != "?" && tag != "!") {
                    return fail(kv.first, fmt::format("YAML tags are not allowed (found '{}')", tag));
                }
                if (!text(kv.first)) return std::nullopt;
                auto v = convert(kv.second, depth + 1);
                if (!v) return std::nullopt;
                entries.emplace_back(Value::string(kv.first.Scalar()), std::move(*v));
            }
            std::string why;
            auto m = cel::Map::make(std::move(entries), &why);
            if (!m) return fail(n, why);  // "repeated map key: …"
            return Value::map(std::move(*m));
        }
        return scalar(n);
    }
};

}  // namespace

std::optional<cel::Value> yaml_to_value(const YAML::Node& node, const YamlValueLimits& limits,
                                        YamlValueError* error) {
    Converter c{limits, error};
    return c.convert(node, 0);
}

std::optional<cel::Value> yaml_to_value(const YAML::Node& node, int depth) {
    YamlValueLimits limits;
    limits.max_depth = depth >= 64 ? 0 : static_cast<std::size_t>(64 - depth);
    return yaml_to_value(node, limits, nullptr);
}

YAML::Node load_one_document(const std::string& text) {
    std::vector<YAML::Node> documents = YAML::LoadAll(text);
    if (documents.size() > 1) {
        const YAML::Mark at = documents[1].Mark().line >= 0 ? documents[1].Mark() : YAML::Mark::null_mark();
        throw YAML::ParserException(at, "a second YAML document starts here (a file holds one)");
    }
    return documents.empty() ? YAML::Node() : documents.front();
}

}  // namespace talentrules::rules::detail
