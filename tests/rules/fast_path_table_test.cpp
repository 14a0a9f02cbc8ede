// The fast paths against their one table (lib/cel/fast_ops.hpp). For every entry, a small
// pack using it must compile to the general compiler's specialised node when the entry
// names one (a general call when not), and to the value plan's typed form when the entry
// names one (the plan declining it when not). And a function the table does not list must
// reach neither: the general compiler keeps it a plain call and the value plan declines
// it, so a name matched outside the table fails here.

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "cel/eval_nodes.hpp"
#include "cel/fast_ops.hpp"
#include "rules/compile/ruleset_impl.hpp"
#include "talentrules/rules/value_plan.hpp"

using namespace talentrules;
namespace fs = std::filesystem;
using cel::FastOp;

namespace {

// Facts of each kind the paths treat differently; `v` is the definition under test.
std::shared_ptr<const rules::RuleSet> load_with(const std::string& value, std::string* errors = nullptr) {
    const fs::path dir = fs::temp_directory_path() / ("tr-fast-ops-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    std::ofstream(dir / "pack.yaml") << R"yaml(pack: {id: t, title: 测试, version: "1"}
categories:
  - {name: letter, ordered: true, values: [a, b, c]}
parameters:
  - {name: table, title: 表, source: tests, value: {a: 1, b: 2, c: 3}}
schema:
  - {name: i, type: int}
  - {name: j, type: int}
  - {name: b, type: bool}
  - {name: c, type: bool}
  - {name: s, type: string}
  - {name: t, type: string}
  - {name: k, type: letter}
  - {name: l, type: list(letter)}
definitions:
  - {name: v, value: ")yaml" << value << "\"}\n";
    auto loaded = rules::RuleSet::load(dir.string());
    fs::remove_all(dir);
    if (errors) *errors = render(loaded.diagnostics);
    return loaded.ruleset;
}

const cel::detail::Node& root_of(const rules::RuleSet& rs) {
    const auto& impl = rs.internals();
    const auto& def = impl.definitions[impl.definition_by_name.at("v")];
    return *def.value->program->internals().root;
}

std::set<FastOp> specialised_in(const cel::detail::Node& root) {
    std::set<FastOp> found;
    std::vector<const cel::detail::Node*> pending{&root};
    while (!pending.empty()) {
        const auto* n = pending.back();
        pending.pop_back();
        if (auto op = n->fast_op()) found.insert(*op);
        n->children(pending);
    }
    return found;
}

bool value_plan_fast(const rules::RuleSet& rs) { return rules::ValuePlan::compile(rs, {"v"}, "2025-07-01")->fast(); }

// One use of every entry, written as a rule author would.
const std::map<FastOp, std::string> examples = {
    {FastOp::logical_and, "applicant.b && applicant.c"},
    {FastOp::logical_or, "applicant.b || applicant.c"},
    {FastOp::logical_not, "!applicant.b"},
    {FastOp::not_strictly_false, "applicant.l.all(x, x == 'a')"},  // the macro's loop condition
    {FastOp::conditional, "applicant.b ? applicant.i : applicant.j"},
    {FastOp::negate, "-applicant.i"},
    {FastOp::equals, "applicant.i == 3"},
    {FastOp::not_equals, "applicant.i != 3"},
    {FastOp::less, "applicant.i < 3"},
    {FastOp::less_equals, "applicant.i <= 3"},
    {FastOp::greater, "applicant.i > 3"},
    {FastOp::greater_equals, "applicant.i >= 3"},
    {FastOp::in, "applicant.k in ['a', 'b']"},
    {FastOp::index, "params.table[applicant.k]"},
    {FastOp::add, "applicant.i + applicant.j"},
    {FastOp::subtract, "applicant.i - applicant.j"},
    {FastOp::multiply, "applicant.i * applicant.j"},
    {FastOp::divide, "applicant.i / applicant.j"},
    {FastOp::modulo, "applicant.i % applicant.j"},
    {FastOp::min, "min(applicant.i, applicant.j)"},
    {FastOp::max, "max(applicant.i, applicant.j)"},
    {FastOp::dyn, "dyn(applicant.i)"},
    {FastOp::int_conversion, "int(applicant.i)"},
};

}  // namespace

TEST_CASE("fast_ops: the table is consistent and every name finds its entry") {
    std::set<std::string_view> names;
    for (const auto& info : cel::fast_ops()) {
        CAPTURE(info.name);
        CHECK(names.insert(info.name).second);
        CHECK(&cel::fast_op_info(info.op) == &info);
        CHECK(cel::find_fast_op(info.name, info.arity) == info.op);
        CHECK_FALSE(cel::find_fast_op(info.name, info.arity + 1).has_value());
        // A path without the entry says why.
        if (info.program.empty() || info.value_plan.empty()) CHECK_FALSE(info.why.empty());
    }
}

TEST_CASE("fast_ops: each entry is specialised, or not, exactly as the table says, on both paths") {
    for (const auto& info : cel::fast_ops()) {
        CAPTURE(info.name);
        const auto example = examples.find(info.op);
        REQUIRE_MESSAGE(example != examples.end(), "a new table entry needs an example here");
        std::string errors;
        auto rs = load_with(example->second, &errors);
        REQUIRE_MESSAGE(rs, errors);

        const auto& root = root_of(*rs);
        if (!info.program.empty()) {
            CHECK_MESSAGE(specialised_in(root).count(info.op), "the general compiler no longer specialises it");
        } else {
            const auto* call = dynamic_cast<const cel::detail::CallNode*>(&root);
            REQUIRE_MESSAGE(call, "the general compiler specialises it: say so in the table");
            CHECK(call->name == info.name);
        }
        auto plan = rules::ValuePlan::compile(*rs, {"v"}, "2025-07-01");
        if (!info.value_plan.empty()) {
            CHECK_MESSAGE(plan->fast(), plan->why_not_fast());
        } else {
            CHECK_MESSAGE(!plan->fast(), "the value plan compiles it: say so in the table");
        }
    }
}

TEST_CASE("fast_ops: functions outside the table reach neither fast path") {
    auto base = load_with("applicant.i");
    REQUIRE(base);
    const auto& functions = base->internals().env->functions().all();
    std::map<cel::TypeKind, std::vector<std::string>> operands = {
        {cel::TypeKind::int_, {"applicant.i", "applicant.j"}},
        {cel::TypeKind::bool_, {"applicant.b", "applicant.c"}},
        {cel::TypeKind::string, {"applicant.s", "applicant.t"}},
    };
    std::size_t tried = 0;
    for (const auto& overload : functions) {
        if (cel::find_fast_op(overload.name)) continue;
        // Operators outside the table cannot be written as calls; the parser makes only
        // those the table lists (see the first test case).
        if (!std::isalpha(static_cast<unsigned char>(overload.name.front()))) continue;
        std::vector<std::string> args;
        for (std::size_t k = 0; k < overload.params.size(); ++k) {
            auto it = operands.find(overload.params[k].kind);
            if (it == operands.end()) break;
            args.push_back(it->second[k % 2]);
        }
        if (args.size() != overload.params.size() || args.empty()) continue;
        std::string text;
        if (overload.member) {
            text = args[0] + "." + overload.name + "(";
            for (std::size_t k = 1; k < args.size(); ++k) text += (k > 1 ? ", " : "") + args[k];
        } else {
            text = overload.name + "(";
            for (std::size_t k = 0; k < args.size(); ++k) text += (k ? ", " : "") + args[k];
        }
        text += ")";
        CAPTURE(text);
        auto rs = load_with(text);
        if (!rs) continue;  // a result type a definition cannot have
        ++tried;
        const auto* call = dynamic_cast<const cel::detail::CallNode*>(&root_of(*rs));
        CHECK_MESSAGE(call, "the general compiler specialises a name the table does not list");
        CHECK_MESSAGE(!value_plan_fast(*rs), "the value plan compiles a name the table does not list");
    }
    CHECK(tried >= 10);  // the standard library's string and conversion functions, at least
}
