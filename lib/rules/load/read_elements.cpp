// The element readers: one parsed YAML file -> the elements it adds to a Pack. Each
// element's keys come from its field table (fields.cpp), so an unknown (misspelt) key is
// always an error with its position and the likely meant key, instead of a silently
// ignored rule.

#include "rules/load/read_elements.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>

#include "rules/load/fields.hpp"
#include "rules/load/load_yaml.hpp"
#include "rules/load/read_process.hpp"

namespace talentrules::rules::detail {

NodeDiagnostics::NodeDiagnostics(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

Location NodeDiagnostics::where(const YAML::Node& n) const {
    const auto m = n.Mark();
    if (m.line < 0) return {file_, {}};
    return {file_, {static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)}};
}

void NodeDiagnostics::error(const YAML::Node& n, std::string_view code, std::string_view key,
                            std::initializer_list<diagnostics::Arg> args) {
    diags_.push_back(diagnostics::make_diagnostic(code, key, args, file_, where(n).position));
}

void NodeDiagnostics::report(Diagnostic d) { diags_.push_back(std::move(d)); }

namespace {

class Reader : public NodeDiagnostics {
public:
    using NodeDiagnostics::NodeDiagnostics;

    bool expect_map(const YAML::Node& n, std::string_view what) {
        if (n.IsMap()) return true;
        error(n, "TR3003", "mapping", {what});
        return false;
    }

    bool expect_seq(const YAML::Node& n, std::string_view what) {
        if (n.IsSequence()) return true;
        error(n, "TR3003", "list", {what});
        return false;
    }

    // Reports keys that are not fields of `element` (suggesting the closest field) and
    // missing required ones. `what` names the element in messages (default: its own name).
    void check_keys(const YAML::Node& n, Element element, std::string_view what = {}) {
        const ElementSpec& spec = element_spec(element);
        if (what.empty()) what = spec.what;
        for (const auto& kv : n) {
            const auto key = kv.first.as<std::string>();
            const bool known = std::any_of(spec.fields.begin(), spec.fields.end(),
                                           [&](const FieldSpec& f) { return f.name == key; });
            if (known) continue;
            std::string list;
            for (const auto& f : spec.fields) list += (list.empty() ? "" : ", ") + std::string(f.name);
            const auto suggestion = closest_field(element, key);
            if (suggestion.empty()) {
                error(kv.first, "TR3002", "unknown_key", {key, what, list});
            } else {
                error(kv.first, "TR3002", "unknown_key_hint", {key, what, suggestion, list});
            }
        }
        for (const auto& f : spec.fields) {
            if (f.required && !n[std::string(f.name)]) error(n, "TR3004", "required", {what, f.name});
        }
    }

    std::string scalar(const YAML::Node& n, std::string_view what) {
        if (!n) return {};
        if (!n.IsScalar()) {
            error(n, "TR3003", "scalar", {what});
            return {};
        }
        return n.Scalar();
    }

    bool boolean(const YAML::Node& n, std::string_view what) {
        if (!n) return false;
        const auto s = scalar(n, what);
        if (s == "true") return true;
        if (s == "false") return false;
        error(n, "TR3003", "bool", {what});
        return false;
    }

    Text text(const YAML::Node& n, std::string_view what) {
        Text t;
        if (!n) return t;
        if (n.IsScalar()) {
            t.zh = n.Scalar();
            return t;
        }
        if (!expect_map(n, what)) return t;
        check_keys(n, Element::text, what);
        t.zh = scalar(n["zh"], what);
        t.en = scalar(n["en"], what);
        return t;
    }

    Expression expression(const YAML::Node& n, std::string_view what) {
        Expression e;
        if (!n) return e;
        if (n.IsScalar()) {
            e.text = n.Scalar();
        } else {
            error(n, "TR3003", "expression", {what});
            return e;
        }
        e.location = where(n);
        e.quoted = n.Tag() == "!";
        if (e.text.empty()) error(n, "TR3003", "empty", {what});
        return e;
    }

    std::string date(const YAML::Node& n, std::string_view what) {
        if (!n) return {};
        auto s = scalar(n, what);
        if (!valid_date(s)) {
            error(n, "TR3006", "date", {what, s});
            return {};
        }
        return s;
    }

    Period period(const YAML::Node& n, std::string_view what) {
        Period p;
        if (!n) return p;
        if (!expect_map(n, what)) return p;
        check_keys(n, Element::period, what);
        p.from = date(n["from"], what);
        p.to = date(n["to"], what);
        if (!p.from.empty() && !p.to.empty() && p.to < p.from) {
            error(n, "TR3006", "period", {what, p.to, p.from});
        }
        return p;
    }

    Literal literal(const YAML::Node& n) {
        Literal l;
        l.location = where(n);
        if (n.IsNull()) return l;
        if (n.IsSequence()) {
            l.kind = Literal::Kind::list;
            for (const auto& item : n) l.items.push_back(literal(item));
            return l;
        }
        if (n.IsMap()) {
            l.kind = Literal::Kind::map;
            for (const auto& kv : n) l.map.push_back(LiteralEntry{kv.first.as<std::string>(), literal(kv.second)});
            return l;
        }
        const std::string& s = n.Scalar();
        if (n.Tag() != "!") {  // plain scalars may be numbers or booleans
            if (s == "true" || s == "false") {
                l.kind = Literal::Kind::boolean;
                l.boolean = s == "true";
                return l;
            }
            // Only text that looks like a number is one: `nan` and `inf` stay strings.
            const std::size_t lead = !s.empty() && s[0] == '-' ? 1 : 0;
            const bool numeric = s.size() > lead && ((s[lead] >= '0' && s[lead] <= '9') || s[lead] == '.');
            std::int64_t i = 0;
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
            if (numeric && ec == std::errc() && p == s.data() + s.size()) {
                l.kind = Literal::Kind::integer;
                l.integer = i;
                return l;
            }
            if (numeric && ec == std::errc::result_out_of_range && p == s.data() + s.size()) {
                error(n, "TR3003", "int_range", {s});
                return l;
            }
            double d = 0;
            auto [p2, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
            if (numeric && ec2 == std::errc() && p2 == s.data() + s.size()) {
                l.kind = Literal::Kind::number;
                l.number = d;
                return l;
            }
            if (numeric && ec2 == std::errc::result_out_of_range && p2 == s.data() + s.size()) {
                error(n, "TR3003", "double_range", {s});
                return l;
            }
        }
        l.kind = Literal::Kind::string;
        l.string = s;
        return l;
    }

    // A whole number (a plain integer scalar), or nullopt with a TR3003 at the node.
    std::optional<std::int64_t> integer(const YAML::Node& n, std::string_view what) {
        if (!n) return std::nullopt;
        const auto before = diags_.size();
        const Literal l = literal(n);
        if (l.kind == Literal::Kind::integer) return l.integer;
        if (diags_.size() == before) error(n, "TR3003", "whole_number", {what});
        return std::nullopt;
    }

    template <class F>
    void each(const YAML::Node& n, std::string_view what, F&& f) {
        if (!n) return;
        if (!expect_seq(n, what)) return;
        for (const auto& item : n) {
            if (expect_map(item, what)) f(item);
        }
    }

    // --- elements ------------------------------------------------------------------

    void read_pack(const YAML::Node& n, Pack& pack) {
        if (!expect_map(n, "pack")) return;
        check_keys(n, Element::pack);
        if (!pack.info.id.empty()) {
            error(n, "TR3012", "declared_again", {pack.info.location.file});
            return;
        }
        pack.info.id = scalar(n["id"], "pack id");
        pack.info.title = text(n["title"], "pack title");
        pack.info.version = scalar(n["version"], "pack version");
        pack.info.source = scalar(n["source"], "pack source");
        pack.info.effective = period(n["effective"], "pack effective");
        pack.info.location = where(n);
    }

    void read_categories(const YAML::Node& n, Pack& pack) {
        each(n, "categories", [&](const YAML::Node& c) {
            check_keys(c, Element::category);
            Category cat;
            cat.name = scalar(c["name"], "category name");
            cat.label = text(c["label"], "category label");
            cat.ordered = boolean(c["ordered"], "ordered");
            cat.location = where(c);
            if (c["values"] && expect_seq(c["values"], "category values")) {
                std::set<std::string> seen;
                for (const auto& v : c["values"]) {
                    auto s = scalar(v, "category value");
                    if (!seen.insert(s).second) {
                        error(v, "TR3005", "category_value", {s, cat.name});
                    }
                    cat.values.push_back(s);
                }
            }
            pack.categories.push_back(std::move(cat));
        });
    }

    Fact fact(const YAML::Node& f) {
        check_keys(f, Element::fact);
        Fact out;
        out.name = scalar(f["name"], "fact name");
        out.type = scalar(f["type"], "fact type");
        out.parsed_type = FactType::parse(out.type);
        out.label = text(f["label"], "fact label");
        out.location = where(f);
        for (const char* bound : {"min", "max"}) {
            const auto b = f[bound];
            if (!b) continue;
            if (out.parsed_type.kind != FactType::Kind::int_) {
                error(b, "TR3003", "bound_int_only", {bound});
                continue;
            }
            auto& slot = bound == std::string_view("min") ? out.min : out.max;
            slot = integer(b, fmt::format("fact '{}' {}", out.name, bound));
        }
        if (out.min && out.max && *out.min > *out.max) {
            error(f, "TR3003", "min_max", {out.name, *out.min, *out.max});
        }
        out.fixed = boolean(f["fixed"], "fixed");
        if (const auto a = f["absent"]; a && expect_map(a, "absent")) {
            check_keys(a, Element::absence);
            auto absence = std::make_shared<Absence>();
            if (a["value"]) absence->value = literal(a["value"]);
            absence->title = text(a["title"], "absent title");
            absence->location = where(a);
            out.absent = std::move(absence);
        }
        if (out.parsed_type.kind == FactType::Kind::object) {
            if (!f["fields"]) error(f, "TR3004", "object_fields", {out.name});
            each(f["fields"], "fields", [&](const YAML::Node& sub) { out.fields.push_back(fact(sub)); });
        } else if (f["fields"]) {
            error(f["fields"], "TR3003", "fields_object_only", {});
        }
        return out;
    }

    void read_schema(const YAML::Node& n, Pack& pack) {
        each(n, "schema", [&](const YAML::Node& f) { pack.schema.push_back(fact(f)); });
    }

    void read_parameters(const YAML::Node& n, Pack& pack) {
        each(n, "parameters", [&](const YAML::Node& p) {
            check_keys(p, Element::parameter);
            Parameter par;
            par.name = scalar(p["name"], "parameter name");
            par.title = text(p["title"], "parameter title");
            par.unit = scalar(p["unit"], "unit");
            par.type = scalar(p["type"], "type");
            if (!par.type.empty()) par.parsed_type = FactType::parse(par.type);
            par.sample = boolean(p["sample"], "sample");
            par.source = scalar(p["source"], "source");
            par.location = where(p);
            if (p["value"] && p["versions"]) {
                error(p, "TR3003", "parameter_both", {par.name});
            } else if (p["value"]) {
                par.versions.push_back({{}, literal(p["value"]), where(p["value"])});
            } else if (p["versions"]) {
                each(p["versions"], "versions", [&](const YAML::Node& v) {
                    check_keys(v, Element::parameter_version);
                    ParameterVersion pv;
                    pv.period.from = date(v["from"], "from");
                    pv.period.to = date(v["to"], "to");
                    pv.value = literal(v["value"]);
                    pv.location = where(v);
                    par.versions.push_back(std::move(pv));
                });
            } else {
                error(p, "TR3004", "parameter_value", {par.name});
            }
            pack.parameters.push_back(std::move(par));
        });
    }

    void read_definitions(const YAML::Node& n, Pack& pack) {
        each(n, "definitions", [&](const YAML::Node& d) {
            check_keys(d, Element::definition);
            Definition def;
            def.name = scalar(d["name"], "definition name");
            def.title = text(d["title"], "definition title");
            def.type = scalar(d["type"], "definition type");
            if (!def.type.empty()) def.parsed_type = FactType::parse(def.type);
            def.location = where(d);
            if (d["value"] && d["table"]) {
                error(d, "TR3003", "definition_both", {def.name});
            } else if (d["value"]) {
                def.value = expression(d["value"], "definition value");
            } else if (d["table"]) {
                each(d["table"], "table", [&](const YAML::Node& row) {
                    TableRow r;
                    r.location = where(row);
                    if (row["otherwise"]) {
                        check_keys(row, Element::otherwise_row);
                        r.then = expression(row["otherwise"], "otherwise");
                    } else {
                        check_keys(row, Element::table_row);
                        r.when = expression(row["when"], "when");
                        r.then = expression(row["then"], "then");
                    }
                    r.title = text(row["title"], "row title");
                    def.table.push_back(std::move(r));
                });
            } else {
                error(d, "TR3004", "definition_value", {def.name});
            }
            pack.definitions.push_back(std::move(def));
        });
    }

    Condition condition(const YAML::Node& c, bool refer) {
        Condition out;
        if (refer) {
            check_keys(c, Element::refer_condition);
            out.id = scalar(c["code"], "code");
        } else {
            check_keys(c, Element::condition);
            out.id = scalar(c["id"], "condition id");
            out.recheck = expression(c["recheck"], "recheck");
        }
        out.title = text(c["title"], "condition title");
        out.when = expression(c["when"], "when");
        out.location = where(c);
        return out;
    }

    void read_measures(const YAML::Node& n, Pack& pack) {
        each(n, "measures", [&](const YAML::Node& m) {
            check_keys(m, Element::measure);
            Measure out;
            out.id = scalar(m["id"], "measure id");
            out.title = text(m["title"], "measure title");
            if (m["kind"]) {
                const auto spelled = scalar(m["kind"], "kind");
                if (auto kind = parse_measure_kind(spelled)) {
                    out.kind = *kind;
                } else {
                    error(m["kind"], "TR3011", "kind", {spelled});
                }
            }
            if (m["clause"] && expect_map(m["clause"], "clause")) {
                check_keys(m["clause"], Element::clause);
                out.clause.section = scalar(m["clause"]["section"], "section");
                out.clause.text = scalar(m["clause"]["text"], "clause text");
            }
            out.effective = period(m["effective"], "effective");
            out.location = where(m);
            if (const auto a = m["applies_to"]; a && expect_map(a, "applies_to")) {
                check_keys(a, Element::applicability);
                Condition c;
                c.id = "applies_to";
                c.title = text(a["title"], "applies_to title");
                c.when = expression(a["when"], "applies_to when");
                c.location = where(a);
                out.applies_to = std::move(c);
            }
            std::set<std::string> ids;
            auto unique = [&](const Condition& c, const YAML::Node& at) {
                if (!ids.insert(c.id).second) {
                    error(at, "TR3005", "condition", {c.id, out.id});
                }
            };
            each(m["requires"], "requires", [&](const YAML::Node& c) {
                out.requires_.push_back(condition(c, false));
                unique(out.requires_.back(), c);
            });
            each(m["refer"], "refer", [&](const YAML::Node& c) {
                out.refer.push_back(condition(c, true));
                unique(out.refer.back(), c);
            });
            if (const auto a = m["amount"]) {
                if (a.IsScalar()) {
                    out.amount = expression(a, "amount");
                } else if (expect_map(a, "amount")) {
                    check_keys(a, Element::amount);
                    out.amount = expression(a["value"], "amount value");
                    out.unit = scalar(a["unit"], "unit");
                    out.months = expression(a["months"], "months");
                }
            }
            if (out.unit.empty() && !out.amount.empty()) out.unit = "元";
            each(m["services"], "services", [&](const YAML::Node& s) {
                check_keys(s, Element::service);
                Service service{scalar(s["name"], "service name"), text(s["title"], "service title"),
                                expression(s["when"], "when"), where(s)};
                if (service.title.zh.empty()) service.title.zh = service.name;
                out.services.push_back(std::move(service));
            });
            out.process = read_process(*this, m["process"], out.id, out.amount.empty() ? std::string() : out.unit);
            pack.measures.push_back(std::move(out));
        });
    }

    void read_exclusions(const YAML::Node& n, Pack& pack) {
        each(n, "exclusions", [&](const YAML::Node& x) {
            check_keys(x, Element::exclusion);
            Exclusion out;
            out.id = scalar(x["id"], "exclusion id");
            out.title = text(x["title"], "exclusion title");
            out.keep = x["keep"] ? scalar(x["keep"], "keep") : "highest_amount";
            if (out.keep != "highest_amount" && out.keep != "first") {
                error(x["keep"], "TR3011", "keep", {out.keep});
            }
            if (expect_seq(x["measures"], "exclusion measures")) {
                for (const auto& m : x["measures"]) out.measures.push_back(scalar(m, "measure id"));
            }
            out.location = where(x);
            pack.exclusions.push_back(std::move(out));
        });
    }

    void read_rankings(const YAML::Node& n, Pack& pack) {
        each(n, "rankings", [&](const YAML::Node& r) {
            check_keys(r, Element::ranking);
            Ranking out;
            out.id = scalar(r["id"], "ranking id");
            out.measure = scalar(r["measure"], "measure");
            out.title = text(r["title"], "ranking title");
            out.tie_break = expression(r["tie_break"], "tie_break");
            out.pool = expression(r["pool"], "pool");
            out.location = where(r);
            each(r["score"], "score", [&](const YAML::Node& s) {
                check_keys(s, Element::score_part);
                out.score.push_back({scalar(s["id"], "score id"), text(s["title"], "score title"),
                                     expression(s["value"], "score value"), where(s)});
            });
            pack.rankings.push_back(std::move(out));
        });
    }

    void read_document(const YAML::Node& root, Pack& pack) {
        if (root.IsNull()) return;
        if (!expect_map(root, "a pack file")) return;
        check_keys(root, Element::file);
        if (root["pack"]) read_pack(root["pack"], pack);
        read_categories(root["categories"], pack);
        read_schema(root["schema"], pack);
        read_parameters(root["parameters"], pack);
        read_definitions(root["definitions"], pack);
        read_measures(root["measures"], pack);
        read_exclusions(root["exclusions"], pack);
        read_rankings(root["rankings"], pack);
    }

};


}  // namespace

void read_document(const std::string& file, const YAML::Node& root, Pack& pack, Diagnostics& diags) {
    Reader(file, diags).read_document(root, pack);
}

}  // namespace talentrules::rules::detail
