// Arithmetic operators: _+_ _-_ _*_ _/_ _%_ -_ over int, uint, double, string, bytes,
// lists, timestamps and durations. Integer overflow, division/modulus by zero and
// timestamp/duration results out of range are CEL errors; doubles follow IEEE 754.

#include <cstdint>
#include <limits>

#include "cel/functions/families.hpp"
#include "cel/time_util.hpp"
#include "talentrules/cel/ast.hpp"

namespace talentrules::cel {

namespace {

using i64 = std::int64_t;
using u64 = std::uint64_t;

const Error int_overflow{"integer overflow"};
const Error uint_overflow{"unsigned integer overflow"};
const Error division_by_zero{"division by zero"};
const Error modulus_by_zero{"modulus by zero"};
const Error timestamp_range{"timestamp out of range"};
const Error duration_range{"duration out of range"};

template <class T>
Result<T> checked(std::optional<T> v, const Error& e) {
    if (!v) return e;
    return *v;
}

void register_add(FunctionRegistry& r) {
    const char* name = op::add;
    r.add_global(name, [](i64 a, i64 b) -> Result<i64> {
        i64 out;
        if (__builtin_add_overflow(a, b, &out)) return int_overflow;
        return out;
    }, "int addition; overflow is an error");
    r.add_global(name, [](u64 a, u64 b) -> Result<u64> {
        u64 out;
        if (__builtin_add_overflow(a, b, &out)) return uint_overflow;
        return out;
    }, "uint addition; overflow is an error");
    r.add_global(name, [](double a, double b) { return a + b; }, "double addition (IEEE 754)");
    r.add_global(name, [](std::string_view a, std::string_view b) {
        std::string out;
        out.reserve(a.size() + b.size());
        out.append(a).append(b);
        return out;
    }, "string concatenation");
    r.add_global(name, [](BytesView a, BytesView b) {
        Bytes out;
        out.data.reserve(a.data.size() + b.data.size());
        out.data.append(a.data).append(b.data);
        return out;
    }, "bytes concatenation");

    Overload concat;
    concat.name = name;
    concat.params = {Type::list(Type::param("A")), Type::list(Type::param("A"))};
    concat.result = Type::list(Type::param("A"));
    concat.impl = [](std::span<const Value> args) -> Value {
        const List& a = args[0].as_list();
        const List& b = args[1].as_list();
        if (b.empty()) return args[0];
        if (a.empty()) return args[1];
        List out;
        out.reserve(a.size() + b.size());
        out.insert(out.end(), a.begin(), a.end());
        out.insert(out.end(), b.begin(), b.end());
        return Value::list(std::move(out));
    };
    concat.doc = "list concatenation";
    r.add(std::move(concat));

    r.add_global(name, [](Timestamp t, Duration d) -> Result<Timestamp> {
        return checked(add_duration(t, d), timestamp_range);
    }, "timestamp plus duration; out of range is an error");
    r.add_global(name, [](Duration d, Timestamp t) -> Result<Timestamp> {
        return checked(add_duration(t, d), timestamp_range);
    }, "duration plus timestamp; out of range is an error");
    r.add_global(name, [](Duration a, Duration b) -> Result<Duration> {
        return checked(add_durations(a, b), duration_range);
    }, "duration addition; out of range is an error");
}

void register_subtract(FunctionRegistry& r) {
    const char* name = op::subtract;
    r.add_global(name, [](i64 a, i64 b) -> Result<i64> {
        i64 out;
        if (__builtin_sub_overflow(a, b, &out)) return int_overflow;
        return out;
    }, "int subtraction; overflow is an error");
    r.add_global(name, [](u64 a, u64 b) -> Result<u64> {
        u64 out;
        if (__builtin_sub_overflow(a, b, &out)) return uint_overflow;
        return out;
    }, "uint subtraction; a result below zero is an error");
    r.add_global(name, [](double a, double b) { return a - b; }, "double subtraction");
    r.add_global(name, [](Timestamp a, Timestamp b) -> Result<Duration> {
        return checked(subtract_timestamps(a, b), duration_range);
    }, "the duration between two timestamps; out of range is an error");
    r.add_global(name, [](Timestamp t, Duration d) -> Result<Timestamp> {
        return checked(subtract_duration(t, d), timestamp_range);
    }, "timestamp minus duration; out of range is an error");
    r.add_global(name, [](Duration a, Duration b) -> Result<Duration> {
        return checked(subtract_durations(a, b), duration_range);
    }, "duration subtraction; out of range is an error");
}

void register_multiply(FunctionRegistry& r) {
    const char* name = op::multiply;
    r.add_global(name, [](i64 a, i64 b) -> Result<i64> {
        i64 out;
        if (__builtin_mul_overflow(a, b, &out)) return int_overflow;
        return out;
    }, "int multiplication; overflow is an error");
    r.add_global(name, [](u64 a, u64 b) -> Result<u64> {
        u64 out;
        if (__builtin_mul_overflow(a, b, &out)) return uint_overflow;
        return out;
    }, "uint multiplication; overflow is an error");
    r.add_global(name, [](double a, double b) { return a * b; }, "double multiplication");
}

void register_divide(FunctionRegistry& r) {
    const char* name = op::divide;
    r.add_global(name, [](i64 a, i64 b) -> Result<i64> {
        if (b == 0) return division_by_zero;
        if (a == std::numeric_limits<i64>::min() && b == -1) return int_overflow;
        return a / b;
    }, "int division, truncating toward zero; division by zero is an error");
    r.add_global(name, [](u64 a, u64 b) -> Result<u64> {
        if (b == 0) return division_by_zero;
        return a / b;
    }, "uint division; division by zero is an error");
    r.add_global(name, [](double a, double b) { return a / b; },
                 "double division (IEEE 754: 1.0 / 0.0 is +Inf)");
}

void register_modulo(FunctionRegistry& r) {
    const char* name = op::modulo;
    r.add_global(name, [](i64 a, i64 b) -> Result<i64> {
        if (b == 0) return modulus_by_zero;
        if (a == std::numeric_limits<i64>::min() && b == -1) return int_overflow;
        return a % b;
    }, "int remainder (sign of the dividend); modulus by zero is an error");
    r.add_global(name, [](u64 a, u64 b) -> Result<u64> {
        if (b == 0) return modulus_by_zero;
        return a % b;
    }, "uint remainder; modulus by zero is an error");
}

void register_negate(FunctionRegistry& r) {
    const char* name = op::negate;
    r.add_global(name, [](i64 a) -> Result<i64> {
        if (a == std::numeric_limits<i64>::min()) return int_overflow;
        return -a;
    }, "int negation; negating the minimum int is an error");
    r.add_global(name, [](double a) { return -a; }, "double negation");
}

}  // namespace

void register_arithmetic(FunctionRegistry& registry) {
    register_add(registry);
    register_subtract(registry);
    register_multiply(registry);
    register_divide(registry);
    register_modulo(registry);
    register_negate(registry);
}

}  // namespace talentrules::cel
