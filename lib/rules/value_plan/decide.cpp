// Evaluation of a parsed row: outputs as cells, or as codes into their palettes.



#include "rules/value_plan/plan.hpp"

namespace talentrules::rules {

using namespace value_plan;
using Impl = ValuePlan::Impl;

// Computes the outputs of one row. False when any is a failure (the general path decides).
bool Impl::decide(const unsigned char* row, Cell* cells, std::uint8_t* trace) const {
    // Uninitialised on purpose: `done` says which entries hold values (zeroing 1 KB per
    // row cost more than deciding it).
    alignas(Cell) unsigned char storage[sizeof(Cell) * max_definitions];
    std::uint8_t codes[max_definitions];
    Ctx ctx{row, reinterpret_cast<Cell*>(storage), 0, trace, codes};
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        // The definition's body directly (one call less than through its DefinitionRef).
        const std::uint32_t m = output_memo[i];
        if (!(ctx.done >> m & 1)) {
            if (group_of[m] >= 0 && !trace) {
                groups[static_cast<std::size_t>(group_of[m])].eval(ctx);
            } else {
                // A folded body is called directly (no indirect call: the commonest case).
                const Folded* folded = folded_bodies[m];
                ctx.defs[m] = folded ? folded->Folded::eval(ctx) : definition_bodies[m]->eval(ctx);
                ctx.done |= std::uint64_t{1} << m;
            }
        }
        cells[i] = ctx.defs[m];
        if (cells[i].kind == k_fail) return false;
    }
    return true;
}

bool Impl::decide_codes(const unsigned char* row, std::uint8_t* out) const {
    alignas(Cell) unsigned char storage[sizeof(Cell) * max_definitions];
    std::uint8_t codes[max_definitions];
    Ctx ctx{row, reinterpret_cast<Cell*>(storage), 0, nullptr, codes};
    for (const int step : code_steps) {
        if (step >= 0) {
            groups[static_cast<std::size_t>(step)].eval_codes(ctx);
        } else {
            const auto m = static_cast<std::size_t>(-1 - step);
            if (!(ctx.done >> m & 1)) {
                folded_bodies[m]->Folded::eval(ctx);
                ctx.done |= std::uint64_t{1} << m;
            }
        }
    }
    for (std::size_t i = 0; i < output_memo.size(); ++i) {
        out[i] = codes[output_memo[i]];
        if (out[i] == fail_code[i]) return false;
    }
    return true;
}

}  // namespace talentrules::rules
