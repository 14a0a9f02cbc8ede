#include "rules/profile/locate.hpp"

#include <simdjson.h>

#include <charconv>
#include <optional>
#include <utility>

#include "rules/profile/pointer.hpp"

namespace talentrules::rules::profile {
namespace {

namespace od = simdjson::ondemand;

bool names_key(const Diagnostic& d) { return d.code == "TR5001"; }

// The pointer of the object holding the last token, and that token ("/a/b" -> "/a", "b").
std::pair<std::string_view, std::string> split_last(std::string_view pointer) {
    const auto slash = pointer.rfind('/');
    const auto tokens = pointer_tokens(pointer.substr(slash));
    return {pointer.substr(0, slash), tokens.empty() ? std::string() : tokens.front()};
}

std::optional<std::size_t> json_key_offset(od::document& doc, std::string_view parent, std::string_view key,
                                           const char* base) {
    od::object object;
    if (parent.empty() ? doc.get_object().get(object) : doc.at_pointer(parent).get_object().get(object)) {
        return std::nullopt;
    }
    for (auto field : object) {
        // key() before unescaped_key(), which consumes the field's key.
        od::raw_json_string raw;
        std::string_view name;
        if (field.key().get(raw) || field.unescaped_key().get(name)) return std::nullopt;
        if (name == key) return static_cast<std::size_t>(raw.raw() - 1 - base);  // at the opening quote
    }
    return std::nullopt;
}

std::optional<std::size_t> json_value_offset(od::document& doc, std::string_view pointer, const char* base) {
    std::string_view token;
    if (doc.at_pointer(pointer).raw_json_token().get(token)) return std::nullopt;
    return static_cast<std::size_t>(token.data() - base);
}

std::optional<YAML::Mark> yaml_mark(const YAML::Node& root, const Diagnostic& d) {
    const auto tokens = pointer_tokens(d.pointer);
    // reset(), not `=`: assigning a yaml-cpp node overwrites the node it refers to.
    YAML::Node node;
    node.reset(root);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const bool last = i + 1 == tokens.size();
        if (node.IsMap()) {
            std::optional<YAML::Node> next;
            for (const auto& entry : node) {
                if (!entry.first.IsScalar() || entry.first.Scalar() != tokens[i]) continue;
                if (last && names_key(d)) return entry.first.Mark();
                next = entry.second;
                break;
            }
            if (!next) return std::nullopt;
            node.reset(*next);
        } else if (node.IsSequence()) {
            std::size_t index = 0;
            const auto& t = tokens[i];
            if (std::from_chars(t.data(), t.data() + t.size(), index).ec != std::errc{} || index >= node.size()) {
                return std::nullopt;
            }
            const YAML::Node item = std::as_const(node)[index];
            node.reset(item);
        } else {
            return std::nullopt;
        }
    }
    return node.Mark();
}

}  // namespace

void locate_in_json(std::string_view text, Diagnostics& diagnostics) {
    const simdjson::padded_string padded(text);
    od::parser parser;
    od::document doc;
    if (parser.iterate(padded).get(doc)) return;
    for (auto& d : diagnostics) {
        if (d.pointer.empty() || d.position.line != 0) continue;
        doc.rewind();
        std::optional<std::size_t> offset;
        if (names_key(d)) {
            const auto [parent, key] = split_last(d.pointer);
            offset = json_key_offset(doc, parent, key, padded.data());
        } else {
            offset = json_value_offset(doc, d.pointer, padded.data());
        }
        if (offset && *offset < text.size()) d.position = position_of(text, static_cast<std::uint32_t>(*offset));
    }
}

void locate_in_yaml(std::string_view text, const YAML::Node& root, Diagnostics& diagnostics) {
    for (auto& d : diagnostics) {
        if (d.pointer.empty() || d.position.line != 0) continue;
        const auto mark = yaml_mark(root, d);
        if (!mark || mark->pos < 0 || static_cast<std::size_t>(mark->pos) >= text.size()) continue;
        d.position = position_of(text, static_cast<std::uint32_t>(mark->pos));
    }
}

}  // namespace talentrules::rules::profile
