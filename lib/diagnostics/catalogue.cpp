// The diagnostics catalogue: lookup, template filling, construction and the generated
// reference (see catalogue.hpp; the rows are in entries_*.cpp).

#include "diagnostics/catalogue.hpp"

#include <algorithm>
#include <cassert>
#include <fmt/format.h>

namespace talentrules::diagnostics {
namespace {

std::vector<Entry> build() {
    std::vector<Entry> all = cel_entries();
    for (auto* more : {&pack_entries, &profile_entries, &request_entries, &service_entries, &tools_entries}) {
        auto part = (*more)();
        all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) { return a.code < b.code; });
    return all;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Calls on_text(literal) and on_name(name) for the pieces of a template, in order.
template <typename Text, typename Name>
void scan(std::string_view t, Text on_text, Name on_name) {
    std::size_t i = 0;
    while (i < t.size()) {
        const char c = t[i];
        if ((c == '{' || c == '}') && i + 1 < t.size() && t[i + 1] == c) {
            on_text(t.substr(i, 1));
            i += 2;
            continue;
        }
        if (c == '{') {
            std::size_t end = i + 1;
            while (end < t.size() && is_name_char(t[end])) ++end;
            if (end < t.size() && t[end] == '}' && end > i + 1) {
                on_name(t.substr(i + 1, end - i - 1));
                i = end + 1;
                continue;
            }
        }
        on_text(t.substr(i, 1));
        ++i;
    }
}

}  // namespace

std::span<const Entry> catalogue() {
    static const std::vector<Entry> table = build();  // immutable once built
    return table;
}

const Entry* find(std::string_view code) {
    const auto all = catalogue();
    const auto it = std::lower_bound(all.begin(), all.end(), code,
                                     [](const Entry& e, std::string_view c) { return e.code < c; });
    return it != all.end() && it->code == code ? &*it : nullptr;
}

const Template* find_template(std::string_view code, std::string_view key) {
    const Entry* e = find(code);
    if (e == nullptr) return nullptr;
    for (const auto& t : e->templates) {
        if (t.key == key) return &t;
    }
    return nullptr;
}

std::vector<std::string_view> parameters(const Template& t) {
    std::vector<std::string_view> names;
    scan(t.en, [](std::string_view) {}, [&](std::string_view name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    });
    return names;
}

std::string fill(const Template& t, std::string_view text, std::span<const std::string> args) {
    const auto names = parameters(t);
    std::string out;
    scan(text, [&](std::string_view s) { out += s; }, [&](std::string_view name) {
        const auto at = static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
        if (at < args.size()) {
            out += args[at];
        } else {
            out += '{';
            out += name;
            out += '}';
        }
    });
    return out;
}

Diagnostic make_diagnostic(std::string_view code, std::string_view key, std::initializer_list<Arg> args,
                           std::string file, Position position, Range range) {
    std::vector<std::string> texts;
    texts.reserve(args.size());
    for (Arg a : args) texts.push_back(std::move(a.text()));
    return from_parts(code, key, std::move(texts), std::move(file), position, range);
}

void add_context(Diagnostic& d, std::string_view before, std::string_view after) {
    d.message = std::string(before) + d.message + std::string(after);
}

Diagnostic from_parts(std::string_view code, std::string_view key, std::vector<std::string> args,
                      std::string file, Position position, Range range) {
    Diagnostic d;
    d.code = std::string(code);
    d.template_key = std::string(key);
    d.args = std::move(args);
    d.file = std::move(file);
    d.position = position;
    d.range = range;
    const Entry* entry = find(code);
    const Template* t = find_template(code, key);
    assert(entry != nullptr && t != nullptr && "diagnostic code or template missing from the catalogue");
    if (entry == nullptr || t == nullptr) {
        d.message = std::string(key);
        return d;
    }
    assert(parameters(*t).size() == d.args.size() && "wrong number of diagnostic arguments");
    d.severity = entry->severity;
    d.message = fill(*t, t->en, d.args);
    return d;
}

namespace {

// A template as Markdown code: backticks inside take a longer fence.
std::string code_span(std::string_view s) {
    const bool tick = s.find('`') != std::string_view::npos;
    const std::string fence = tick ? "``" : "`";
    const std::string pad = tick ? " " : "";
    return fence + pad + std::string(s) + pad + fence;
}

}  // namespace

std::string markdown() {
    std::string out =
        "# Diagnostics\n\n"
        "<!-- Generated from lib/diagnostics/entries_*.cpp by tests/docs_test.cpp; do not edit.\n"
        "     Regenerate: TALENTRULES_UPDATE_DOCS=1 build/debug/tests/talentrules_tests -tc='docs*' -->\n\n"
        "Every problem talentrules reports while loading a pack, checking an expression or reading "
        "a profile has a stable code: TR1xxx parse, TR2xxx type, TR3xxx pack, TR4xxx graph, "
        "TR5xxx profile and tool inputs, TR6xxx request options, TR7xxx the HTTP service and its decision log. Tools and tests match the code, "
        "never the message. Messages are in English and Chinese; `{name}` in a template is filled in from the "
        "problem at hand.\n\n";
    for (const auto& e : catalogue()) out += fmt::format("- [{}](#tr{}) {}\n", e.code, e.code.substr(2), e.title_en);
    for (const auto& e : catalogue()) {
        out += fmt::format("\n## {}\n\n**{}** / **{}** ({})\n\n{}\n\n", e.code, e.title_en, e.title_zh,
                           to_string(e.severity), e.doc);
        out += "| Template | English | 中文 |\n|---|---|---|\n";
        for (const auto& t : e.templates) {
            out += fmt::format("| `{}` | {} | {} |\n", t.key, code_span(t.en), code_span(t.zh));
        }
    }
    return out;
}

}  // namespace talentrules::diagnostics
