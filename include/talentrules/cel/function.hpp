#pragma once
/// Built-in and extension functions: an overload is a signature plus an implementation,
/// and a FunctionRegistry holds them by name. Adding a function is one registration:
///
///     reg.add_member("startsWith", [](std::string_view s, std::string_view p) {
///         return s.starts_with(p);
///     });
///
/// The adapter deduces the checker signature from the lambda's parameter and return
/// types, so the checker and the runtime cannot disagree. C++ type -> CEL type:
///   bool, std::int64_t (int), std::uint64_t (uint), double, std::string_view (string),
///   BytesView (bytes), const List& (list(dyn)), const Map& (map(dyn, dyn)), Timestamp,
///   Duration, TypeValue (type), const Value& (dyn).
/// Return: any of those (std::string for string, Bytes for bytes, List, Map), Value
/// (dyn; or give the result type explicitly), or Result<T> for a T that may fail with a
/// CEL error.
///
/// Thread-safety: a registry is built single-threaded, then frozen inside an Env and
/// shared read-only. Implementations must be thread-safe (no mutable captures).

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentrules/cel/type.hpp"
#include "talentrules/cel/value.hpp"

namespace talentrules::cel {

/// A CEL error returned from a function implementation.
struct Error {
    std::string message;
};

/// A value of T or a CEL error.
template <class T>
class Result {
public:
    Result(T value) : value_(std::move(value)), ok_(true) {}
    Result(Error error) : error_(std::move(error.message)), ok_(false) {}
    bool ok() const { return ok_; }
    T& value() { return value_; }
    const std::string& error() const { return error_; }

private:
    T value_{};
    std::string error_;
    bool ok_;
};

/// An owned byte string returned by a function (distinct from std::string = string).
struct Bytes {
    std::string data;
};

/// Arguments are never error or unknown for a strict overload: the runtime propagates
/// those before calling it.
using FunctionImpl = std::function<Value(std::span<const Value> args)>;

/// The evaluation's size limits (EvalLimits), for functions whose result can be far larger
/// than their arguments (`join`, `format`, `replace`): they refuse before building it.
struct BuildLimits {
    std::size_t max_string_bytes = 1 << 20;
    std::size_t max_collection_size = 100'000;
};
using LimitedImpl = std::function<Value(std::span<const Value> args, const BuildLimits& limits)>;

struct Overload {
    std::string name;          ///< CEL name: "size", "_+_", "startsWith"
    bool member = false;       ///< receiver style: params[0] is the receiver
    std::vector<Type> params;  ///< may contain Type::param("A") for generic overloads
    Type result;
    FunctionImpl impl;
    LimitedImpl limited;       ///< when set, called instead of `impl`, with the limits
    std::string doc;           ///< one line for docs/FUNCTIONS.md

    /// A stable id: name and parameter types, e.g. "_+_(int, int)", "string.startsWith(string)".
    std::string id() const;
};

namespace detail {
template <class T> struct cel_arg;
template <> struct cel_arg<bool> {
    static Type type() { return Type::boolean(); }
    static bool matches(const Value& v) { return v.is_bool(); }
    static bool get(const Value& v) { return v.as_bool(); }
};
template <> struct cel_arg<std::int64_t> {
    static Type type() { return Type::int64(); }
    static bool matches(const Value& v) { return v.is_int(); }
    static std::int64_t get(const Value& v) { return v.as_int(); }
};
template <> struct cel_arg<std::uint64_t> {
    static Type type() { return Type::uint64(); }
    static bool matches(const Value& v) { return v.is_uint(); }
    static std::uint64_t get(const Value& v) { return v.as_uint(); }
};
template <> struct cel_arg<double> {
    static Type type() { return Type::dbl(); }
    static bool matches(const Value& v) { return v.is_double(); }
    static double get(const Value& v) { return v.as_double(); }
};
template <> struct cel_arg<std::string_view> {
    static Type type() { return Type::string(); }
    static bool matches(const Value& v) { return v.is_string(); }
    static std::string_view get(const Value& v) { return v.as_string(); }
};
template <> struct cel_arg<BytesView> {
    static Type type() { return Type::bytes(); }
    static bool matches(const Value& v) { return v.is_bytes(); }
    static BytesView get(const Value& v) { return v.as_bytes(); }
};
template <> struct cel_arg<List> {
    static Type type() { return Type::list(Type::dyn()); }
    static bool matches(const Value& v) { return v.is_list(); }
    static const List& get(const Value& v) { return v.as_list(); }
};
template <> struct cel_arg<Map> {
    static Type type() { return Type::map(Type::dyn(), Type::dyn()); }
    static bool matches(const Value& v) { return v.is_map(); }
    static const Map& get(const Value& v) { return v.as_map(); }
};
template <> struct cel_arg<Timestamp> {
    static Type type() { return Type::timestamp(); }
    static bool matches(const Value& v) { return v.is_timestamp(); }
    static Timestamp get(const Value& v) { return v.as_timestamp(); }
};
template <> struct cel_arg<Duration> {
    static Type type() { return Type::duration(); }
    static bool matches(const Value& v) { return v.is_duration(); }
    static Duration get(const Value& v) { return v.as_duration(); }
};
template <> struct cel_arg<TypeValue> {
    static Type type() { return Type::type(); }
    static bool matches(const Value& v) { return v.is_type(); }
    static TypeValue get(const Value& v) { return v.as_type(); }
};
template <> struct cel_arg<Value> {
    static Type type() { return Type::dyn(); }
    static bool matches(const Value&) { return true; }
    static const Value& get(const Value& v) { return v; }
};

template <class T> struct cel_result {
    static Type type() { return cel_arg<T>::type(); }
    static Value wrap(T v) { return Value(std::move(v)); }
};
template <> struct cel_result<std::string> {
    static Type type() { return Type::string(); }
    static Value wrap(std::string v) { return Value::string(std::move(v)); }
};
template <> struct cel_result<Bytes> {
    static Type type() { return Type::bytes(); }
    static Value wrap(Bytes v) { return Value::bytes(std::move(v.data)); }
};
template <> struct cel_result<List> {
    static Type type() { return Type::list(Type::dyn()); }
    static Value wrap(List v) { return Value::list(std::move(v)); }
};
template <> struct cel_result<Map> {
    static Type type() { return Type::map(Type::dyn(), Type::dyn()); }
    static Value wrap(Map v) { return Value::map(std::move(v)); }
};
template <> struct cel_result<Value> {
    static Type type() { return Type::dyn(); }
    static Value wrap(Value v) { return v; }
};
template <class T> struct cel_result<Result<T>> {
    static Type type() { return cel_result<T>::type(); }
    static Value wrap(Result<T> r) {
        if (!r.ok()) return Value::error(r.error());
        return cel_result<T>::wrap(std::move(r.value()));
    }
};

template <class F> struct signature : signature<decltype(&F::operator())> {};
template <class C, class R, class... A> struct signature<R (C::*)(A...) const> {
    using result = R;
    using args = std::tuple<std::remove_cvref_t<A>...>;
};
template <class R, class... A> struct signature<R (*)(A...)> {
    using result = R;
    using args = std::tuple<std::remove_cvref_t<A>...>;
};

template <class F, class... A, std::size_t... I>
Value invoke(const F& f, std::span<const Value> args, std::index_sequence<I...>) {
    using R = std::invoke_result_t<const F&, decltype(cel_arg<A>::get(args[I]))...>;
    return cel_result<std::remove_cvref_t<R>>::wrap(f(cel_arg<A>::get(args[I])...));
}

template <class F, class Tuple> struct adapter;
template <class F, class... A> struct adapter<F, std::tuple<A...>> {
    static std::vector<Type> params() { return {cel_arg<A>::type()...}; }
    static FunctionImpl make(F f) {
        return [f = std::move(f)](std::span<const Value> args) -> Value {
            return invoke<F, A...>(f, args, std::index_sequence_for<A...>{});
        };
    }
};
}  // namespace detail

/// Thread-safe for reading once built; not for concurrent registration.
class FunctionRegistry {
public:
    /// Adds an overload declared by hand (generic signatures with Type::param).
    void add(Overload overload);

    /// Global function `name(args...)`; signature deduced from `f`.
    template <class F>
    void add_global(std::string name, F f, std::string doc = {}) {
        add_deduced(std::move(name), false, std::move(f), std::nullopt, std::move(doc));
    }
    /// Receiver-style function `args[0].name(args[1..])`.
    template <class F>
    void add_member(std::string name, F f, std::string doc = {}) {
        add_deduced(std::move(name), true, std::move(f), std::nullopt, std::move(doc));
    }
    /// As add_global/add_member, with the result type given (for `Value`-returning `f`).
    template <class F>
    void add_global_typed(std::string name, Type result, F f, std::string doc = {}) {
        add_deduced(std::move(name), false, std::move(f), std::move(result), std::move(doc));
    }
    template <class F>
    void add_member_typed(std::string name, Type result, F f, std::string doc = {}) {
        add_deduced(std::move(name), true, std::move(f), std::move(result), std::move(doc));
    }

    /// An overload whose implementation sees the evaluation's size limits.
    void add_limited(std::string name, bool member, std::vector<Type> params, Type result,
                     LimitedImpl impl, std::string doc = {});

    /// Overloads with this name (both styles), in registration order.
    std::vector<const Overload*> find(std::string_view name) const;
    bool contains(std::string_view name) const;
    const std::vector<Overload>& all() const { return overloads_; }

private:
    template <class F>
    void add_deduced(std::string name, bool member, F f, std::optional<Type> result,
                     std::string doc) {
        using sig = detail::signature<F>;
        using adapter = detail::adapter<F, typename sig::args>;
        Overload o;
        o.name = std::move(name);
        o.member = member;
        o.params = adapter::params();
        o.result = result ? std::move(*result)
                          : detail::cel_result<std::remove_cvref_t<typename sig::result>>::type();
        o.impl = adapter::make(std::move(f));
        o.doc = std::move(doc);
        add(std::move(o));
    }

    std::vector<Overload> overloads_;
};

/// True if `v`'s runtime kind can be passed where `t` is declared (dyn/param: always).
bool value_matches(const Type& t, const Value& v);

/// Registers cel-spec's standard library (operators, size, string functions, regex,
/// conversions, timestamp/duration functions). The one place that knows every family.
void register_standard_library(FunctionRegistry& registry);

}  // namespace talentrules::cel
