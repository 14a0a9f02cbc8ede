#pragma once
/// A compiled expression: built once from a parsed (and usually checked) expression, then
/// evaluated many times against activations. Evaluation never re-parses.
///
/// Two error channels (as cel-cpp): problems in the text are Diagnostics at compile time;
/// problems while evaluating are CEL values: `Value::error` (division by zero, overflow,
/// bad index, missing key, no such overload, a limit reached) and `Value::unknown` (a
/// variable the activation marks as not supplied). `&&`, `||` and `?:` absorb errors
/// and unknowns as cel-spec says (`false && error` is false).
///
/// Thread-safe: a Program is immutable; evaluate it from many threads at once, each with
/// its own Activation.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/cel/checker.hpp"
#include "talentrules/cel/env.hpp"
#include "talentrules/cel/value.hpp"

namespace talentrules::cel {

/// Bounds on one evaluation (documented in docs/LIMITS.md).
struct EvalLimits {
    /// Work units: one per node evaluated, one per comprehension iteration, plus one per
    /// element of every list and per 64 bytes of every string a function builds.
    /// Exceeding it ends evaluation with an error value.
    std::uint64_t max_cost = 1'000'000;
    /// Elements in any list or map built during evaluation.
    std::size_t max_collection_size = 100'000;
    /// Bytes in any string built during evaluation.
    std::size_t max_string_bytes = 1 << 20;
};

/// Supplies variables on demand (lazily computed definitions, dated parameters). Called
/// for a variable the Activation has not bound; nullopt means "not supplied". Not
/// thread-safe: one per evaluation.
class Resolver {
public:
    virtual ~Resolver() = default;
    virtual std::optional<Value> resolve(std::uint32_t slot) = 0;
};

/// Variable values for one evaluation, by the Env's slots. Not thread-safe; cheap to
/// reuse: `clear()` keeps its storage.
class Activation {
public:
    explicit Activation(std::shared_ptr<const Env> env);

    /// Binds a declared variable; returns false if the Env does not declare `name`.
    bool set(std::string_view name, Value value);
    void set(std::uint32_t slot, Value value) { slots_[slot] = std::move(value); bound_[slot] = 1; }
    /// Unbound variables evaluate to an error ("no such attribute"), or, after
    /// `set_missing_unknown(true)`, to an unknown naming the variable.
    void set_missing_unknown(bool on) { missing_unknown_ = on; }
    void clear();
    /// Consulted for unbound variables before they count as missing. Not owned.
    void set_resolver(Resolver* resolver) { resolver_ = resolver; }

    const Value* get(std::uint32_t slot) const { return bound_[slot] ? &slots_[slot] : nullptr; }
    /// The variable's value: bound, else resolved, else an unknown naming it (in the
    /// missing-unknown mode) or a "no such attribute" error.
    Value lookup(std::uint32_t slot) const;
    bool missing_unknown() const { return missing_unknown_; }
    const Env& env() const { return *env_; }

private:
    std::shared_ptr<const Env> env_;
    std::vector<Value> slots_;
    std::vector<std::uint8_t> bound_;
    bool missing_unknown_ = false;
    Resolver* resolver_ = nullptr;
};

struct CompileOptions {
    bool fold_constants = true;
};

class Program;

struct CompileResult {
    std::shared_ptr<const Program> program;
    Diagnostics diagnostics;
    bool ok() const { return program != nullptr; }
};

class Program {
public:
    /// Compiles a checked expression (typed fast paths where the types are known).
    static CompileResult compile(CheckedExpr checked, std::shared_ptr<const Env> env,
                                 const CompileOptions& options = {});
    /// Compiles without the checker (dynamic dispatch throughout); names are resolved
    /// against the Env at compile time, unresolvable ones become runtime errors.
    static CompileResult compile_unchecked(ParsedExpr parsed, std::shared_ptr<const Env> env,
                                           const CompileOptions& options = {});

    Value evaluate(const Activation& activation, const EvalLimits& limits = {}) const;

    const Type& result_type() const { return result_type_; }
    /// True when constant folding reduced the whole expression to one value.
    bool is_constant() const;
    const ParsedExpr& source() const { return source_; }
    const Env& env() const { return *env_; }

    ~Program();
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;

    struct Impl;
    /// The compiled tree (lib/cel/eval_nodes.hpp), for the library's own tests and tools.
    const Impl& internals() const { return *impl_; }

private:
    Program();
    ParsedExpr source_;
    Type result_type_;
    std::shared_ptr<const Env> env_;
    std::unique_ptr<Impl> impl_;
};

/// Parse + check + compile in one call; the usual entry point.
/// Declared variables come from `env`. Diagnostics carry positions within `text`.
CompileResult compile(std::string_view text, std::shared_ptr<const Env> env);

}  // namespace talentrules::cel
