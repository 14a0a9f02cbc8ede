// parse(): limits, the X3 grammar run, error conversion, lowering.
//
// Order of checks, cheapest first, so hostile input is rejected before the recursive
// descent parser sees it: size (TR1002), UTF-8 (TR1004), bracket/unary nesting pre-scan
// (TR1003), grammar (TR1001), lowering (TR1003 tree depth, TR1005, TR1006, TR1007).

#include "talentrules/cel/parser.hpp"

#include <cstdint>
#include <exception>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "cel/lower.hpp"
#include "cel/x3/config.hpp"
#include "cel/x3/grammar.hpp"
#include "diagnostics/catalogue.hpp"
#include "text/utf8.hpp"

namespace talentrules::cel {
namespace {

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }


/// Skips a string literal whose opening quote is at `i`; returns the offset after it
/// (or where the grammar would stop: end of text, or a newline in a one-line string).
/// Mirrors the grammar's string_literal_parser.
std::size_t skip_string(std::string_view s, std::size_t i, bool raw) {
    const std::size_t n = s.size();
    const char q = s[i];
    const bool triple = n - i >= 3 && s[i + 1] == q && s[i + 2] == q;
    i += triple ? 3 : 1;
    while (i < n) {
        const char c = s[i];
        if (c == '\\' && !raw) {
            i += 2;
            continue;
        }
        if (c == q) {
            if (!triple) return i + 1;
            if (n - i >= 3 && s[i + 1] == q && s[i + 2] == q) return i + 3;
        } else if (!triple && (c == '\n' || c == '\r')) {
            return i;
        }
        ++i;
    }
    return n;
}

bool is_string_prefix(std::string_view w) {
    if (w.empty() || w.size() > 2) return false;
    int r = 0;
    int b = 0;
    for (char c : w) {
        if (c == 'r' || c == 'R') {
            ++r;
        } else if (c == 'b' || c == 'B') {
            ++b;
        } else {
            return false;
        }
    }
    return r <= 1 && b <= 1;
}

/// The cheap pre-scan: the offset where brackets, call parentheses and chains of unary
/// operators nest deeper than `limit`, skipping strings and comments like the grammar.
/// The grammar recurses only at brackets, so this bounds its stack use.
std::optional<std::size_t> too_deep(std::string_view s, int limit) {
    const std::size_t n = s.size();
    long depth = 0;            // open brackets
    long unary_in_scope = 0;   // unary operators applying to the open brackets
    long run = 0;              // current chain of unary operators
    std::vector<long> saved;   // `run` at each open bracket
    bool after_operand = false;
    std::size_t i = 0;
    while (i < n) {
        const char c = s[i];
        if (is_space(c)) {
            ++i;
            continue;
        }
        if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            while (i < n && s[i] != '\n') ++i;
            continue;
        }
        if (is_word_char(c)) {
            std::size_t j = i;
            while (j < n && is_word_char(s[j])) ++j;
            const std::string_view word = s.substr(i, j - i);
            if (j < n && (s[j] == '"' || s[j] == '\'') && is_string_prefix(word)) {
                const bool raw = word.find_first_of("rR") != std::string_view::npos;
                i = skip_string(s, j, raw);
                after_operand = true;
            } else {
                i = j;
                after_operand = word != "in";
            }
            run = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            i = skip_string(s, i, false);
            after_operand = true;
            run = 0;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            saved.push_back(run);
            unary_in_scope += run;
            run = 0;
            ++depth;
            if (depth + unary_in_scope > limit) return i;
            after_operand = false;
            ++i;
            continue;
        }
        if (c == ')' || c == ']' || c == '}') {
            if (!saved.empty()) {
                unary_in_scope -= saved.back();
                saved.pop_back();
                --depth;
            }
            run = 0;
            after_operand = true;
            ++i;
            continue;
        }
        if ((c == '!' && !(i + 1 < n && s[i + 1] == '=')) || (c == '-' && !after_operand)) {
            ++run;
            if (depth + unary_in_scope + run > limit) return i;
            after_operand = false;
            ++i;
            continue;
        }
        run = 0;
        after_operand = false;
        ++i;
        if (c == '!' || c == '=' || c == '<' || c == '>' || c == '&' || c == '|') {
            if (i < n && (s[i] == '=' || s[i] == '&' || s[i] == '|')) ++i;
        }
    }
    return std::nullopt;
}

std::size_t skip_blank(std::string_view s, std::size_t i) {
    const std::size_t n = s.size();
    while (i < n) {
        if (is_space(s[i])) {
            ++i;
        } else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
            while (i < n && s[i] != '\n') ++i;
        } else {
            break;
        }
    }
    return i;
}

/// Length in bytes of the token starting at `i` (for messages and carets).
std::size_t token_length(std::string_view s, std::size_t i) {
    const std::size_t n = s.size();
    if (i >= n) return 0;
    const char c = s[i];
    if (is_word_char(c)) {
        std::size_t j = i;
        while (j < n && is_word_char(s[j]) && j - i < 24) ++j;
        return j - i;
    }
    if (i + 1 < n) {
        const std::string_view two = s.substr(i, 2);
        if (two == "&&" || two == "||" || two == "==" || two == "!=" || two == "<=" ||
            two == ">=") {
            return 2;
        }
    }
    std::size_t j = i + 1;
    while (j < n && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    return j - i;
}

std::string describe(std::string_view s, std::size_t i) {
    const std::size_t len = token_length(s, i);
    if (len == 0) return "end of input";
    return "'" + std::string(s.substr(i, len)) + "'";
}

}  // namespace

ParseResult parse(std::string_view text, const ParseOptions& options) {
    ParseResult result;
    auto report = [&](Diagnostic d) {
        d.file = std::string(options.file);
        d.position = position_of(text, d.range.begin);
        result.diagnostics.push_back(std::move(d));
        result.expr.reset();
        return std::move(result);
    };
    auto error = [&](const char* code, const char* key, std::initializer_list<diagnostics::Arg> args,
                     Range range) {
        return report(diagnostics::make_diagnostic(code, key, args, {}, {}, range));
    };
    auto at = [](std::size_t begin, std::size_t length) {
        return Range{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + length)};
    };

    try {
        if (text.size() > options.max_expression_bytes ||
            text.size() > std::numeric_limits<std::uint32_t>::max() / 2) {
            return error("TR1002", "too_large", {text.size(), options.max_expression_bytes}, Range{0, 0});
        }
        if (const auto bad = text::first_invalid_utf8(text); bad != std::string_view::npos) {
            return error("TR1004", "invalid_utf8", {bad}, at(bad, 1));
        }
        if (const auto deep = too_deep(text, options.max_nesting_depth)) {
            return error("TR1003", "brackets", {options.max_nesting_depth}, at(*deep, 1));
        }

        namespace x3 = boost::spirit::x3;
        const char* const first = text.data();
        const char* const last = first + text.size();
        syntax::SourceBegin source{first};
        syntax::Expression ast;
        const char* it = first;
        bool ok = false;
        try {
            ok = x3::phrase_parse(
                it, last, x3::with<syntax::source_tag>(source)[syntax::expression()],
                syntax::skipper_type{}, ast);
        } catch (const x3::expectation_failure<const char*>& e) {
            const std::string& which = e.which();
            const auto where = static_cast<std::size_t>(e.where() - first);
            if (!which.empty() && which[0] == '@') {
                const std::string message = which.substr(1);
                // The grammar's one complete message has its own translation.
                if (message == "unterminated string literal") {
                    return error("TR1001", "unterminated", {}, at(where, 1));
                }
                return error("TR1001", "grammar", {message}, at(where, 1));
            }
            const std::size_t pos = skip_blank(text, where);
            return error("TR1001", "expected", {which, describe(text, pos)},
                         at(pos, token_length(text, pos)));
        }
        if (!ok) {
            const std::size_t pos = skip_blank(text, 0);
            return error("TR1001", "expected_expression", {describe(text, pos)},
                         at(pos, token_length(text, pos)));
        }
        if (it != last) {
            const std::size_t pos = skip_blank(text, static_cast<std::size_t>(it - first));
            return error("TR1001", "unexpected", {describe(text, pos)},
                         at(pos, token_length(text, pos)));
        }

        ParsedExpr parsed;
        if (auto failure = detail::lower(ast, text, options, parsed)) {
            // Rebuilt from the template: failure->message is the same English text.
            return report(diagnostics::from_parts(failure->code, failure->key, std::move(failure->args), {}, {},
                                                  failure->range));
        }
        result.expr = std::move(parsed);
        return result;
    } catch (const std::bad_alloc&) {
        return error("TR1002", "out_of_memory", {}, Range{0, 0});
    } catch (const std::exception& e) {
        return error("TR1001", "internal", {e.what()}, Range{0, 0});
    } catch (...) {
        return error("TR1001", "internal_unknown", {}, Range{0, 0});
    }
}

}  // namespace talentrules::cel
