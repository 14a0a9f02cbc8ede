// Ranked allocation: score the measure's eligible applicants with the pack's ranking,
// order them, and hand out units pool by pool; everyone else gets a reason.

#include "talentrules/rules/allocation.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "diagnostics/catalogue.hpp"
#include "rules/eval/evaluation.hpp"
#include "rules/load/yaml_value.hpp"
#include "talentrules/json.hpp"
#include "text/escape.hpp"
#include "text/words.hpp"

namespace talentrules::rules {
namespace {

using cel::Value;

struct Candidate {
    std::size_t index;  // into placements
    Value tie_break;
};

void unit_error(Diagnostics& diags, std::string_view source, std::string_view key,
                std::initializer_list<diagnostics::Arg> args) {
    diags.push_back(diagnostics::make_diagnostic("TR5101", key, args, std::string(source)));
}

}  // namespace

std::optional<std::vector<UnitGroup>> parse_units(std::string_view text, bool yaml, Diagnostics& diags,
                                                  std::string_view source) {
    Value doc;
    if (yaml) {
        try {
            auto v = detail::yaml_to_value(detail::load_one_document(std::string(text)));
            if (!v) {
                unit_error(diags, source, "yaml_limits", {});
                return std::nullopt;
            }
            doc = *v;
        } catch (const YAML::Exception& e) {
            unit_error(diags, source, "yaml", {e.msg});
            return std::nullopt;
        }
    } else {
        JsonError err;
        auto v = value_from_json(text, &err);
        if (!v) {
            unit_error(diags, source, "json", {err.message});
            return std::nullopt;
        }
        doc = *v;
    }
    const Value* list = doc.is_map() ? doc.as_map().find(Value::string("units")) : nullptr;
    if (!list || !list->is_list()) {
        unit_error(diags, source, "shape", {});
        return std::nullopt;
    }
    std::vector<UnitGroup> out;
    std::size_t i = 0;
    for (const auto& item : list->as_list()) {
        ++i;
        if (!item.is_map()) {
            unit_error(diags, source, "group_object", {i});
            return std::nullopt;
        }
        UnitGroup g;
        for (const auto& [k, v] : item.as_map().entries()) {
            const auto key = k.as_string();
            if (key == "type" && v.is_string()) g.type = std::string(v.as_string());
            else if (key == "pool" && v.is_string()) g.pool = std::string(v.as_string());
            else if (key == "size" && v.is_int()) g.size = v.as_int();
            else if (key == "count" && v.is_int() && v.as_int() >= 0 && v.as_int() <= 1'000'000) g.count = v.as_int();
            else {
                unit_error(diags, source, "group_field", {i, key});
                return std::nullopt;
            }
        }
        if (g.type.empty()) {
            unit_error(diags, source, "group_type", {i});
            return std::nullopt;
        }
        out.push_back(std::move(g));
    }
    return out;
}

Allocation allocate(const RuleSet& ruleset, const std::vector<std::pair<std::string, Profile>>& applicants,
                    const std::vector<UnitGroup>& units, std::string_view ranking_id, const EvaluateOptions& options) {
    const auto& impl = ruleset.internals();
    Allocation result;
    result.as_of = options.as_of.empty() ? today() : options.as_of;
    const CompiledRanking* ranking = nullptr;
    for (const auto& r : impl.rankings) {
        if (ranking_id.empty() || r.source->id == ranking_id) {
            ranking = &r;
            break;
        }
    }
    if (!ranking) {
        result.diagnostics.push_back(ranking_id.empty()
                                         ? diagnostics::make_diagnostic("TR5102", "no_rankings", {})
                                         : diagnostics::make_diagnostic("TR5102", "unknown", {ranking_id}));
        return result;
    }
    result.ranking = ranking->source->id;
    const CompiledMeasure& measure = impl.measures[ranking->measure];

    std::vector<Candidate> ranked;
    for (const auto& [source, profile] : applicants) {
        detail::Evaluation ev(impl, profile, result.as_of);
        Placement p;
        p.applicant_id = profile.applicant_id;
        p.source = source;
        const Decision d = detail::decide(ev, measure, false);
        p.outcome = d.outcome;
        if (d.outcome != Outcome::eligible) {
            for (const auto& c : d.conditions) {
                if (c.value.is_bool() && !c.value.as_bool() && c.kind != ConditionKind::service) p.reasons.push_back(c.title.zh);
            }
            for (const auto& m : d.missing) p.reasons.push_back("缺少 " + m);
            for (const auto& r : d.reasons) p.reasons.push_back("一事一议 " + r);
            result.placements.push_back(std::move(p));
            continue;
        }
        bool complete = true;
        for (const auto& part : ranking->parts) {
            Value v = ev.run(part.value);
            ScorePartResult r{part.source->id, part.source->title, std::nullopt};
            if (v.is_int()) {
                r.points = v.as_int();
                p.score += v.as_int();
            } else {
                complete = false;
                p.reasons.push_back(v.is_unknown() ? fmt::format("评分项 {} 缺少材料", part.source->id)
                                                   : fmt::format("评分项 {} 出错", part.source->id));
            }
            p.parts.push_back(std::move(r));
        }
        if (ranking->pool) {
            Value pool = ev.run(*ranking->pool);
            if (pool.is_string()) p.pool = std::string(pool.as_string());
            else complete = false;
        }
        Value tie = ranking->tie_break ? ev.run(*ranking->tie_break) : Value();
        if (complete) ranked.push_back({result.placements.size(), tie});
        else p.outcome = Outcome::undetermined;
        result.placements.push_back(std::move(p));
    }

    auto& placements = result.placements;
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Candidate& a, const Candidate& b) {
        const Placement& x = placements[a.index];
        const Placement& y = placements[b.index];
        if (x.score != y.score) return x.score > y.score;
        const bool ax = a.tie_break.is_exceptional() || a.tie_break.is_null();
        const bool bx = b.tie_break.is_exceptional() || b.tie_break.is_null();
        if (ax != bx) return bx;  // a known tie-break comes first
        if (!ax) {
            auto order = cel::cel_compare(a.tie_break, b.tie_break);
            if (order && *order != std::partial_ordering::equivalent) return *order == std::partial_ordering::less;
        }
        return x.applicant_id < y.applicant_id;
    });

    // Units in file order, each group numbered from 1.
    struct Slot {
        const UnitGroup* group;
        std::int64_t number;
    };
    std::vector<Slot> free;
    for (const auto& g : units) {
        for (std::int64_t n = 1; n <= g.count; ++n) free.push_back({&g, n});
    }
    result.units_total = free.size();
    std::vector<bool> taken(free.size(), false);
    std::map<std::string, std::size_t> waitlist_by_pool;
    std::size_t rank = 0;
    for (const auto& c : ranked) {
        Placement& p = placements[c.index];
        p.rank = ++rank;
        for (std::size_t i = 0; i < free.size(); ++i) {
            if (taken[i]) continue;
            if (!free[i].group->pool.empty() && free[i].group->pool != p.pool) continue;
            taken[i] = true;
            const auto& g = *free[i].group;
            p.unit = g.size > 0 ? fmt::format("{} #{} ({} m²)", g.type, free[i].number, g.size)
                                : fmt::format("{} #{}", g.type, free[i].number);
            ++result.units_allocated;
            break;
        }
        if (!p.unit) p.waitlist = ++waitlist_by_pool[p.pool];
    }
    // Ranked applicants first, in rank order; then the others by applicant id, so the
    // result does not depend on the order the applicants were given in.
    std::vector<Placement> ordered;
    for (const auto& c : ranked) ordered.push_back(std::move(placements[c.index]));
    const std::size_t first_unranked = ordered.size();
    for (auto& p : placements) {
        if (!p.rank) ordered.push_back(std::move(p));
    }
    std::stable_sort(ordered.begin() + static_cast<std::ptrdiff_t>(first_unranked), ordered.end(),
                     [](const Placement& a, const Placement& b) {
                         return std::tie(a.applicant_id, a.source) < std::tie(b.applicant_id, b.source);
                     });
    result.placements = std::move(ordered);
    return result;
}

std::string to_json(const Allocation& a) {
    std::string out = "{\"ranking\":";
    append_json_string(out, a.ranking);
    out += ",\"as_of\":";
    append_json_string(out, a.as_of);
    out += fmt::format(",\"units_total\":{},\"units_allocated\":{},\"placements\":[", a.units_total, a.units_allocated);
    for (std::size_t i = 0; i < a.placements.size(); ++i) {
        const auto& p = a.placements[i];
        if (i) out += ',';
        out += "{\"applicant_id\":";
        append_json_string(out, p.applicant_id);
        out += ",\"outcome\":";
        append_json_string(out, to_string(p.outcome));
        out += ",\"rank\":" + (p.rank ? std::to_string(*p.rank) : std::string("null"));
        out += fmt::format(",\"score\":{},\"parts\":[", p.score);
        for (std::size_t k = 0; k < p.parts.size(); ++k) {
            if (k) out += ',';
            out += "{\"id\":";
            append_json_string(out, p.parts[k].id);
            out += ",\"points\":" + (p.parts[k].points ? std::to_string(*p.parts[k].points) : std::string("null"));
            out += '}';
        }
        out += "],\"pool\":";
        append_json_string(out, p.pool);
        out += ",\"unit\":";
        if (p.unit) append_json_string(out, *p.unit);
        else out += "null";
        out += ",\"waitlist\":" + (p.waitlist ? std::to_string(*p.waitlist) : std::string("null"));
        out += ",\"reasons\":[";
        for (std::size_t k = 0; k < p.reasons.size(); ++k) {
            if (k) out += ',';
            append_json_string(out, p.reasons[k]);
        }
        out += "]}";
    }
    out += "]}";
    return out;
}

std::string to_text(const Allocation& a, std::string_view lang) {
    const auto& w = text::words(lang).allocation;
    std::string out = fmt::format(fmt::runtime(w.heading),
                                  a.ranking, a.as_of, a.units_allocated, a.units_total);
    for (const auto& p : a.placements) {
        if (p.rank) {
            std::string parts;
            for (const auto& part : p.parts) {
                if (part.points && *part.points) parts += fmt::format("{}{} {}", parts.empty() ? "" : " + ", part.title.in(lang), *part.points);
            }
            const std::string where = p.unit ? *p.unit
                                    : fmt::format(fmt::runtime(w.waitlist), *p.waitlist);
            const std::string score = p.parts.empty() ? std::string() : fmt::format("{:>4} {}", p.score, w.points);
            out += fmt::format("{:>3}. {:<12} {}  {}{}\n", *p.rank, text::escape_controls(p.applicant_id), score, where,
                               p.pool.empty() ? "" : fmt::format("  [{}]", p.pool));
            if (!parts.empty()) out += fmt::format("     = {}\n", parts);
        } else {
            std::string why;
            for (const auto& r : p.reasons) why += (why.empty() ? "" : "；") + r;
            out += fmt::format("  -  {:<12} {}：{}\n", text::escape_controls(p.applicant_id),
                               p.outcome == Outcome::undetermined ? w.undetermined : w.not_ranked, why);
        }
    }
    return out;
}

}  // namespace talentrules::rules
