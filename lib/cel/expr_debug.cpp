// Debug printing of cel::Expr (see expr_debug.hpp).

#include "cel/expr_debug.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <type_traits>

namespace talentrules::cel {
namespace {

std::string escape(const std::string& s, bool bytes) {
    std::string out;
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7F || (bytes && c >= 0x80)) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out;
}

const char* macro_name(Macro m) {
    switch (m) {
        case Macro::none: return "comprehension";
        case Macro::all: return "all";
        case Macro::exists: return "exists";
        case Macro::exists_one: return "exists_one";
        case Macro::map: return "map";
        case Macro::map_filter: return "map_filter";
        case Macro::filter: return "filter";
    }
    return "comprehension";
}

void print(const Expr& e, bool ids, std::string& out) {
    switch (e.kind) {
        case ExprKind::constant: out += constant_to_string(e.constant); break;
        case ExprKind::ident: out += e.name; break;
        case ExprKind::select:
            out += e.test_only ? "(has " : "(. ";
            if (!e.args.empty()) print(e.args[0], ids, out);
            out += " " + e.name + ")";
            break;
        case ExprKind::call:
            out += "(";
            out += e.member_call ? "." + e.name : e.name;
            for (const auto& a : e.args) {
                out += " ";
                print(a, ids, out);
            }
            out += ")";
            break;
        case ExprKind::list:
            out += "[";
            for (std::size_t i = 0; i < e.args.size(); ++i) {
                if (i) out += " ";
                print(e.args[i], ids, out);
            }
            out += "]";
            break;
        case ExprKind::map:
            out += "{";
            for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
                if (i) out += ", ";
                print(e.args[i], ids, out);
                out += ": ";
                print(e.args[i + 1], ids, out);
            }
            out += "}";
            break;
        case ExprKind::comprehension: {
            const Comprehension* c = e.comprehension.get();
            out += "(";
            out += c ? macro_name(c->macro) : "comprehension";
            if (c) {
                out += " " + c->iter_var + " ";
                print(c->iter_range, ids, out);
                out += " ";
                print(c->accu_init, ids, out);
                out += " ";
                print(c->loop_condition, ids, out);
                out += " ";
                print(c->loop_step, ids, out);
                out += " ";
                print(c->result, ids, out);
            }
            out += ")";
            break;
        }
    }
    if (ids) out += "#" + std::to_string(e.id);
}

}  // namespace

std::string constant_to_string(const Constant& constant) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, NullConstant>) {
                return "null";
            } else if constexpr (std::is_same_v<T, bool>) {
                return v ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(v);
            } else if constexpr (std::is_same_v<T, std::uint64_t>) {
                return std::to_string(v) + "u";
            } else if constexpr (std::is_same_v<T, double>) {
                if (std::isnan(v)) return "double(\"NaN\")";
                if (std::isinf(v)) return v > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")";
                char buf[64];
                auto r = std::to_chars(buf, buf + sizeof buf, v);
                std::string s(buf, r.ptr);
                if (s.find_first_of(".eE") == std::string::npos) s += ".0";
                return s;
            } else if constexpr (std::is_same_v<T, std::string>) {
                return "\"" + escape(v, false) + "\"";
            } else {
                return "b\"" + escape(v.data, true) + "\"";
            }
        },
        constant);
}

std::string to_sexpr(const Expr& expr, bool with_ids) {
    std::string out;
    print(expr, with_ids, out);
    return out;
}

}  // namespace talentrules::cel
