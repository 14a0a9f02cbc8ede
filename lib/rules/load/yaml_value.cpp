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

namespace {

// A document marker (`---` or `...`) at the start of `line`: the three characters, then
// the end of the line or a blank.
bool is_marker(std::string_view line, std::string_view marker) {
    return line.starts_with(marker) &&
           (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

// Content: not blank and not a comment (a directive `%…` only comes before a document).
bool has_content(std::string_view line) {
    const auto first = line.find_first_not_of(" \t\r");
    return first != std::string_view::npos && line[first] != '#' && line[0] != '%';
}

}  // namespace

std::optional<Position> second_document_start(std::string_view text) {
    bool started = false, content = false, ended = false;
    std::optional<Position> marker;  // the second document's `---`, until its content is seen
    std::uint32_t line = 1;
    for (std::size_t i = 0; i <= text.size(); ++line) {
        const auto end = std::min(text.find('\n', i), text.size());
        const auto l = text.substr(i, end - i);
        if (is_marker(l, "---")) {
            if (marker || started || content || ended) {
                // The second document: at its first content (`--- value` is on this line).
                if (has_content(l.substr(3))) return Position{line, 1};
                if (!marker) marker = Position{line, 1};
            }
            started = true;
            content = has_content(l.substr(3));
        } else if (is_marker(l, "...")) {
            ended = ended || content || started;
        } else if (has_content(l)) {
            if (marker || ended) return Position{line, 1};
            content = true;
        }
        if (end == text.size()) break;
        i = end + 1;
    }
    return marker;
}

YAML::Node load_one_document(const std::string& text) {
    if (const auto at = second_document_start(text)) {
        YAML::Mark mark = YAML::Mark::null_mark();
        mark.pos = 0;
        mark.line = static_cast<int>(at->line) - 1;
        mark.column = static_cast<int>(at->column) - 1;
        throw YAML::ParserException(mark, "a second YAML document starts here (a file holds one)");
    }
    return YAML::Load(text);
}

}  // namespace talentrules::rules::detail
