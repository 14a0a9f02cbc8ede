// Reads a pack's YAML files into the document model. Each element's allowed keys are
// listed once, next to its reader, so an unknown (misspelt) key is always an error
// with its position instead of a silently ignored rule.

#include "rules/load/load_yaml.hpp"
#include "text/date.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <set>
#include <sstream>

namespace talentrules::rules::detail {
namespace {

namespace fs = std::filesystem;

class Reader {
public:
    Reader(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

    Location where(const YAML::Node& n) const {
        const auto m = n.Mark();
        if (m.line < 0) return {file_, {}};
        return {file_, {static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)}};
    }

    void error(const YAML::Node& n, std::string code, std::string message) {
        Diagnostic d;
        d.code = std::move(code);
        d.message = std::move(message);
        d.file = file_;
        d.position = where(n).position;
        diags_.push_back(std::move(d));
    }

    void report(Diagnostic d) { diags_.push_back(std::move(d)); }

    bool expect_map(const YAML::Node& n, std::string_view what) {
        if (n.IsMap()) return true;
        error(n, "TR3003", fmt::format("{} must be a mapping", what));
        return false;
    }

    bool expect_seq(const YAML::Node& n, std::string_view what) {
        if (n.IsSequence()) return true;
        error(n, "TR3003", fmt::format("{} must be a list", what));
        return false;
    }

    // Reports keys outside `allowed` and missing `required` ones.
    void check_keys(const YAML::Node& n, std::string_view what, std::initializer_list<const char*> allowed,
                    std::initializer_list<const char*> required = {}) {
        for (const auto& kv : n) {
            const auto key = kv.first.as<std::string>();
            bool ok = false;
            for (const char* a : allowed) ok |= key == a;
            if (!ok) {
                std::string list;
                for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                error(kv.first, "TR3002", fmt::format("unknown key '{}' in {} (allowed: {})", key, what, list));
            }
        }
        for (const char* r : required) {
            if (!n[r]) error(n, "TR3004", fmt::format("{} needs '{}'", what, r));
        }
    }

    std::string scalar(const YAML::Node& n, std::string_view what) {
        if (!n) return {};
        if (!n.IsScalar()) {
            error(n, "TR3003", fmt::format("{} must be a single value", what));
            return {};
        }
        return n.Scalar();
    }

    bool boolean(const YAML::Node& n, std::string_view what) {
        if (!n) return false;
        const auto s = scalar(n, what);
        if (s == "true") return true;
        if (s == "false") return false;
        error(n, "TR3003", fmt::format("{} must be true or false", what));
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
        check_keys(n, what, {"zh", "en"}, {"zh"});
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
            error(n, "TR3003", fmt::format("{} must be an expression (a string)", what));
            return e;
        }
        e.location = where(n);
        e.quoted = n.Tag() == "!";
        if (e.text.empty()) error(n, "TR3003", fmt::format("{} is empty", what));
        return e;
    }

    std::string date(const YAML::Node& n, std::string_view what) {
        if (!n) return {};
        auto s = scalar(n, what);
        if (!valid_date(s)) {
            error(n, "TR3006", fmt::format("{}: '{}' is not a valid date (YYYY-MM-DD)", what, s));
            return {};
        }
        return s;
    }

    Period period(const YAML::Node& n, std::string_view what) {
        Period p;
        if (!n) return p;
        if (!expect_map(n, what)) return p;
        check_keys(n, what, {"from", "to"});
        p.from = date(n["from"], what);
        p.to = date(n["to"], what);
        if (!p.from.empty() && !p.to.empty() && p.to < p.from) {
            error(n, "TR3006", fmt::format("{}: 'to' {} is before 'from' {}", what, p.to, p.from));
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
                error(n, "TR3003", fmt::format("integer {} is outside the 64-bit range", s));
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
                error(n, "TR3003", fmt::format("number {} is outside the range of a double", s));
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
        if (diags_.size() == before) error(n, "TR3003", fmt::format("{} must be a whole number", what));
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
        check_keys(n, "pack", {"id", "title", "version", "source", "effective"}, {"id", "title"});
        if (!pack.info.id.empty()) {
            error(n, "TR3012", fmt::format("'pack' is declared again (first in {})", pack.info.location.file));
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
            check_keys(c, "category", {"name", "label", "ordered", "values"}, {"name", "values"});
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
                        error(v, "TR3005", fmt::format("value '{}' is listed twice in category '{}'", s, cat.name));
                    }
                    cat.values.push_back(s);
                }
            }
            pack.categories.push_back(std::move(cat));
        });
    }

    Fact fact(const YAML::Node& f) {
        check_keys(f, "fact", {"name", "type", "label", "min", "max", "fields"}, {"name", "type"});
        Fact out;
        out.name = scalar(f["name"], "fact name");
        out.type = scalar(f["type"], "fact type");
        out.label = text(f["label"], "fact label");
        out.location = where(f);
        for (const char* bound : {"min", "max"}) {
            const auto b = f[bound];
            if (!b) continue;
            if (out.type != "int") {
                error(b, "TR3003", fmt::format("only an int fact has '{}'", bound));
                continue;
            }
            auto& slot = bound == std::string_view("min") ? out.min : out.max;
            slot = integer(b, fmt::format("fact '{}' {}", out.name, bound));
        }
        if (out.min && out.max && *out.min > *out.max) {
            error(f, "TR3003", fmt::format("fact '{}' has min {} greater than max {}", out.name, *out.min, *out.max));
        }
        if (out.type == "object") {
            if (!f["fields"]) error(f, "TR3004", fmt::format("object fact '{}' needs 'fields'", out.name));
            each(f["fields"], "fields", [&](const YAML::Node& sub) { out.fields.push_back(fact(sub)); });
        } else if (f["fields"]) {
            error(f["fields"], "TR3003", "only an object fact has 'fields'");
        }
        return out;
    }

    void read_schema(const YAML::Node& n, Pack& pack) {
        each(n, "schema", [&](const YAML::Node& f) { pack.schema.push_back(fact(f)); });
    }

    void read_parameters(const YAML::Node& n, Pack& pack) {
        each(n, "parameters", [&](const YAML::Node& p) {
            check_keys(p, "parameter", {"name", "title", "unit", "type", "sample", "source", "value", "versions"},
                       {"name"});
            Parameter par;
            par.name = scalar(p["name"], "parameter name");
            par.title = text(p["title"], "parameter title");
            par.unit = scalar(p["unit"], "unit");
            par.type = scalar(p["type"], "type");
            par.sample = boolean(p["sample"], "sample");
            par.source = scalar(p["source"], "source");
            par.location = where(p);
            if (p["value"] && p["versions"]) {
                error(p, "TR3003", fmt::format("parameter '{}' has both 'value' and 'versions'", par.name));
            } else if (p["value"]) {
                par.versions.push_back({{}, literal(p["value"]), where(p["value"])});
            } else if (p["versions"]) {
                each(p["versions"], "versions", [&](const YAML::Node& v) {
                    check_keys(v, "parameter version", {"from", "to", "value"}, {"value"});
                    ParameterVersion pv;
                    pv.period.from = date(v["from"], "from");
                    pv.period.to = date(v["to"], "to");
                    pv.value = literal(v["value"]);
                    pv.location = where(v);
                    par.versions.push_back(std::move(pv));
                });
            } else {
                error(p, "TR3004", fmt::format("parameter '{}' needs 'value' or 'versions'", par.name));
            }
            pack.parameters.push_back(std::move(par));
        });
    }

    void read_definitions(const YAML::Node& n, Pack& pack) {
        each(n, "definitions", [&](const YAML::Node& d) {
            check_keys(d, "definition", {"name", "title", "type", "value", "table"}, {"name"});
            Definition def;
            def.name = scalar(d["name"], "definition name");
            def.title = text(d["title"], "definition title");
            def.type = scalar(d["type"], "definition type");
            def.location = where(d);
            if (d["value"] && d["table"]) {
                error(d, "TR3003", fmt::format("definition '{}' has both 'value' and 'table'", def.name));
            } else if (d["value"]) {
                def.value = expression(d["value"], "definition value");
            } else if (d["table"]) {
                each(d["table"], "table", [&](const YAML::Node& row) {
                    TableRow r;
                    r.location = where(row);
                    if (row["otherwise"]) {
                        check_keys(row, "table row", {"otherwise", "title"});
                        r.then = expression(row["otherwise"], "otherwise");
                    } else {
                        check_keys(row, "table row", {"when", "then", "title"}, {"when", "then"});
                        r.when = expression(row["when"], "when");
                        r.then = expression(row["then"], "then");
                    }
                    r.title = text(row["title"], "row title");
                    def.table.push_back(std::move(r));
                });
            } else {
                error(d, "TR3004", fmt::format("definition '{}' needs 'value' or 'table'", def.name));
            }
            pack.definitions.push_back(std::move(def));
        });
    }

    Condition condition(const YAML::Node& c, bool refer) {
        Condition out;
        if (refer) {
            check_keys(c, "refer condition", {"code", "title", "when"}, {"code", "title", "when"});
            out.id = scalar(c["code"], "code");
        } else {
            check_keys(c, "condition", {"id", "title", "when", "recheck"}, {"id", "title", "when"});
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
            check_keys(m, "measure",
                       {"id", "title", "kind", "clause", "effective", "requires", "refer", "amount", "services"},
                       {"id", "title"});
            Measure out;
            out.id = scalar(m["id"], "measure id");
            out.title = text(m["title"], "measure title");
            out.kind = m["kind"] ? scalar(m["kind"], "kind") : "automatic";
            if (out.kind != "automatic" && out.kind != "referral" && out.kind != "service" && out.kind != "ranked") {
                error(m["kind"], "TR3011",
                      fmt::format("kind '{}' is not one of automatic, referral, service, ranked", out.kind));
            }
            if (m["clause"] && expect_map(m["clause"], "clause")) {
                check_keys(m["clause"], "clause", {"section", "text"}, {"section", "text"});
                out.clause.section = scalar(m["clause"]["section"], "section");
                out.clause.text = scalar(m["clause"]["text"], "clause text");
            }
            out.effective = period(m["effective"], "effective");
            out.location = where(m);
            std::set<std::string> ids;
            auto unique = [&](const Condition& c, const YAML::Node& at) {
                if (!ids.insert(c.id).second) {
                    error(at, "TR3005", fmt::format("condition '{}' appears twice in measure '{}'", c.id, out.id));
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
                    check_keys(a, "amount", {"value", "unit", "months"}, {"value"});
                    out.amount = expression(a["value"], "amount value");
                    out.unit = scalar(a["unit"], "unit");
                    out.months = expression(a["months"], "months");
                }
            }
            if (out.unit.empty() && !out.amount.empty()) out.unit = "元";
            each(m["services"], "services", [&](const YAML::Node& s) {
                check_keys(s, "service", {"name", "when"}, {"name"});
                out.services.push_back({scalar(s["name"], "service name"), expression(s["when"], "when"), where(s)});
            });
            pack.measures.push_back(std::move(out));
        });
    }

    void read_exclusions(const YAML::Node& n, Pack& pack) {
        each(n, "exclusions", [&](const YAML::Node& x) {
            check_keys(x, "exclusion", {"id", "title", "measures", "keep"}, {"id", "measures"});
            Exclusion out;
            out.id = scalar(x["id"], "exclusion id");
            out.title = text(x["title"], "exclusion title");
            out.keep = x["keep"] ? scalar(x["keep"], "keep") : "highest_amount";
            if (out.keep != "highest_amount" && out.keep != "first") {
                error(x["keep"], "TR3011", fmt::format("keep '{}' is not one of highest_amount, first", out.keep));
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
            check_keys(r, "ranking", {"id", "measure", "title", "score", "tie_break", "pool"}, {"id", "measure"});
            Ranking out;
            out.id = scalar(r["id"], "ranking id");
            out.measure = scalar(r["measure"], "measure");
            out.title = text(r["title"], "ranking title");
            out.tie_break = expression(r["tie_break"], "tie_break");
            out.pool = expression(r["pool"], "pool");
            out.location = where(r);
            each(r["score"], "score", [&](const YAML::Node& s) {
                check_keys(s, "score part", {"id", "title", "value"}, {"id", "value"});
                out.score.push_back({scalar(s["id"], "score id"), text(s["title"], "score title"),
                                     expression(s["value"], "score value"), where(s)});
            });
            pack.rankings.push_back(std::move(out));
        });
    }

    void read_document(const YAML::Node& root, Pack& pack) {
        if (root.IsNull()) return;
        if (!expect_map(root, "a pack file")) return;
        check_keys(root, "a pack file",
                   {"pack", "categories", "schema", "parameters", "definitions", "measures", "exclusions", "rankings"});
        if (root["pack"]) read_pack(root["pack"], pack);
        read_categories(root["categories"], pack);
        read_schema(root["schema"], pack);
        read_parameters(root["parameters"], pack);
        read_definitions(root["definitions"], pack);
        read_measures(root["measures"], pack);
        read_exclusions(root["exclusions"], pack);
        read_rankings(root["rankings"], pack);
    }

private:
    std::string file_;
    Diagnostics& diags_;
};

void file_error(Diagnostics& diags, std::string file, std::string code, std::string message,
                Position at = {}) {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.file = std::move(file);
    d.position = at;
    diags.push_back(std::move(d));
}

Position position_of(std::string_view text, std::size_t offset) {
    return talentrules::position_of(text, static_cast<std::uint32_t>(std::min<std::size_t>(offset, UINT32_MAX)));
}

// Checks a parsed document before it is read. Aliases make one node reachable many
// times (and `&a [*a]` makes a node contain itself), so every visit counts against the
// pack's node budget, exactly as often as the reader would visit it: an alias bomb or a
// self-referencing anchor ends here, in time proportional to the budget. Also rejects
// repeated keys (yaml-cpp keeps both; the reader would see only the first) and keys
// that are not plain values.
class Walker {
public:
    Walker(Reader& reader, const LoadOptions& options, std::size_t& nodes)
        : reader_(reader), options_(options), nodes_(nodes) {}

    bool visit(const YAML::Node& n, std::size_t depth) {
        if (++nodes_ > options_.max_yaml_nodes) {
            reader_.error(n, "TR3016",
                          fmt::format("the pack has more than {} YAML values once aliases are expanded "
                                      "(an alias counts each time it is used)",
                                      options_.max_yaml_nodes));
            return false;
        }
        if (depth > options_.max_yaml_depth) {
            reader_.error(n, "TR3016",
                          fmt::format("YAML nested deeper than {} levels (or an alias refers to a node containing it)",
                                      options_.max_yaml_depth));
            return false;
        }
        if (n.IsScalar() && !text(n)) return false;
        if (n.IsSequence()) {
            for (const auto& item : n) {
                if (!visit(item, depth + 1)) return false;
            }
        } else if (n.IsMap()) {
            std::vector<std::pair<std::string_view, YAML::Mark>> keys;
            for (const auto& kv : n) {
                if (!kv.first.IsScalar()) {
                    reader_.error(kv.first, "TR3003",
                                  "a mapping key must be a plain value (text or a number)");
                    return false;
                }
                if (!text(kv.first)) return false;
                keys.emplace_back(kv.first.Scalar(), kv.first.Mark());
                if (!visit(kv.second, depth + 1)) return false;
            }
            if (keys.size() > 1 && !unique_keys(n, keys)) return false;
        }
        return true;
    }

private:
    // Counts a scalar's bytes against the budget, then checks that YAML decoding left
    // valid UTF-8 (escapes like "\ud800" and some control bytes do not).
    bool text(const YAML::Node& n) {
        const std::string& s = n.Scalar();
        text_bytes_ += s.size();
        if (text_bytes_ > options_.max_yaml_text_bytes) {
            reader_.error(n, "TR3016",
                          fmt::format("the pack has more than {} bytes of text once aliases are expanded",
                                      options_.max_yaml_text_bytes));
            return false;
        }
        if (first_invalid_utf8(s) != std::string_view::npos) {
            reader_.error(n, "TR3017", "this value is not valid UTF-8 once YAML escapes are decoded");
            return false;
        }
        return true;
    }

    bool unique_keys(const YAML::Node& map, std::vector<std::pair<std::string_view, YAML::Mark>>& keys) {
        std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        bool ok = true;
        for (std::size_t i = 1; i < keys.size(); ++i) {
            if (keys[i].first != keys[i - 1].first) continue;
            const auto& first = keys[i - 1].second;
            Diagnostic d;
            d.code = "TR3005";
            d.message = fmt::format("key '{}' appears twice in this mapping (first at {}:{})", keys[i].first,
                                    first.line + 1, first.column + 1);
            d.file = reader_.where(map).file;
            d.position = keys[i].second.line >= 0 ? Position{static_cast<std::uint32_t>(keys[i].second.line + 1),
                                                              static_cast<std::uint32_t>(keys[i].second.column + 1)}
                                                    : reader_.where(map).position;
            reader_.report(std::move(d));
            ok = false;
        }
        return ok;
    }

    Reader& reader_;
    const LoadOptions& options_;
    std::size_t& nodes_;
    std::size_t text_bytes_ = 0;
};

// Parses one file's text into `pack`. `nodes` counts YAML values over the whole pack.
void read_text(const std::string& name, const std::string& text, const LoadOptions& options, std::size_t& nodes,
               Pack& pack, Diagnostics& diags) {
    if (const auto bad = first_invalid_utf8(text); bad != std::string_view::npos) {
        file_error(diags, name, "TR3017", "the file is not valid UTF-8 (save it as UTF-8)", position_of(text, bad));
        return;
    }
    Reader reader(name, diags);
    try {
        YAML::Node root = YAML::Load(text);
        Walker walker(reader, options, nodes);
        if (walker.visit(root, 0)) reader.read_document(root, pack);
    } catch (const YAML::DeepRecursion& e) {
        file_error(diags, name, "TR3016", fmt::format("YAML nested deeper than {} levels", e.depth()),
                   {static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)});
    } catch (const YAML::Exception& e) {
        file_error(diags, name, "TR3001", fmt::format("YAML: {}", e.msg),
                   {static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)});
    }
}

void finish(Pack& pack, const std::string& where, Diagnostics& diags) {
    if (pack.files.empty()) file_error(diags, where, "TR3012", "the folder has no .yaml pack files");
    else if (pack.info.id.empty()) file_error(diags, where, "TR3012", "no file declares 'pack' (id, title)");
}

bool is_yaml(const fs::path& p) {
    const auto ext = p.extension();
    return ext == ".yaml" || ext == ".yml";
}

}  // namespace


bool valid_date(std::string_view s) { return text::valid_date(s); }

Pack load_pack_files(const std::string& directory, const LoadOptions& options, Diagnostics& diags) {
    Pack pack;
    pack.directory = directory;
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) {
        file_error(diags, directory, "TR3014", "no such rule pack folder");
        return pack;
    }
    // Folders are followed through symbolic links, but each real folder is read once: a
    // link back to the pack (or to a folder already read) is a loop and an error.
    std::set<fs::path> folders;
    folders.insert(fs::canonical(directory, ec));
    std::vector<fs::path> files;
    const auto flags = fs::directory_options::skip_permission_denied | fs::directory_options::follow_directory_symlink;
    fs::recursive_directory_iterator it(directory, flags, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path& path = it->path();
        std::error_code sec;
        const auto status = it->status(sec);  // through symbolic links
        if (sec) {
            // A dangling link or a link loop (`a.yaml -> a.yaml`): report those that may
            // be pack files or folders, never drop one silently.
            if (is_yaml(path) || sec == std::errc::too_many_symbolic_link_levels) {
                file_error(diags, path.string(), "TR3014", fmt::format("cannot read: {}", sec.message()));
            }
            continue;
        }
        if (fs::is_directory(status)) {
            if (path.filename() == "tests") {
                it.disable_recursion_pending();
                continue;
            }
            std::error_code cec;
            const auto real = fs::canonical(path, cec);
            if (cec || !folders.insert(real).second) {
                it.disable_recursion_pending();
                file_error(diags, path.string(), "TR3014",
                           cec ? fmt::format("cannot read: {}", cec.message())
                               : fmt::format("the folder '{}' is read already: a symbolic link loop or a second link "
                                             "to one folder",
                                             real.string()));
            }
            continue;
        }
        if (fs::is_regular_file(status) && is_yaml(path)) files.push_back(path);
        if (files.size() > options.max_files) {
            file_error(diags, directory, "TR3015", fmt::format("more than {} pack files", options.max_files));
            return pack;
        }
    }
    if (ec) {
        file_error(diags, directory, "TR3014", fmt::format("cannot list the folder: {}", ec.message()));
        return pack;
    }
    std::sort(files.begin(), files.end());
    std::size_t total = 0;
    std::size_t nodes = 0;
    for (const auto& path : files) {
        const std::string name = path.string();
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            file_error(diags, name, "TR3014", "cannot read the file");
            continue;
        }
        // Read in blocks and stop at the limit: a 100 MB file is never read whole.
        std::string text;
        char block[1 << 16];
        while (in.read(block, sizeof block) || in.gcount() > 0) {
            text.append(block, static_cast<std::size_t>(in.gcount()));
            if (total + text.size() > options.max_pack_bytes) {
                file_error(diags, name, "TR3015",
                           fmt::format("the pack is larger than the limit of {} bytes", options.max_pack_bytes));
                return pack;
            }
        }
        total += text.size();
        read_text(name, text, options, nodes, pack, diags);
        pack.files.emplace_back(name, std::move(text));
    }
    finish(pack, directory, diags);
    return pack;
}

Pack load_pack_texts(const std::vector<std::pair<std::string, std::string>>& files, const LoadOptions& options,
                     Diagnostics& diags) {
    Pack pack;
    if (files.size() > options.max_files) {
        file_error(diags, {}, "TR3015", fmt::format("more than {} pack files", options.max_files));
        return pack;
    }
    std::size_t total = 0;
    std::size_t nodes = 0;
    for (const auto& [name, text] : files) {
        total += text.size();
        if (total > options.max_pack_bytes) {
            file_error(diags, name, "TR3015",
                       fmt::format("the pack is larger than the limit of {} bytes", options.max_pack_bytes));
            return pack;
        }
        read_text(name, text, options, nodes, pack, diags);
        pack.files.emplace_back(name, text);
    }
    finish(pack, "(in memory)", diags);
    return pack;
}

}  // namespace talentrules::rules::detail
