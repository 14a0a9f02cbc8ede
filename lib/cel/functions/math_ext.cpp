// cel-go's math extension (ext.Math): math.greatest/least, rounding, abs, sign, the
// IEEE 754 tests, the bit operations and sqrt. math.greatest(a, b, c) is expanded by the
// parser into math.greatest([a, b, c]) (lib/cel/macros_ext.cpp), so one list overload
// serves every arity.

#include <cmath>
#include <cstdint>
#include <limits>

#include "cel/functions/families.hpp"

namespace talentrules::cel {
namespace {

using i64 = std::int64_t;
using u64 = std::uint64_t;

bool is_number(const Value& v) { return v.is_int() || v.is_uint() || v.is_double(); }

// The extreme of a list by CEL's numeric ordering; ties keep the first, as cel-go does.
Value extreme(const List& items, const char* name, bool greatest) {
    if (items.empty()) return Value::error(std::string(name) + "(): list is empty");
    const Value* best = nullptr;
    for (const Value& v : items) {
        if (!is_number(v)) {
            return Value::error(std::string("no such overload: ") + name + "(" +
                                std::string(v.type().name) + ")");
        }
        if (!best) {
            best = &v;
            continue;
        }
        auto ord = cel_compare(v, *best);
        if (ord && (greatest ? *ord > 0 : *ord < 0)) best = &v;
    }
    return *best;
}

void register_extremes(FunctionRegistry& r) {
    for (bool greatest : {true, false}) {
        const char* name = greatest ? "math.greatest" : "math.least";
        const std::string what = greatest ? "greatest" : "least";
        r.add_global(name, [](i64 a) { return a; }, "the " + what + " of one int: itself");
        r.add_global(name, [](u64 a) { return a; }, "the " + what + " of one uint: itself");
        r.add_global(name, [](double a) { return a; }, "the " + what + " of one double: itself");
        Overload o;
        o.name = name;
        o.params = {Type::list(Type::param("A"))};
        o.result = Type::param("A");
        o.impl = [name, greatest](std::span<const Value> args) {
            return extreme(args[0].as_list(), name, greatest);
        };
        o.doc = "the " + what + " number of a list, or of two or more arguments (numbers compare "
                "across int, uint and double; an empty list is an error)";
        r.add(std::move(o));
    }
}

void register_rounding(FunctionRegistry& r) {
    r.add_global("math.ceil", [](double d) { return std::ceil(d); }, "smallest integral double not below");
    r.add_global("math.floor", [](double d) { return std::floor(d); }, "largest integral double not above");
    r.add_global("math.round", [](double d) { return std::round(d); },
                 "nearest integral double, halves away from zero");
    r.add_global("math.trunc", [](double d) { return std::trunc(d); }, "integral part of a double");
    r.add_global("math.isNaN", [](double d) { return std::isnan(d); }, "true for NaN");
    r.add_global("math.isInf", [](double d) { return std::isinf(d); }, "true for +Inf or -Inf");
    r.add_global("math.isFinite", [](double d) { return std::isfinite(d); },
                 "true unless NaN or infinite");
    r.add_global("math.sqrt", [](double d) { return std::sqrt(d); }, "square root (NaN below zero)");
    r.add_global("math.sqrt", [](i64 i) { return std::sqrt(static_cast<double>(i)); },
                 "square root of an int, as a double");
    r.add_global("math.sqrt", [](u64 u) { return std::sqrt(static_cast<double>(u)); },
                 "square root of a uint, as a double");
}

void register_sign_abs(FunctionRegistry& r) {
    r.add_global("math.abs", [](i64 i) -> Result<i64> {
        if (i == std::numeric_limits<i64>::min()) return Error{"integer overflow"};
        return i < 0 ? -i : i;
    }, "absolute value of an int; the most negative int is an overflow error");
    r.add_global("math.abs", [](u64 u) { return u; }, "a uint, unchanged");
    r.add_global("math.abs", [](double d) { return std::fabs(d); }, "absolute value of a double");
    r.add_global("math.sign", [](i64 i) { return i64{(i > 0) - (i < 0)}; }, "-1, 0 or 1");
    r.add_global("math.sign", [](u64 u) { return u64{u > 0}; }, "0 or 1");
    r.add_global("math.sign", [](double d) {
        if (d > 0) return 1.0;
        if (d < 0) return -1.0;
        return std::isnan(d) ? d : 0.0;  // -0.0 too gives 0.0
    }, "-1.0, 0.0 or 1.0 (NaN stays NaN)");
}

void register_bits(FunctionRegistry& r) {
    r.add_global("math.bitAnd", [](i64 a, i64 b) { return a & b; }, "bitwise and");
    r.add_global("math.bitAnd", [](u64 a, u64 b) { return a & b; }, "bitwise and");
    r.add_global("math.bitOr", [](i64 a, i64 b) { return a | b; }, "bitwise or");
    r.add_global("math.bitOr", [](u64 a, u64 b) { return a | b; }, "bitwise or");
    r.add_global("math.bitXor", [](i64 a, i64 b) { return a ^ b; }, "bitwise exclusive or");
    r.add_global("math.bitXor", [](u64 a, u64 b) { return a ^ b; }, "bitwise exclusive or");
    r.add_global("math.bitNot", [](i64 a) { return ~a; }, "bitwise complement");
    r.add_global("math.bitNot", [](u64 a) { return ~a; }, "bitwise complement");
    const Error negative{"math.bitShift: negative shift"};
    // Shifts of 64 or more give 0; int shifts are on the two's-complement bits (a right
    // shift does not keep the sign), as cel-go defines them.
    r.add_global("math.bitShiftLeft", [negative](i64 a, i64 n) -> Result<i64> {
        if (n < 0) return negative;
        return n > 63 ? 0 : static_cast<i64>(static_cast<u64>(a) << n);
    }, "left shift; a negative shift is an error");
    r.add_global("math.bitShiftLeft", [negative](u64 a, i64 n) -> Result<u64> {
        if (n < 0) return negative;
        return n > 63 ? 0 : a << n;
    }, "left shift; a negative shift is an error");
    r.add_global("math.bitShiftRight", [negative](i64 a, i64 n) -> Result<i64> {
        if (n < 0) return negative;
        return n > 63 ? 0 : static_cast<i64>(static_cast<u64>(a) >> n);
    }, "logical right shift; a negative shift is an error");
    r.add_global("math.bitShiftRight", [negative](u64 a, i64 n) -> Result<u64> {
        if (n < 0) return negative;
        return n > 63 ? 0 : a >> n;
    }, "right shift; a negative shift is an error");
}

}  // namespace

void register_math_ext(FunctionRegistry& r) {
    register_extremes(r);
    register_rounding(r);
    register_sign_abs(r);
    register_bits(r);
}

}  // namespace talentrules::cel
