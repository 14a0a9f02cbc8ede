// anchor_offset(): the operator token of a node (see source_anchor.hpp).

#include "cel/source_anchor.hpp"

#include <string_view>

namespace talentrules::cel {
namespace {

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// Skips whitespace and comments (and, with `closers`, closing parentheses).
std::size_t skip(std::string_view s, std::size_t i, bool closers) {
    while (i < s.size()) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || (closers && c == ')')) {
            ++i;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
            while (i < s.size() && s[i] != '\n') ++i;
        } else {
            break;
        }
    }
    return i;
}

/// From `i` at a name (optionally quoted in backticks), the offset of the '(' after it.
std::size_t open_paren_after_name(std::string_view s, std::size_t i) {
    i = skip(s, i, false);
    if (i < s.size() && s[i] == '`') {
        const auto close = s.find('`', i + 1);
        if (close == std::string_view::npos) return std::string_view::npos;
        i = close + 1;
    } else {
        while (i < s.size() && is_word_char(s[i])) ++i;
    }
    i = skip(s, i, false);
    return i < s.size() && s[i] == '(' ? i : std::string_view::npos;
}

}  // namespace

std::uint32_t anchor_offset(const ParsedExpr& parsed, const Expr& e) {
    const std::string_view s = parsed.source;
    const auto id = static_cast<std::size_t>(e.id);
    if (id == 0 || id >= parsed.ranges.size()) return 0;
    const Range r = parsed.ranges[id];
    auto range_of = [&](const Expr& x) {
        const auto xid = static_cast<std::size_t>(x.id);
        return xid < parsed.ranges.size() ? parsed.ranges[xid] : Range{};
    };
    // The token after the first operand, if it is `expected` and lies within the range.
    auto token_after = [&](const Expr& first, const char* expected) -> std::size_t {
        const Range fr = range_of(first);
        if (fr.end < r.begin || fr.end > r.end) return std::string_view::npos;
        const std::size_t i = skip(s, fr.end, true);
        if (i >= r.end || std::string_view(expected).find(s[i]) == std::string_view::npos) {
            return std::string_view::npos;
        }
        return i;
    };
    // `target.name(`: the '('.
    auto member_open = [&](const Expr& target) -> std::size_t {
        const std::size_t dot = token_after(target, ".");
        if (dot == std::string_view::npos) return dot;
        const std::size_t open = open_paren_after_name(s, dot + 1);
        return open < r.end ? open : std::string_view::npos;
    };
    // `[.]name(`: the '('.
    auto global_open = [&]() -> std::size_t {
        std::size_t i = skip(s, r.begin, false);
        if (i < s.size() && s[i] == '.') ++i;
        const std::size_t open = open_paren_after_name(s, i);
        return open < r.end ? open : std::string_view::npos;
    };

    std::size_t at = std::string_view::npos;
    switch (e.kind) {
        case ExprKind::select:
            if (e.test_only) {
                at = global_open();  // has(a.b)
            } else if (!e.args.empty()) {
                at = token_after(e.args[0], ".");
            }
            break;
        case ExprKind::call: {
            const std::string_view name = e.name;
            if (e.member_call && !e.args.empty()) {
                at = member_open(e.args[0]);
            } else if (name == op::logical_not || name == op::negate) {
                at = r.begin;
            } else if (name == op::conditional && e.args.size() == 3) {
                at = token_after(e.args[0], "?");
            } else if (name == op::index && e.args.size() == 2) {
                at = token_after(e.args[0], "[");
            } else if ((name.size() > 2 && name.front() == '_' && name.back() == '_') ||
                       name == op::in) {
                if (e.args.size() == 2) at = token_after(e.args[0], "|&<>=!+-*/%i");
            } else {
                at = global_open();
            }
            break;
        }
        case ExprKind::comprehension:
            if (e.comprehension) at = member_open(e.comprehension->iter_range);
            break;
        default: break;
    }
    // Leaves, and nodes a macro synthesized (they carry the call's range): the start.
    if (at == std::string_view::npos || at < r.begin || at >= r.end) at = r.begin;
    return static_cast<std::uint32_t>(at);
}

}  // namespace talentrules::cel
