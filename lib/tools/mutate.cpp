// `talentrules test --mutate`: the mutants of a pack, each compiled from a copy of the
// loaded Pack with one value or expression changed, and the pack's tests run on each (the
// test runner's public run_tests), in parallel; and the survivors as text.

#include "talentrules/rules/mutate.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <atomic>
#include <functional>
#include <optional>
#include <set>
#include <variant>

#include "rules/compile/ruleset_impl.hpp"
#include "talentrules/cel/parser.hpp"
#include "talentrules/rules/testing.hpp"
#include "text/date.hpp"
#include "tools/doc_site.hpp"
#include "util/threads.hpp"

namespace talentrules::rules {
namespace {

// An expression the mutants may change, with what it belongs to.
struct Target {
    Expression* expr = nullptr;
    std::string element;    ///< "measure M02-settling-in", "definition tier"
    std::string condition;  ///< "requires insured"; empty for definitions
    const char* dropped_as = nullptr;  ///< the text of the condition dropped (requires: true); null: not droppable
};

// Every expression mutants change, in pack order; the same order for every copy of a pack.
std::vector<Target> targets(Pack& pack) {
    std::vector<Target> out;
    for (auto& d : pack.definitions) {
        const std::string element = "definition " + d.name;
        if (!d.value.empty()) out.push_back({&d.value, element, "", nullptr});
        for (auto& row : d.table) {
            if (!row.when.empty()) out.push_back({&row.when, element, "when", nullptr});
            out.push_back({&row.then, element, "then", nullptr});
        }
    }
    for (auto& m : pack.measures) {
        const std::string element = "measure " + m.id;
        if (m.applies_to) out.push_back({&m.applies_to->when, element, "applies_to", nullptr});
        for (auto& c : m.requires_) out.push_back({&c.when, element, "requires " + c.id, "true"});
        for (auto& c : m.refer) out.push_back({&c.when, element, "refer " + c.id, "false"});
    }
    return out;
}

// Every scalar of every parameter value (map entries and list items too), in pack order.
struct Leaf {
    Literal* literal;
    std::string element;  ///< "parameter tier_age_limits"
    std::string path;     ///< "master", "[2]", or empty for a scalar parameter
};

void leaves_of(Literal& v, const std::string& element, const std::string& path, std::vector<Leaf>& out) {
    if (v.kind == Literal::Kind::list) {
        for (std::size_t i = 0; i < v.items.size(); ++i) leaves_of(v.items[i], element, fmt::format("{}[{}]", path, i), out);
    } else if (v.kind == Literal::Kind::map) {
        for (auto& e : v.map) leaves_of(e.value, element, path.empty() ? e.key : path + "." + e.key, out);
    } else {
        out.push_back({&v, element, path});
    }
}

std::vector<Leaf> leaves(Pack& pack) {
    std::vector<Leaf> out;
    for (auto& p : pack.parameters) {
        for (auto& v : p.versions) leaves_of(v.value, "parameter " + p.name, "", out);
    }
    return out;
}

std::optional<std::string> shift_date(std::string_view text, int days) {
    const auto t = text::parse_date(text);
    if (!t || text.size() != 10) return std::nullopt;
    date::year_month_day ymd{date::year{std::stoi(std::string(text.substr(0, 4)))},
                             date::month{static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))))},
                             date::day{static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))))}};
    const date::year_month_day moved{date::sys_days(ymd) + date::days{days}};
    return date::format("%F", date::sys_days(moved));
}

// One mutant, as the change to make on a copy of the pack.
struct Plan {
    Mutant mutant;
    bool leaf = false;
    std::size_t index = 0;  ///< into leaves() or targets()
    Literal literal;        ///< leaf: the new value
    std::string text;       ///< target: the new expression text
};

std::string describe(const Literal& v) { return doc::literal_text(v); }

// Parameters no measure reads (only rankings, or nothing): rule tests decide measures,
// so no test can catch a change to them.
std::set<std::string> unmeasured_parameters(const Pack& pack) {
    const doc::PackGraph graph(pack);
    std::set<std::string> out;
    for (const auto& p : pack.parameters) {
        const std::size_t n = graph.find(doc::Kind::parameter, p.name);
        const auto readers = graph.reverse_closure(n);
        if (std::none_of(readers.begin(), readers.end(),
                         [&](std::size_t r) { return graph.nodes()[r].kind == doc::Kind::measure; })) {
            out.insert(p.name);
        }
    }
    return out;
}

void leaf_plans(Pack& pack, std::vector<Plan>& out, std::size_t& not_measured) {
    auto all = leaves(pack);
    const auto unmeasured = unmeasured_parameters(pack);
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Literal& v = *all[i].literal;
        const std::string name = all[i].element.substr(all[i].element.find(' ') + 1);
        if (unmeasured.count(name)) {
            ++not_measured;
            continue;
        }
        const std::string where = all[i].path.empty() ? name : name + "." + all[i].path;
        const auto add = [&](Literal changed) {
            Plan p;
            p.leaf = true;
            p.index = i;
            p.mutant.element = all[i].element;
            p.mutant.change = fmt::format("{}: {} → {}", all[i].path.empty() ? "value" : all[i].path, describe(v), describe(changed));
            p.mutant.file = v.location.file;
            p.mutant.position = v.location.position;
            p.mutant.hint = fmt::format("a test whose value compared with params.{} is exactly {} (and one just past it), "
                                        "or whose amount is computed from it",
                                        where, describe(v));
            p.literal = std::move(changed);
            out.push_back(std::move(p));
        };
        if (v.kind == Literal::Kind::integer) {
            for (const int d : {-1, 1}) {
                Literal c = v;
                c.integer += d;
                add(c);
            }
        } else if (v.kind == Literal::Kind::number) {
            for (const int d : {-1, 1}) {
                Literal c = v;
                c.number += d;
                add(c);
            }
        } else if (v.kind == Literal::Kind::string) {
            for (const int d : {-1, 1}) {
                if (auto moved = shift_date(v.string, d)) {
                    Literal c = v;
                    c.string = *moved;
                    add(c);
                }
            }
        }
    }
}

// Line of byte `offset` of an expression that starts at `at`.
Position position_in(const Expression& e, std::size_t offset) {
    Position p = e.location.position;
    for (std::size_t i = 0; i < offset && i < e.text.size(); ++i) {
        if (e.text[i] == '\n') ++p.line;
    }
    return p;
}

std::string_view slice(const std::string& s, const Range& r) {
    if (r.begin > r.end || r.end > s.size()) return {};
    return std::string_view(s).substr(r.begin, r.end - r.begin);
}

void expression_plans(Pack& pack, std::vector<Plan>& out) {
    auto all = targets(pack);
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Target& t = all[i];
        const std::string& src = t.expr->text;
        auto parsed = cel::parse(src);
        if (!parsed.ok()) continue;
        const auto& ranges = parsed.expr->ranges;
        const auto range_of = [&](const cel::Expr& e) -> Range {
            return e.id > 0 && static_cast<std::size_t>(e.id) < ranges.size() ? ranges[static_cast<std::size_t>(e.id)] : Range{};
        };
        const auto add = [&](std::size_t begin, std::size_t end, const std::string& replacement, std::string change,
                             std::string hint) {
            Plan p;
            p.index = i;
            p.text = src.substr(0, begin) + replacement + src.substr(end);
            p.mutant.element = t.element;
            p.mutant.change = (t.condition.empty() ? "" : t.condition + ": ") + std::move(change);
            p.mutant.file = t.expr->location.file;
            p.mutant.position = position_in(*t.expr, begin);
            p.mutant.hint = std::move(hint);
            out.push_back(std::move(p));
        };
        if (t.dropped_as) {
            add(0, src.size(), t.dropped_as, "condition dropped",
                "a test where this condition alone fails (every other condition of the measure holding)");
        }
        std::function<void(const cel::Expr&)> walk = [&](const cel::Expr& e) {
            const Range r = range_of(e);
            const std::string_view written = slice(src, r);
            if (e.kind == cel::ExprKind::constant && !written.empty()) {
                if (const auto* n = std::get_if<std::int64_t>(&e.constant); n && written == std::to_string(*n)) {
                    for (const int d : {-1, 1}) {
                        add(r.begin, r.end, std::to_string(*n + d), fmt::format("{} → {}", *n, *n + d),
                            fmt::format("a test at the boundary {} (the value compared with it equal to {}, and one past it)",
                                        *n, *n));
                    }
                } else if (const auto* s = std::get_if<std::string>(&e.constant)) {
                    const auto at = written.find(*s);
                    for (const int d : {-1, 1}) {
                        const auto moved = shift_date(*s, d);
                        if (!moved || at == std::string_view::npos) continue;
                        add(r.begin + at, r.begin + at + s->size(), *moved, fmt::format("{} → {}", *s, *moved),
                            fmt::format("a test dated (or with a date) exactly {} and one the day before or after", *s));
                    }
                }
            }
            if (e.kind == cel::ExprKind::call && e.args.size() == 2 && !e.member_call) {
                static constexpr std::pair<std::string_view, std::string_view> flips[] = {
                    {cel::op::less, "<="}, {cel::op::less_equals, "<"}, {cel::op::greater, ">="}, {cel::op::greater_equals, ">"}};
                for (const auto& [name, to] : flips) {
                    if (e.name != name) continue;
                    const Range a = range_of(e.args[0]), b = range_of(e.args[1]);
                    if (a.end == 0 || b.begin < a.end || b.begin > src.size()) break;
                    const std::string_view gap = std::string_view(src).substr(a.end, b.begin - a.end);
                    const std::string_view from = name == cel::op::less ? "<" : name == cel::op::less_equals ? "<="
                                                : name == cel::op::greater ? ">" : ">=";
                    const auto at = gap.find(from);
                    // The operator alone between its operands (not `<=` when looking for `<`).
                    if (at == std::string_view::npos || gap.find_first_not_of(" \t\n()", 0) != at ||
                        gap.find_first_not_of(" \t\n()", at + from.size()) != std::string_view::npos) {
                        break;
                    }
                    add(a.end + at, a.end + at + from.size(), std::string(to), fmt::format("{} → {}", from, to),
                        fmt::format("a test where `{}` equals `{}`", slice(src, a), slice(src, b)));
                }
            }
            if (e.kind == cel::ExprKind::comprehension && e.comprehension) {
                for (const auto* part : {&e.comprehension->iter_range, &e.comprehension->accu_init,
                                         &e.comprehension->loop_condition, &e.comprehension->loop_step,
                                         &e.comprehension->result}) {
                    walk(*part);
                }
            }
            for (const auto& arg : e.args) walk(arg);
        };
        walk(parsed.expr->root);
    }
}

}  // namespace

MutationRun run_mutations(const RuleSet& ruleset, const MutationOptions& options) {
    MutationRun run;
    Pack base = ruleset.pack();
    std::vector<Plan> plans;
    leaf_plans(base, plans, run.unmeasured);
    expression_plans(base, plans);
    if (plans.size() > options.max_mutants) {
        run.skipped = plans.size() - options.max_mutants;
        plans.resize(options.max_mutants);
    }
    run.mutants.resize(plans.size());
    std::atomic<std::size_t> next{0};
    auto work = [&](unsigned) {
        for (std::size_t k = next.fetch_add(1); k < plans.size(); k = next.fetch_add(1)) {
            Plan& plan = plans[k];
            Pack pack = ruleset.pack();
            if (plan.leaf) {
                Literal& at = *leaves(pack)[plan.index].literal;
                const Location keep = at.location;
                at = plan.literal;
                at.location = keep;
            } else {
                targets(pack)[plan.index].expr->text = plan.text;
            }
            Diagnostics diags;
            auto impl = compile_pack(std::move(pack), diags);
            Mutant& m = plan.mutant;
            if (has_errors(diags)) {
                m.invalid = true;
            } else {
                const RuleSet mutated(std::move(impl));
                const TestRun tests = run_tests(mutated, options.test_paths, "zh", options.allow_outside);
                m.caught = tests.failed > 0;
            }
            run.mutants[k] = std::move(m);
        }
    };
    util::run_parallel(util::thread_count(options.threads, plans.size()), work);
    for (const auto& m : run.mutants) {
        if (m.invalid) ++run.invalid;
        else if (m.caught) ++run.caught;
        else ++run.survived;
    }
    return run;
}

std::string mutation_report(const MutationRun& run, const std::string& pack_dir) {
    std::string out;
    for (const auto& m : run.mutants) {
        if (m.caught || m.invalid) continue;
        std::string file = m.file;
        if (!pack_dir.empty() && file.starts_with(pack_dir + "/")) file = file.substr(pack_dir.size() + 1);
        out += fmt::format("SURVIVED {}:{}: {} — {}\n         catch it with {}\n", file, m.position.line, m.element, m.change,
                           m.hint);
    }
    out += fmt::format("mutation score: {:.1f}% ({} of {} mutants caught; {} survived", run.score(), run.caught,
                       run.caught + run.survived, run.survived);
    if (run.invalid) out += fmt::format("; {} did not compile, not counted", run.invalid);
    if (run.skipped) out += fmt::format("; {} beyond --mutate-max not run", run.skipped);
    if (run.unmeasured) out += fmt::format("; {} parameter values no measure reads (rankings only) not mutated", run.unmeasured);
    return out + ")\n";
}

}  // namespace talentrules::rules
