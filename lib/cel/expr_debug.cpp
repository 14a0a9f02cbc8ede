// Debug printing of cel::Expr (see expr_debug.hpp).

#include "cel/expr_debug.hpp"

#include <type_traits>

#include "talentrules/cel/value.hpp"

namespace talentrules::cel {
namespace {

const char* macro_name(Macro m) {
    switch (m) {
        case Macro::none: return "comprehension";
        case Macro::all: return "all";
        case Macro::exists: return "exists";
        case Macro::exists_one: return "exists_one";
        case Macro::map: return "map";
        case Macro::map_filter: return "map_filter";
        case Macro::filter: return "filter";
        case Macro::bind: return "cel.bind";
        case Macro::all2: return "all2";
        case Macro::exists2: return "exists2";
        case Macro::exists_one2: return "existsOne";
        case Macro::transform_list: return "transformList";
        case Macro::transform_map: return "transformMap";
        case Macro::transform_map_entry: return "transformMapEntry";
        case Macro::opt_map: return "optMap";
        case Macro::opt_flat_map: return "optFlatMap";
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
                if (!c->iter_var2.empty()) out += c->iter_var2 + " ";
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

// A constant prints as the Value it denotes: CEL literal syntax (quoting, \x escapes,
// "1.0", "1u") has one home, Value::to_cel. JSON escaping (append_json_string) is not it:
// JSON has no \x and cannot spell a bytes literal's octets.
std::string constant_to_string(const Constant& constant) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, NullConstant>) {
                return Value().to_cel();
            } else if constexpr (std::is_same_v<T, std::string>) {
                return Value::string(v).to_cel();
            } else if constexpr (std::is_same_v<T, BytesConstant>) {
                return Value::bytes(v.data).to_cel();
            } else {
                return Value(v).to_cel();
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
