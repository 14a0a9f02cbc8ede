// Diagnostics: positions and rendering (see talentrules/diagnostic.hpp).

#include "talentrules/diagnostic.hpp"

#include "text/escape.hpp"

#include "diagnostics/catalogue.hpp"
#include "talentrules/json.hpp"

#include <algorithm>
#include <string>

namespace talentrules {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// Number of code points in `s` (bytes that do not continue a UTF-8 sequence).
std::uint32_t code_points(std::string_view s) {
    std::uint32_t n = 0;
    for (char c : s) {
        if (!is_continuation(c)) ++n;
    }
    return n;
}

}  // namespace

std::string_view to_string(Severity s) {
    switch (s) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::note: return "note";
    }
    return "error";
}

bool has_errors(const Diagnostics& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

Position position_of(std::string_view text, std::uint32_t offset) {
    const std::size_t end = std::min<std::size_t>(offset, text.size());
    const std::string_view before = text.substr(0, end);
    const std::size_t newline = before.rfind('\n');
    Position p;
    p.line = static_cast<std::uint32_t>(1 + std::count(before.begin(), before.end(), '\n'));
    const std::string_view line =
        newline == std::string_view::npos ? before : before.substr(newline + 1);
    p.column = 1 + code_points(line);
    return p;
}

Diagnostic catalogued_diagnostic(std::string_view code, std::string_view key, std::vector<std::string> args,
                                 std::string file, Position position) {
    return diagnostics::from_parts(code, key, std::move(args), std::move(file), position);
}

std::string message_in(const Diagnostic& diagnostic, Lang lang) {
    if (lang == Lang::en || diagnostic.template_key.empty()) return diagnostic.message;
    const auto* t = diagnostics::find_template(diagnostic.code, diagnostic.template_key);
    if (t == nullptr) return diagnostic.message;
    return diagnostics::fill(*t, t->zh, diagnostic.args);
}

std::string render(const Diagnostic& diagnostic, std::string_view text, Lang lang) {
    std::string out;
    if (!diagnostic.file.empty()) out += diagnostic.file + ":";
    if (diagnostic.position.line != 0) {
        out += std::to_string(diagnostic.position.line) + ":" +
               std::to_string(diagnostic.position.column) + ":";
    }
    if (!out.empty()) out += " ";
    out += to_string(diagnostic.severity);
    out += "[" + diagnostic.code + "]";
    if (!diagnostic.pointer.empty()) out += " (" + diagnostic.pointer + ")";
    out += ": ";
    text::append_escaped(out, message_in(diagnostic, lang));  // may quote a profile's text
    out += "\n";

    if (text.empty() || diagnostic.position.line == 0) return out;

    // Find the diagnostic's line.
    std::size_t line_begin = 0;
    for (std::uint32_t line = 1; line < diagnostic.position.line; ++line) {
        const std::size_t nl = text.find('\n', line_begin);
        if (nl == std::string_view::npos) return out;  // position not in this text
        line_begin = nl + 1;
    }
    std::size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_begin, line_end - line_begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    // Byte offset (within the line) of the diagnostic's column.
    std::size_t caret_at = 0;
    std::uint32_t column = 1;
    while (caret_at < line.size() && column < diagnostic.position.column) {
        ++caret_at;
        while (caret_at < line.size() && is_continuation(line[caret_at])) ++caret_at;
        ++column;
    }
    // Columns beyond the end of the line (a fault at the end of the text).
    const std::uint32_t past_end =
        diagnostic.position.column > column ? diagnostic.position.column - column : 0;

    // Very long lines are shown as a window around the caret.
    constexpr std::size_t max_line = 160;
    constexpr std::size_t context_before = 60;
    std::size_t shown_begin = 0;
    std::size_t shown_end = line.size();
    if (line.size() > max_line) {
        shown_begin = caret_at > context_before ? caret_at - context_before : 0;
        while (shown_begin > 0 && is_continuation(line[shown_begin])) --shown_begin;
        shown_end = std::min(line.size(), shown_begin + max_line);
        while (shown_end < line.size() && is_continuation(line[shown_end])) ++shown_end;
    }
    const std::string_view ellipsis = "...";
    if (shown_begin > 0) out += ellipsis;
    out += line.substr(shown_begin, shown_end - shown_begin);
    if (shown_end < line.size()) out += ellipsis;
    out += "\n";

    // Caret line: copy tabs so the caret lines up, one space per other code point.
    std::string caret;
    if (shown_begin > 0) caret.append(ellipsis.size(), ' ');
    for (std::size_t i = shown_begin; i < caret_at; ++i) {
        if (is_continuation(line[i])) continue;
        caret += line[i] == '\t' ? '\t' : ' ';
    }
    caret.append(past_end, ' ');
    caret += '^';
    // Underline the rest of the range that lies on this (shown) line.
    const std::size_t caret_byte = line_begin + caret_at;
    const std::size_t range_end =
        std::min<std::size_t>(diagnostic.range.end, line_begin + shown_end);
    if (past_end == 0 && diagnostic.range.begin == caret_byte && range_end > caret_byte + 1) {
        const std::uint32_t width = code_points(text.substr(caret_byte, range_end - caret_byte));
        if (width > 1) caret.append(width - 1, '~');
    }
    out += caret;
    out += "\n";
    return out;
}

std::string render(const Diagnostics& diagnostics, std::string_view text, Lang lang) {
    std::string out;
    for (const auto& d : diagnostics) out += render(d, text, lang);
    return out;
}

std::string diagnostics_to_json(const Diagnostics& diagnostics, Lang lang) {
    std::string out = "[";
    for (const auto& d : diagnostics) {
        if (out.size() > 1) out += ',';
        out += "{\"severity\":";
        append_json_string(out, to_string(d.severity));
        out += ",\"code\":";
        append_json_string(out, d.code);
        out += ",\"message\":";
        append_json_string(out, message_in(d, lang));
        out += ",\"file\":";
        append_json_string(out, d.file);
        out += ",\"line\":" + std::to_string(d.position.line);
        out += ",\"column\":" + std::to_string(d.position.column);
        out += ",\"pointer\":";
        append_json_string(out, d.pointer);
        out += '}';
    }
    return out + "]";
}

}  // namespace talentrules
