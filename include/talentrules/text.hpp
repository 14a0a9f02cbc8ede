#pragma once
/// Escaping of untrusted text for text sinks (a log line, a terminal, a TSV field): the
/// library's one function (lib/text/escape.hpp), for front ends over the public API such
/// as the CLI's logs. Thread-safe: pure functions.

#include <string>
#include <string_view>

namespace talentrules {

/// `s` with C0 and C1 controls, DEL and bidirectional formatting characters (U+061C,
/// U+200E/F, U+202A–U+202E, U+2066–U+2069) written as \u{XXXX} (tab, newline and carriage
/// return as \t, \n, \r) and bytes that are not UTF-8 as \x{XX}. JSON output does not need
/// it: the JSON writer escapes controls, and bidi characters are valid JSON.
std::string escape_controls(std::string_view s);

}  // namespace talentrules
