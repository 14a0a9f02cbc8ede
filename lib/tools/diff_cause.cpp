// Diffs that name their cause: each element of the two packs as canonical text (one part
// a line, so a line diff shows what changed), and the old pack with one change applied.

#include "tools/diff_cause.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "rules/compile/ruleset_impl.hpp"
#include "tools/doc_site.hpp"

namespace talentrules::rules {
namespace {

std::string where(const Location& loc, const std::string& dir) {
    std::error_code ec;
    const auto rel = std::filesystem::relative(loc.file, dir, ec);
    const std::string file = ec || rel.empty() || rel.native().starts_with("..") ? loc.file : rel.generic_string();
    return fmt::format("{}:{}", file, loc.position.line);
}

std::string period(const Period& p) { return fmt::format("{} – {}", p.from.empty() ? "…" : p.from, p.to.empty() ? "…" : p.to); }

void condition_lines(std::vector<std::string>& out, std::string_view what, const Condition& c) {
    out.push_back(fmt::format("{} {}: {}", what, c.id, c.when.text));
    if (!c.recheck.empty()) out.push_back(fmt::format("{} {} recheck: {}", what, c.id, c.recheck.text));
    out.push_back(fmt::format("{} {} title: {}", what, c.id, c.title.zh));
}

std::vector<std::string> lines_of(const Parameter& p) {
    std::vector<std::string> out{"title: " + p.title.zh, "unit: " + p.unit, p.sample ? "sample: true" : "sample: false"};
    for (const auto& v : p.versions) out.push_back(fmt::format("{}: {}", period(v.period), doc::literal_text(v.value)));
    return out;
}

std::vector<std::string> lines_of(const Definition& d) {
    std::vector<std::string> out{"title: " + d.title.zh};
    if (!d.value.empty()) out.push_back("value: " + d.value.text);
    for (const auto& row : d.table) {
        out.push_back(fmt::format("{} → {}", row.when.empty() ? "otherwise" : row.when.text, row.then.text));
    }
    return out;
}

std::vector<std::string> lines_of(const Measure& m) {
    std::vector<std::string> out{"title: " + m.title.zh, fmt::format("kind: {}", to_string(m.kind)),
                                 "effective: " + period(m.effective)};
    if (m.applies_to) condition_lines(out, "applies_to", *m.applies_to);
    for (const auto& c : m.requires_) condition_lines(out, "requires", c);
    for (const auto& c : m.refer) condition_lines(out, "refer", c);
    if (!m.amount.empty()) out.push_back(fmt::format("amount: {} {}", m.amount.text, m.unit));
    if (!m.months.empty()) out.push_back("months: " + m.months.text);
    for (const auto& s : m.services) out.push_back(fmt::format("service {}: {}", s.name, s.when.text));
    return out;
}

std::vector<std::string> lines_of(const Exclusion& x) {
    std::string list;
    for (const auto& m : x.measures) list += (list.empty() ? "" : ", ") + m;
    return {"title: " + x.title.zh, "measures: " + list, "keep: " + x.keep};
}

std::vector<std::string> lines_of(const Ranking& r) {
    std::vector<std::string> out{"title: " + r.title.zh, "measure: " + r.measure};
    for (const auto& part : r.score) out.push_back(fmt::format("score {}: {}", part.id, part.value.text));
    if (!r.tie_break.empty()) out.push_back("tie_break: " + r.tie_break.text);
    if (!r.pool.empty()) out.push_back("pool: " + r.pool.text);
    return out;
}

std::vector<std::string> lines_of(const Category& c) {
    std::string list;
    for (const auto& v : c.values) list += (list.empty() ? "" : ", ") + v;
    return {"title: " + c.label.zh, c.ordered ? "ordered: true" : "ordered: false", "values: " + list};
}

std::vector<std::string> lines_of(const Fact& f) {
    std::vector<std::string> out{"label: " + f.label.zh, "type: " + f.type};
    if (f.min) out.push_back(fmt::format("min: {}", *f.min));
    if (f.max) out.push_back(fmt::format("max: {}", *f.max));
    if (f.absent) out.push_back("absent: " + doc::literal_text(f.absent->value));
    for (const auto& field : f.fields) {
        for (const auto& line : lines_of(field)) out.push_back(field.name + "." + line);
    }
    return out;
}

// The line diff of two short texts: a longest common subsequence, then the walk.
std::vector<DiffLine> line_diff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> lcs(n + 1, std::vector<std::size_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    std::vector<DiffLine> out;
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out.push_back({' ', a[i++]});
            ++j;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            out.push_back({'-', a[i++]});  // the old line first, as diff(1) shows it
        } else {
            out.push_back({'+', b[j++]});
        }
    }
    return out;
}

// Compares the elements of one kind, by name: one PackChange for each that differs.
template <typename T, typename Name>
void compare(std::vector<PackChange>& out, std::string_view kind, const std::vector<T>& before,
             const std::vector<T>& after, Name name, const Pack& pb, const Pack& pa) {
    std::map<std::string, std::pair<const T*, const T*>> by_name;
    for (const auto& e : before) by_name[name(e)].first = &e;
    for (const auto& e : after) by_name[name(e)].second = &e;
    for (const auto& [key, pair] : by_name) {
        const auto a = pair.first ? lines_of(*pair.first) : std::vector<std::string>{};
        const auto b = pair.second ? lines_of(*pair.second) : std::vector<std::string>{};
        if (a == b) continue;
        PackChange c;
        c.kind = kind;
        c.name = key;
        if (pair.first) c.before_at = where(pair.first->location, pb.directory);
        if (pair.second) c.after_at = where(pair.second->location, pa.directory);
        c.lines = line_diff(a, b);
        out.push_back(std::move(c));
    }
}

// Replaces, adds or removes the element named `key` of `list` with the one in `from`.
template <typename T, typename Name>
void take(std::vector<T>& list, const std::vector<T>& from, const std::string& key, Name name) {
    const auto in_new = std::find_if(from.begin(), from.end(), [&](const T& e) { return name(e) == key; });
    const auto in_old = std::find_if(list.begin(), list.end(), [&](const T& e) { return name(e) == key; });
    if (in_new == from.end()) {
        if (in_old != list.end()) list.erase(in_old);
    } else if (in_old == list.end()) {
        list.push_back(*in_new);
    } else {
        *in_old = *in_new;
    }
}

const auto by_name = [](const auto& e) { return e.name; };
const auto by_id = [](const auto& e) { return e.id; };

}  // namespace

std::vector<PackChange> pack_changes(const Pack& before, const Pack& after) {
    std::vector<PackChange> out;
    compare(out, "category", before.categories, after.categories, by_name, before, after);
    compare(out, "fact", before.schema, after.schema, by_name, before, after);
    compare(out, "parameter", before.parameters, after.parameters, by_name, before, after);
    compare(out, "definition", before.definitions, after.definitions, by_name, before, after);
    compare(out, "measure", before.measures, after.measures, by_id, before, after);
    compare(out, "exclusion", before.exclusions, after.exclusions, by_id, before, after);
    compare(out, "ranking", before.rankings, after.rankings, by_id, before, after);
    return out;
}

namespace detail {

std::shared_ptr<const RuleSet> with_change(const RuleSet& before, const RuleSet& after, const PackChange& change) {
    Pack pack = before.pack();
    const Pack& from = after.pack();
    if (change.kind == "category") take(pack.categories, from.categories, change.name, by_name);
    else if (change.kind == "fact") take(pack.schema, from.schema, change.name, by_name);
    else if (change.kind == "parameter") take(pack.parameters, from.parameters, change.name, by_name);
    else if (change.kind == "definition") take(pack.definitions, from.definitions, change.name, by_name);
    else if (change.kind == "measure") take(pack.measures, from.measures, change.name, by_id);
    else if (change.kind == "exclusion") take(pack.exclusions, from.exclusions, change.name, by_id);
    else if (change.kind == "ranking") take(pack.rankings, from.rankings, change.name, by_id);
    Diagnostics diags;
    auto impl = compile_pack(std::move(pack), diags);
    if (has_errors(diags)) return nullptr;
    return std::make_shared<const RuleSet>(std::move(impl));
}

}  // namespace detail
}  // namespace talentrules::rules
