#include "text/escape.hpp"

#include "talentrules/text.hpp"

#include <fmt/format.h>

namespace talentrules::text {
namespace {

// Decodes one UTF-8 sequence at s[i]; its length in `len`, 0 when invalid.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
    const auto b = static_cast<unsigned char>(s[i]);
    len = 0;
    if (b < 0x80) {
        len = 1;
        return b;
    }
    std::size_t n = b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
    if (b >= 0xF5 || n == 0 || i + n > s.size()) return 0;
    char32_t c = b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
        const auto cb = static_cast<unsigned char>(s[i + k]);
        if ((cb & 0xC0) != 0x80) return 0;
        c = (c << 6) | (cb & 0x3F);
    }
    const bool overlong = (n == 3 && c < 0x800) || (n == 4 && c < 0x10000);
    if (overlong || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    len = n;
    return c;
}

}  // namespace

bool is_escaped_code_point(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

namespace {

// The one loop of both escapings: `markup` keeps tab, newline and carriage return (lines
// of a message) and writes & < > " ' as character references.
void append(std::string& out, std::string_view s, bool markup) {
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 0;
        const char32_t c = decode(s, i, len);
        if (len == 0) {
            out += fmt::format("\\x{{{:02X}}}", static_cast<unsigned char>(s[i]));
            ++i;
            continue;
        }
        i += len;
        if (markup) {
            switch (c) {
                case '&': out += "&amp;"; continue;
                case '<': out += "&lt;"; continue;
                case '>': out += "&gt;"; continue;
                case '"': out += "&quot;"; continue;
                case '\'': out += "&#39;"; continue;
                case '\t': case '\n': case '\r': out += static_cast<char>(c); continue;
                default: break;
            }
        }
        if (!is_escaped_code_point(c)) out.append(s.substr(i - len, len));
        else if (c == '\t') out += "\\t";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else out += fmt::format("\\u{{{:04X}}}", static_cast<std::uint32_t>(c));
    }
}

}  // namespace

void append_escaped(std::string& out, std::string_view s) { append(out, s, false); }

std::string markup_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    append(out, s, true);
    return out;
}

std::string escape_controls(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    append_escaped(out, s);
    return out;
}

}  // namespace talentrules::text

namespace talentrules {

std::string escape_controls(std::string_view s) { return text::escape_controls(s); }

}  // namespace talentrules
