#pragma once
/// The environment an expression is checked and compiled in: declared variables (with
/// their types and slot numbers), the container for name resolution, the functions.
///
/// Thread-safe: an Env is immutable once EnvBuilder::build() returns; share it freely.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "talentrules/cel/function.hpp"
#include "talentrules/cel/type.hpp"

namespace talentrules::cel {

/// A named set of string values (a rule pack's category). A string typed with it is an
/// ordinary CEL string at run time; the checker rejects string literals compared with it
/// that are not among `values`, and for an ordered one `<`, `<=`, `>`, `>=` compare by
/// position in `values` (lowest first).
struct EnumType {
    std::string name;
    std::vector<std::string> values;
    bool ordered = false;
    /// Position of `value` in `values`, or -1.
    int rank(std::string_view value) const;
    /// The checker type of a value of this enum: a string named after it.
    Type type() const { return Type{TypeKind::string, {}, name}; }
};

struct Variable {
    std::string name;  ///< may be qualified: "applicant.degree"
    Type type;
    std::uint32_t slot = 0;  ///< index in an Activation
};

class Env {
public:
    const Variable* find_variable(std::string_view qualified_name) const;
    const std::vector<Variable>& variables() const { return variables_; }
    const FunctionRegistry& functions() const { return functions_; }
    const std::string& container() const { return container_; }
    /// The enum a type refers to (a string type carrying an enum's name), if any.
    const EnumType* find_enum(const Type& type) const;
    const EnumType* find_enum(std::string_view name) const;
    /// The one ordered enum having both values, if exactly one has (two string literals
    /// compared in a pack's context: `"博士" >= "硕士"` follows the degree order).
    const EnumType* ordered_enum_of(std::string_view a, std::string_view b) const;

    /// Candidate names for `name` under the container, most qualified first
    /// (container "a.b", name "c": a.b.c, a.c, c). A leading '.' means root only.
    std::vector<std::string> candidate_names(std::string_view name) const;

    /// Changes a declared variable's type. Only for the one building the Env (e.g. a rule
    /// pack inferring definition types in dependency order), before it is shared.
    void set_variable_type(std::uint32_t slot, Type type) { variables_[slot].type = std::move(type); }

private:
    friend class EnvBuilder;
    std::vector<Variable> variables_;
    std::unordered_map<std::string, std::uint32_t> by_name_;
    FunctionRegistry functions_;
    std::string container_;
    std::vector<std::unique_ptr<EnumType>> enums_;
};

/// Not thread-safe; build() freezes the result.
class EnvBuilder {
public:
    /// Starts with cel-spec's standard library registered.
    EnvBuilder();
    /// Starts empty (no functions at all).
    static EnvBuilder bare();

    /// Declares a variable; redeclaring a name replaces its type.
    EnvBuilder& add_variable(std::string name, Type type);
    EnvBuilder& set_container(std::string container);
    /// Declares an enum; use `enum_type.type()` as the type of its variables.
    EnvBuilder& add_enum(EnumType enum_type);
    FunctionRegistry& functions() { return env_.functions_; }

    std::shared_ptr<const Env> build();
    /// As build(), still open to set_variable_type() until the caller shares it.
    std::shared_ptr<Env> build_mutable();

private:
    struct Bare {};
    explicit EnvBuilder(Bare) {}
    Env env_;
};

}  // namespace talentrules::cel
