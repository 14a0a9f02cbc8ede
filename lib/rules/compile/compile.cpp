// Checked pack -> compiled RuleSet: gives every fact, parameter and definition its
// variable slot and compiles each checked expression into a program. Checking (names,
// types, graph, cycles) is done before, in lib/rules/check/.


#include <set>

#include "cel/expr_clone.hpp"
#include "diagnostics/catalogue.hpp"
#include "rules/check/checked_pack.hpp"
#include "rules/compile/fact_value.hpp"
#include "rules/compile/functions.hpp"
#include "rules/compile/hash.hpp"
#include "rules/compile/ruleset_impl.hpp"

namespace talentrules::rules {
namespace {

using detail::CheckedPack;

// `as_date`: the parameter is declared `type: date`, so its strings are dates.
cel::Value literal_value(const Literal& l, bool as_date) {
    switch (l.kind) {
    case Literal::Kind::null_: return cel::Value();
    case Literal::Kind::boolean: return cel::Value(l.boolean);
    case Literal::Kind::integer: return cel::Value(l.integer);
    case Literal::Kind::number: return cel::Value(l.number);
    case Literal::Kind::string:
        if (as_date) {
            if (auto t = parse_date(l.string)) return cel::Value(*t);
        }
        return cel::Value::string(l.string);
    case Literal::Kind::list: {
        cel::List items;
        for (const auto& i : l.items) items.push_back(literal_value(i, as_date));
        return cel::Value::list(std::move(items));
    }
    case Literal::Kind::map: {
        std::vector<cel::Map::Entry> entries;
        for (const auto& [k, v] : l.map) entries.emplace_back(cel::Value::string(k), literal_value(v, as_date));
        auto m = cel::Map::make(std::move(entries));
        return m ? cel::Value::map(std::move(*m)) : cel::Value::error("duplicate key");
    }
    }
    return cel::Value();
}

class PackCompiler {
public:
    PackCompiler(RuleSet::Impl& impl, CheckedPack checked, Diagnostics& diags)
        : impl_(impl), pack_(impl.pack), checked_(std::move(checked)), diags_(diags) {}

    void run() {
        impl_.env = checked_.env;
        assign_slots();
        compile_assumptions();
        compile_definitions();
        compile_measures();
        compile_rankings();
        compile_exclusions();
        compile_parameters();
        impl_.graph_dot = std::move(checked_.graph_dot);
    }

private:
    void assign_slots() {
        const cel::Env& env = *checked_.env;
        impl_.as_of_slot = env.find_variable("as_of")->slot;
        impl_.slot_owner.assign(env.variables().size(), {SlotKind::as_of, 0});
        for (auto& f : checked_.facts) {
            const auto slot = env.find_variable(f.variable)->slot;
            impl_.fact_by_path[f.path] = impl_.facts.size();
            impl_.slot_owner[slot] = {SlotKind::fact, impl_.facts.size()};
            impl_.facts.push_back({f.path, f.fact, slot, f.type});
        }
        for (const auto& p : pack_.parameters) {
            CompiledParameter cp;
            cp.source = &p;
            cp.slot = env.find_variable("params." + p.name)->slot;
            impl_.slot_owner[cp.slot] = {SlotKind::parameter, impl_.parameters.size()};
            impl_.parameters.push_back(std::move(cp));
        }
        for (const auto& d : pack_.definitions) {
            CompiledDefinition cd;
            cd.source = &d;
            cd.slot = env.find_variable(d.name)->slot;
            impl_.slot_owner[cd.slot] = {SlotKind::definition, impl_.definitions.size()};
            impl_.definition_by_name.emplace(d.name, impl_.definitions.size());
            impl_.definitions.push_back(std::move(cd));
        }
    }

    void compile_assumptions() {
        for (std::size_t i = 0; i < impl_.facts.size(); ++i) {
            const FactSlot& fs = impl_.facts[i];
            if (!fs.fact->absent) continue;
            auto value = detail::fact_value(pack_, *fs.fact, fs.fact->parsed_type, fs.fact->absent->value, nullptr);
            if (!value) continue;  // TR3003, reported by the check
            CompiledAssumption a;
            a.fact = i;
            a.slot = fs.slot;
            if (auto dot = fs.path.rfind('.'); dot != std::string::npos) {
                a.parent_slot = impl_.facts[impl_.fact_by_path.at(fs.path.substr(0, dot))].slot;
            }
            a.value = std::move(*value);
            for (const FactSlot& other : impl_.facts) {
                if (other.path == fs.path || other.path.starts_with(fs.path + ".")) a.covers.push_back(other.slot);
            }
            impl_.assumptions.push_back(std::move(a));
        }
    }

    // Facts and parameters `reads` depends on, through the definitions it reads.
    std::vector<std::uint32_t> deep_reads_of(const std::vector<std::uint32_t>& reads) const {
        std::set<std::uint32_t> out;
        for (auto slot : reads) {
            const auto [kind, index] = impl_.slot_owner[slot];
            if (kind == SlotKind::fact || kind == SlotKind::parameter) out.insert(slot);
            if (kind == SlotKind::definition) {
                const auto& deep = impl_.definitions[index].deep_reads;
                out.insert(deep.begin(), deep.end());
            }
        }
        return {out.begin(), out.end()};
    }

    // The program of a checked expression; none if `e` is absent or did not check.
    std::optional<CompiledExpr> compile_expr(const Expression& e) {
        auto it = checked_.expressions.find(&e);
        if (it == checked_.expressions.end()) return std::nullopt;
        cel::CheckedExpr& checked = it->second;
        CompiledExpr out;
        out.source = &e;
        std::set<std::uint32_t> reads;
        for (const auto& ref : checked.references) {
            if (ref.variable) reads.insert(ref.variable->slot);
        }
        out.reads.assign(reads.begin(), reads.end());
        out.deep_reads = deep_reads_of(out.reads);  // definitions come first (dependency order)
        // The typed tree stays for the value plan's slot compiler (value_plan.cpp).
        auto kept = std::make_shared<cel::CheckedExpr>();
        kept->parsed.source = checked.parsed.source;
        kept->parsed.ranges = checked.parsed.ranges;
        kept->parsed.root = cel::detail::clone(checked.parsed.root);
        kept->types = checked.types;
        kept->references = checked.references;
        out.checked = std::move(kept);
        auto compiled = cel::Program::compile(std::move(checked), checked_.env);
        checked_.expressions.erase(it);
        if (!compiled.ok()) return std::nullopt;
        out.program = compiled.program;
        return out;
    }

    std::optional<CompiledCondition> compile_condition(const Condition& c, const std::string& ctx) {
        auto when = compile_expr(c.when);
        if (!when) return std::nullopt;
        CompiledCondition out;
        out.source = &c;
        out.when = std::move(*when);
        out.recheck = compile_expr(c.recheck);
        warn_constant(out.when, ctx);
        return out;
    }

    void warn_constant(const CompiledExpr& e, const std::string& ctx) {
        if (e.program && e.program->is_constant()) {
            diags_.push_back(diagnostics::make_diagnostic(
                "TR3102", "constant",
                {ctx, e.program->evaluate(cel::Activation(checked_.env)).to_cel(), e.source->text},
                e.source->location.file, e.source->location.position));
        }
    }

    void compile_definitions() {
        for (auto index : checked_.definition_order) {
            auto& cd = impl_.definitions[index];
            const Definition& d = *cd.source;
            if (!d.value.empty()) {
                cd.value = compile_expr(d.value);
                if (cd.value) cd.deep_reads = cd.value->deep_reads;
                continue;
            }
            std::set<std::uint32_t> deep;
            auto add = [&](const CompiledExpr& e) { deep.insert(e.deep_reads.begin(), e.deep_reads.end()); };
            for (const auto& row : d.table) {
                CompiledRow r;
                if (!row.when.empty()) {
                    r.when = compile_expr(row.when);
                    if (!r.when) continue;
                }
                auto then = compile_expr(row.then);
                if (!then) continue;
                r.then = std::move(*then);
                if (r.when) add(*r.when);
                add(r.then);
                cd.rows.push_back(std::move(r));
            }
            cd.deep_reads.assign(deep.begin(), deep.end());
        }
    }

    void compile_measures() {
        for (const Measure& m : pack_.measures) {
            CompiledMeasure cm;
            cm.source = &m;
            cm.effective = m.effective;
            if (cm.effective.from.empty()) cm.effective.from = pack_.info.effective.from;
            if (cm.effective.to.empty()) cm.effective.to = pack_.info.effective.to;
            if (m.applies_to) cm.applies_to = compile_condition(*m.applies_to, "measure " + m.id + " applies_to");
            for (const auto& c : m.requires_) {
                if (auto cc = compile_condition(c, "measure " + m.id + " condition " + c.id)) {
                    cm.requires_.push_back(std::move(*cc));
                }
            }
            for (const auto& c : m.refer) {
                if (auto cc = compile_condition(c, "measure " + m.id + " refer " + c.id)) {
                    cm.refer.push_back(std::move(*cc));
                }
            }
            cm.amount = compile_expr(m.amount);
            cm.months = compile_expr(m.months);
            for (const auto& s : m.services) cm.services.push_back({&s, compile_expr(s.when)});
            if (m.process && m.process->payment) compile_instalments(*m.process->payment, cm);
            summarise_reads(cm);
            impl_.measure_by_id.emplace(m.id, impl_.measures.size());
            impl_.measures.push_back(std::move(cm));
        }
    }

    // The fact slots `exprs` depend on (sorted), through definitions.
    std::vector<std::uint32_t> facts_of(const std::vector<const CompiledExpr*>& exprs) const {
        std::set<std::uint32_t> out;
        for (const auto* e : exprs) {
            for (auto slot : e->deep_reads) {
                if (impl_.slot_owner[slot].first == SlotKind::fact) out.insert(slot);
            }
        }
        return {out.begin(), out.end()};
    }

    void compile_instalments(const Payment& payment, CompiledMeasure& cm) {
        std::vector<CompiledInstalment> out;
        for (const auto& i : payment.instalments) {
            CompiledInstalment ci;
            ci.source = &i;
            ci.share = compile_expr(i.share);
            ci.amount = compile_expr(i.amount);
            ci.due = compile_expr(i.due);
            if (!ci.share && !ci.amount) return;  // reported by the check
            if (!i.due.empty() && !ci.due) return;
            for (const auto& c : i.recheck) {
                auto cc = compile_condition(c, "measure " + cm.source->id + " instalment " + i.id + " recheck " + c.id);
                if (!cc) return;
                ci.recheck.push_back(std::move(*cc));
            }
            std::set<std::string> samples;
            for (const auto* e : {&ci.share, &ci.amount, &ci.due}) {
                if (!*e) continue;
                for (auto slot : (*e)->deep_reads) {
                    const auto [kind, index] = impl_.slot_owner[slot];
                    if (kind == SlotKind::parameter && impl_.parameters[index].source->sample) {
                        samples.insert(impl_.parameters[index].source->name);
                    }
                }
            }
            ci.sample_parameters.assign(samples.begin(), samples.end());
            std::vector<const CompiledExpr*> parts, rechecks;
            for (const auto* e : {&ci.share, &ci.amount, &ci.due}) {
                if (*e) parts.push_back(&**e);
            }
            for (const auto& c : ci.recheck) rechecks.push_back(&c.when);
            ci.facts_read = facts_of(parts);
            ci.recheck_facts_read = facts_of(rechecks);
            out.push_back(std::move(ci));
        }
        cm.instalments = std::move(out);
    }

    // What the measure's expressions depend on: its facts, and the sample parameters
    // behind its amount.
    void summarise_reads(CompiledMeasure& cm) const {
        std::set<std::uint32_t> facts;
        std::set<std::string> samples;
        auto add = [&](const CompiledExpr* e, bool money) {
            if (!e) return;
            for (auto slot : e->deep_reads) {
                const auto [kind, index] = impl_.slot_owner[slot];
                if (kind == SlotKind::fact) facts.insert(slot);
                if (money && kind == SlotKind::parameter && impl_.parameters[index].source->sample) {
                    samples.insert(impl_.parameters[index].source->name);
                }
            }
        };
        if (cm.applies_to) add(&cm.applies_to->when, false);
        for (const auto& c : cm.requires_) add(&c.when, false);
        for (const auto& c : cm.refer) add(&c.when, false);
        add(cm.amount ? &*cm.amount : nullptr, true);
        add(cm.months ? &*cm.months : nullptr, true);
        for (const auto& s : cm.services) add(s.when ? &*s.when : nullptr, false);
        cm.facts_read.assign(facts.begin(), facts.end());
        cm.sample_parameters.assign(samples.begin(), samples.end());
    }

    void compile_rankings() {
        for (const auto& r : pack_.rankings) {
            auto it = impl_.measure_by_id.find(r.measure);
            if (it == impl_.measure_by_id.end()) continue;  // TR3009, reported by the check
            CompiledRanking cr;
            cr.source = &r;
            cr.measure = it->second;
            for (const auto& p : r.score) {
                if (auto v = compile_expr(p.value)) cr.parts.push_back({&p, std::move(*v)});
            }
            cr.tie_break = compile_expr(r.tie_break);
            cr.pool = compile_expr(r.pool);
            impl_.rankings.push_back(std::move(cr));
        }
    }

    void compile_exclusions() {
        for (const auto& x : pack_.exclusions) {
            ExclusionGroup g;
            g.source = &x;
            for (const auto& id : x.measures) {
                // An unknown id is TR3009, reported by the check.
                if (auto it = impl_.measure_by_id.find(id); it != impl_.measure_by_id.end()) {
                    g.measures.push_back(it->second);
                }
            }
            impl_.exclusions.push_back(std::move(g));
        }
    }

    void compile_parameters() {
        for (auto& cp : impl_.parameters) {
            const Parameter& p = *cp.source;
            const bool as_date = p.parsed_type && p.parsed_type->kind == FactType::Kind::date;
            for (const auto& v : p.versions) cp.versions.emplace_back(v.period, literal_value(v.value, as_date));
        }
    }

    RuleSet::Impl& impl_;
    const Pack& pack_;
    CheckedPack checked_;
    Diagnostics& diags_;
};

}  // namespace

std::unique_ptr<RuleSet::Impl> compile_pack(Pack pack, Diagnostics& diags) {
    auto impl = std::make_unique<RuleSet::Impl>();
    impl->pack = std::move(pack);
    impl->content_hash = detail::pack_content_hash(impl->pack.directory, impl->pack.files);
    // The check refers into impl->pack, so it runs once the pack is in its final place.
    auto checked = detail::check_pack(impl->pack, diags);
    if (!checked) return impl;
    PackCompiler(*impl, std::move(*checked), diags).run();
    return impl;
}

}  // namespace talentrules::rules
