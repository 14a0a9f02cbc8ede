// JSON input through simdjson's DOM parser (validates UTF-8 and structure, reports the
// byte offset of the fault); output written directly into a string, no intermediate
// document.

#include "talentrules/json.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>

#include "cel/time_util.hpp"
#include "talentrules/diagnostic.hpp"

namespace talentrules {
namespace {

using cel::Value;

struct Converter {
    const JsonLimits& limits;
    std::string error;
    bool limit = false;
    std::size_t values = 0;

    std::optional<Value> convert(simdjson::dom::element e, std::size_t depth) {
        if (depth > limits.max_depth) {
            error = fmt::format("JSON nested deeper than {} levels", limits.max_depth);
            limit = true;
            return std::nullopt;
        }
        if (++values > limits.max_values) {
            error = fmt::format("more than {} values (fields, list items and object members at any depth)",
                                limits.max_values);
            limit = true;
            return std::nullopt;
        }
        switch (e.type()) {
        case simdjson::dom::element_type::NULL_VALUE: return Value();
        case simdjson::dom::element_type::BOOL: return Value(bool(e.get_bool().value()));
        case simdjson::dom::element_type::INT64: return Value(std::int64_t(e.get_int64().value()));
        case simdjson::dom::element_type::UINT64:
            error = fmt::format("integer {} is outside the int64 range", e.get_uint64().value());
            return std::nullopt;
        case simdjson::dom::element_type::DOUBLE: return Value(double(e.get_double().value()));
        case simdjson::dom::element_type::STRING:
            return Value::string(std::string(e.get_string().value()));
        case simdjson::dom::element_type::ARRAY: {
            cel::List items;
            for (auto child : e.get_array()) {
                auto v = convert(child, depth + 1);
                if (!v) return std::nullopt;
                items.push_back(std::move(*v));
            }
            return Value::list(std::move(items));
        }
        case simdjson::dom::element_type::OBJECT: {
            std::vector<cel::Map::Entry> entries;
            for (auto field : e.get_object()) {
                auto v = convert(field.value, depth + 1);
                if (!v) return std::nullopt;
                entries.emplace_back(Value::string(std::string(field.key)), std::move(*v));
            }
            std::string why;
            auto m = cel::Map::make(std::move(entries), &why);
            if (!m) {
                error = why;
                return std::nullopt;
            }
            return Value::map(std::move(*m));
        }
        default: break;
        }
        error = "unsupported JSON value";
        return std::nullopt;
    }
};

void set_error(JsonError* out, std::string message, std::string_view text, std::size_t offset) {
    if (!out) return;
    out->message = std::move(message);
    const Position at = position_of(text, static_cast<std::uint32_t>(std::min<std::size_t>(offset, UINT32_MAX)));
    out->line = at.line;
    out->column = at.column;
}

void append_double(std::string& out, double d) {
    if (std::isnan(d)) {
        out += "\"NaN\"";
    } else if (std::isinf(d)) {
        out += d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    } else {
        out += fmt::format("{}", d);
    }
}

const char* const base64_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void append_base64(std::string& out, std::string_view data) {
    out += '"';
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        auto n = (std::uint32_t(std::uint8_t(data[i])) << 16) |
                 (std::uint32_t(std::uint8_t(data[i + 1])) << 8) | std::uint8_t(data[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += base64_chars[(n >> s) & 63];
    }
    if (i < data.size()) {
        std::uint32_t n = std::uint32_t(std::uint8_t(data[i])) << 16;
        if (i + 1 < data.size()) n |= std::uint32_t(std::uint8_t(data[i + 1])) << 8;
        out += base64_chars[(n >> 18) & 63];
        out += base64_chars[(n >> 12) & 63];
        out += i + 1 < data.size() ? base64_chars[(n >> 6) & 63] : '=';
        out += '=';
    }
    out += '"';
}

// `limit`: stop expanding lists and maps once `out` is longer (the caller checks).
void append_value(std::string& out, const Value& v, std::size_t limit = static_cast<std::size_t>(-1)) {
    if (out.size() > limit) return;
    switch (v.kind()) {
    case cel::Kind::null_: out += "null"; break;
    case cel::Kind::bool_: out += v.as_bool() ? "true" : "false"; break;
    case cel::Kind::int_: out += fmt::format("{}", v.as_int()); break;
    case cel::Kind::uint_: out += fmt::format("{}", v.as_uint()); break;
    case cel::Kind::double_: append_double(out, v.as_double()); break;
    case cel::Kind::string: append_json_string(out, v.as_string()); break;
    case cel::Kind::bytes: append_base64(out, v.as_bytes().data); break;
    case cel::Kind::list: {
        out += '[';
        bool first = true;
        for (const auto& item : v.as_list()) {
            if (!first) out += ',';
            first = false;
            append_value(out, item, limit);
            if (out.size() > limit) return;
        }
        out += ']';
        break;
    }
    case cel::Kind::map: {
        out += '{';
        bool first = true;
        for (const auto& [k, item] : v.as_map().entries()) {
            if (!first) out += ',';
            first = false;
            if (k.is_string()) {
                append_json_string(out, k.as_string());
            } else {
                std::string key;
                append_value(key, k);
                append_json_string(out, key);
            }
            out += ':';
            append_value(out, item, limit);
            if (out.size() > limit) return;
        }
        out += '}';
        break;
    }
    case cel::Kind::timestamp: append_json_string(out, cel::format_timestamp(v.as_timestamp())); break;
    case cel::Kind::duration: append_json_string(out, cel::format_duration(v.as_duration())); break;
    case cel::Kind::type: append_json_string(out, v.as_type().name); break;
    case cel::Kind::optional:  // its value, or null when empty
        if (const cel::Value* inner = v.optional_value()) append_value(out, *inner, limit);
        else out += "null";
        break;
    case cel::Kind::error:
        out += "{\"error\":";
        append_json_string(out, v.error_message());
        out += '}';
        break;
    case cel::Kind::unknown: {
        out += "{\"unknown\":[";
        bool first = true;
        for (const auto& a : v.unknowns()) {
            if (!first) out += ',';
            first = false;
            append_json_string(out, a);
        }
        out += "]}";
        break;
    }
    }
}

}  // namespace

std::optional<cel::Value> value_from_json(std::string_view text, JsonError* error,
                                          std::size_t max_depth) {
    JsonLimits limits;
    limits.max_depth = max_depth;
    return value_from_json(text, limits, error);
}

std::optional<cel::Value> value_from_json(std::string_view text, const JsonLimits& limits, JsonError* error) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(text);
    simdjson::dom::element root;
    auto code = parser.parse(padded).get(root);
    if (code) {
        // simdjson reports no offset; point at the start of the document.
        if (code == simdjson::DEPTH_ERROR) {
            set_error(error, fmt::format("JSON nested deeper than {} levels", limits.max_depth), text, 0);
            if (error) error->limit = true;
        } else {
            set_error(error, fmt::format("invalid JSON: {}", simdjson::error_message(code)), text, 0);
        }
        return std::nullopt;
    }
    Converter c{limits, {}};
    auto v = c.convert(root, 0);
    if (!v) {
        set_error(error, c.error, text, 0);
        if (error) error->limit = c.limit;
    }
    return v;
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    std::size_t run = 0;  // start of the bytes not yet copied: copied in runs, not one by one
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default: out += fmt::format("\\u{:04x}", c);
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

std::string value_to_json(const cel::Value& value) {
    std::string out;
    append_value(out, value);
    return out;
}

std::string value_to_json(const cel::Value& value, std::size_t max_bytes) {
    std::string out;
    append_value(out, value, max_bytes);
    if (out.size() <= max_bytes) return out;
    return fmt::format("{{\"error\":\"value larger than {} bytes\"}}", max_bytes);
}

}  // namespace talentrules
