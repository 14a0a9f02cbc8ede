#pragma once
// The one escaping of profile text for text sinks (text reports, TSV, diagnostics, logs):
// a control character or a bidirectional formatting character in an applicant's string
// (an applicant_id holding U+202E) would otherwise reorder or forge what a reader sees.
// JSON output is left to the JSON writer (it escapes C0; bidi stays valid JSON there).

#include <string>
#include <string_view>

namespace talentrules::text {

/// True for what escape_controls rewrites: C0 controls, DEL, C1 controls (U+0080–U+009F),
/// U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069.
bool is_escaped_code_point(char32_t c);

/// Appends `s` with tab, newline and carriage return written as \t, \n, \r and every other
/// character of is_escaped_code_point as \u{XXXX}. Invalid UTF-8 bytes are written as
/// \x{XX}. Everything else is copied as is.
void append_escaped(std::string& out, std::string_view s);

/// append_escaped into a new string; `s` itself when nothing needs escaping.
std::string escape_controls(std::string_view s);

/// For HTML and XML text and attribute values (diff pages, the doc site, JUnit reports):
/// & < > " ' as character references, controls and bidi characters as in append_escaped
/// except tab, newline and carriage return, which are kept (XML 1.0 allows only those).
std::string markup_escape(std::string_view s);

}  // namespace talentrules::text
