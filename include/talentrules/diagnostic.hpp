#pragma once
/// Diagnostics: user-caused problems found while parsing, checking or loading.
///
/// Every diagnostic carries a stable code (TR1xxx parse, TR2xxx type, TR3xxx pack,
/// TR4xxx graph, TR5xxx profile) that tests and tools match on, never the prose.
/// Thread-safe: plain values.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace talentrules {

/// 1-based line and column; columns count Unicode code points, not bytes.
struct Position {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    friend bool operator==(const Position&, const Position&) = default;
};

/// Half-open byte range [begin, end) in a source text.
struct Range {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    friend bool operator==(const Range&, const Range&) = default;
};

enum class Severity : std::uint8_t { error, warning, note };

/// "error", "warning" or "note", as rendered and documented.
std::string_view to_string(Severity severity);

/// Language of rendered messages.
enum class Lang : std::uint8_t { en, zh };

struct Diagnostic {
    Severity severity = Severity::error;
    std::string code;      ///< stable id, e.g. "TR1001"
    std::string message;   ///< English, one sentence, no trailing period
    std::string file;      ///< source name; empty for an inline expression
    Position position;     ///< where the fault starts (line 0 = unknown)
    Range range;           ///< byte range within the source text
    /// Which of the code's message templates `message` was rendered from (see
    /// docs/DIAGNOSTICS.md), and its arguments in order, so the message can be rendered
    /// in another language. Empty for a diagnostic not built from the catalogue.
    std::string template_key;
    std::vector<std::string> args;
    /// For a profile error, the JSON pointer (RFC 6901) of the offending value, or of the
    /// unknown field: "/home_purchase/date", "/honors/2". Empty when not about a value.
    /// Set even when the profile had no text (a value given by a program) and so no position.
    std::string pointer;
};

using Diagnostics = std::vector<Diagnostic>;

/// True if any diagnostic is an error.
bool has_errors(const Diagnostics& diagnostics);

/// Position of byte `offset` in `text` (1-based line, code-point column).
Position position_of(std::string_view text, std::uint32_t offset);

/// The message in `lang`: `message` for English; for Chinese the catalogue's template
/// filled with `args` (or `message` when the diagnostic has no template).
std::string message_in(const Diagnostic& diagnostic, Lang lang);

/// A diagnostic of the catalogue (docs/DIAGNOSTICS.md): template `key` of `code` filled
/// with `args`, given as text in the order the English template first names them. For
/// the front ends (CLI, bindings), which report a few problems of their own under the
/// library's codes and so never write a message themselves.
Diagnostic catalogued_diagnostic(std::string_view code, std::string_view key, std::vector<std::string> args,
                                 std::string file = {}, Position position = {});

/// Renders `file:line:col: error[CODE]: message` (`error[CODE] (/pointer): message` when
/// the diagnostic has a pointer), then the source line with a caret under the fault when
/// `text` (the diagnostic's source) is given.
std::string render(const Diagnostic& diagnostic, std::string_view text = {}, Lang lang = Lang::en);

/// Renders all diagnostics, one block each.
std::string render(const Diagnostics& diagnostics, std::string_view text = {},
                   Lang lang = Lang::en);

/// The diagnostics as one JSON array, messages in `lang`, for programs (the C API, the
/// Python binding, batch error records): [{"severity","code","message","file","line",
/// "column","pointer"}, …]; line and column 0 when unknown, pointer "" when none.
std::string diagnostics_to_json(const Diagnostics& diagnostics, Lang lang = Lang::en);

}  // namespace talentrules
