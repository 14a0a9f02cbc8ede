#pragma once
// The compiled form of a rule pack, shared by compile.cpp (builds it) and evaluate.cpp
// (runs it). Immutable once built.

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "talentrules/cel/program.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace talentrules::rules {

struct CompiledExpr {
    std::shared_ptr<const cel::Program> program;
    const Expression* source = nullptr;
    std::vector<std::uint32_t> reads;  ///< variable slots it refers to, for explanations
    /// The fact and parameter slots it depends on, through definitions too (sorted): what
    /// a counterfactual may vary, and whether an amount rests on a sample parameter.
    std::vector<std::uint32_t> deep_reads;
    std::shared_ptr<const cel::CheckedExpr> checked;  ///< types and references by node
};

struct CompiledCondition {
    const Condition* source = nullptr;
    CompiledExpr when;
    std::optional<CompiledExpr> recheck;
};

struct CompiledRow {
    std::optional<CompiledExpr> when;  ///< none for `otherwise`
    CompiledExpr then;
};

struct CompiledDefinition {
    const Definition* source = nullptr;
    std::uint32_t slot = 0;
    std::optional<CompiledExpr> value;
    std::vector<CompiledRow> rows;
    std::vector<std::uint32_t> deep_reads;  ///< as CompiledExpr::deep_reads, over all rows
};

struct CompiledParameter {
    const Parameter* source = nullptr;
    std::uint32_t slot = 0;
    std::vector<std::pair<Period, cel::Value>> versions;
};

struct CompiledService {
    const Service* source = nullptr;
    std::optional<CompiledExpr> when;
};

/// An instalment of a measure's payment (process.payment.instalments[]).
struct CompiledInstalment {
    const Instalment* source = nullptr;
    std::optional<CompiledExpr> share, amount, due;
    std::vector<CompiledCondition> recheck;
    /// Sample parameters its share, amount or due date depend on.
    std::vector<std::string> sample_parameters;
    /// Fact slots its share, amount and due date read, and those its re-checks read: an
    /// assumption they use is listed only when they were evaluated (a scheduled
    /// instalment's re-checks are not).
    std::vector<std::uint32_t> facts_read, recheck_facts_read;
};

struct CompiledMeasure {
    const Measure* source = nullptr;
    Period effective;
    std::optional<CompiledCondition> applies_to;
    std::vector<CompiledCondition> requires_;
    std::vector<CompiledCondition> refer;
    std::optional<CompiledExpr> amount;
    std::optional<CompiledExpr> months;
    std::vector<CompiledService> services;
    /// The payment schedule, in order; empty when the measure has none (or one of its
    /// expressions did not compile: reported at load).
    std::vector<CompiledInstalment> instalments;
    /// Names of the sample parameters (`sample: true`) its amount or months depend on:
    /// every amount it grants is marked as resting on them.
    std::vector<std::string> sample_parameters;
    /// The fact slots any of its expressions depends on (sorted), to list only the
    /// assumptions a report used.
    std::vector<std::uint32_t> facts_read;
};

struct CompiledScorePart {
    const ScorePart* source = nullptr;
    CompiledExpr value;
};

struct CompiledRanking {
    const Ranking* source = nullptr;
    std::size_t measure = 0;  ///< index into measures
    std::vector<CompiledScorePart> parts;
    std::optional<CompiledExpr> tie_break;
    std::optional<CompiledExpr> pool;
};

struct ExclusionGroup {
    const Exclusion* source = nullptr;
    std::vector<std::size_t> measures;  ///< indexes, in the listed order
};

/// A schema fact (or an object's field) and its variable.
struct FactSlot {
    std::string path;  ///< "birth_date", "home_purchase.price_wan"
    const Fact* fact = nullptr;
    std::uint32_t slot = 0;
    cel::Type type;
};

enum class SlotKind : std::uint8_t { fact, parameter, definition, as_of };

/// A fact's declared absence (`absent:`), compiled: bound when the profile leaves the
/// fact out and the request is not strict. An object's field is assumed only when the
/// object is present (given or itself assumed).
struct CompiledAssumption {
    std::size_t fact = 0;  ///< index into RuleSet::Impl::facts
    std::uint32_t slot = 0;
    std::optional<std::uint32_t> parent_slot;  ///< the object's slot, for an object's field
    cel::Value value;
    /// Its slot and its fields' slots (at any depth): a measure reading any of them used
    /// the assumption.
    std::vector<std::uint32_t> covers;
};

struct RuleSet::Impl {
    Pack pack;
    std::shared_ptr<const cel::Env> env;
    std::string content_hash;
    std::uint32_t as_of_slot = 0;
    std::vector<FactSlot> facts;
    std::unordered_map<std::string, std::size_t> fact_by_path;
    std::vector<CompiledAssumption> assumptions;  ///< schema order: an object before its fields
    std::vector<CompiledParameter> parameters;
    std::vector<CompiledDefinition> definitions;
    std::unordered_map<std::string, std::size_t> definition_by_name;
    std::vector<CompiledMeasure> measures;
    std::unordered_map<std::string, std::size_t> measure_by_id;
    std::vector<ExclusionGroup> exclusions;
    std::vector<CompiledRanking> rankings;
    /// By variable slot: what it is and its index in facts/parameters/definitions.
    std::vector<std::pair<SlotKind, std::size_t>> slot_owner;
    std::string graph_dot;
};

/// Builds the compiled pack; diagnostics for every problem found.
std::unique_ptr<RuleSet::Impl> compile_pack(Pack pack, Diagnostics& diags);

}  // namespace talentrules::rules
