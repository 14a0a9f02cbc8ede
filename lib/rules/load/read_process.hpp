#pragma once
// Reading a measure's `process:` block. A template over the element reader of
// read_elements.cpp (its private class) so the process vocabulary lives in its own file
// while sharing that reader's checks (keys, texts, expressions, positions).
// Included only by read_elements.cpp.

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "rules/load/fields.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules::detail {

/// The basis fields every process item has; TR3401 for a bad or unsupported basis.
template <class Reader>
void read_basis(Reader& r, const YAML::Node& n, std::string_view what, ProcessItem& out) {
    out.location = r.where(n);
    out.source = r.scalar(n["source"], "source");
    out.analog = r.scalar(n["analog"], "analog");
    if (!n["basis"]) return;  // TR3004 from check_keys
    const auto basis = r.scalar(n["basis"], "basis");
    if (basis == "real") {
        out.basis = Basis::real;
        if (out.source.empty()) r.error(n, "TR3401", "real_source", {what});
    } else if (basis == "sample") {
        out.basis = Basis::sample;
        if (out.analog.empty()) r.error(n, "TR3401", "sample_analog", {what});
    } else {
        r.error(n["basis"], "TR3401", "basis", {basis, what});
    }
}

template <class Reader>
std::vector<Text> read_texts(Reader& r, const YAML::Node& n, std::string_view what) {
    std::vector<Text> out;
    if (!n || !r.expect_seq(n, what)) return out;
    for (const auto& item : n) out.push_back(r.text(item, what));
    return out;
}

template <class Reader>
Instalment read_instalment(Reader& r, const YAML::Node& n) {
    r.check_keys(n, Element::instalment);
    Instalment out;
    out.id = r.scalar(n["id"], "instalment id");
    out.title = r.text(n["title"], "instalment title");
    out.share = r.expression(n["share"], "share");
    out.amount = r.expression(n["amount"], "instalment amount");
    out.due = r.expression(n["due"], "due");
    out.location = r.where(n);
    if (out.share.empty() == out.amount.empty()) r.error(n, "TR3402", "share_or_amount", {out.id});
    std::set<std::string> ids;
    r.each(n["recheck"], "recheck", [&](const YAML::Node& c) {
        out.recheck.push_back(r.condition(c, false));
        if (!ids.insert(out.recheck.back().id).second) {
            r.error(c, "TR3405", "recheck", {out.recheck.back().id, out.id});
        }
    });
    return out;
}

/// The `process:` mapping of measure `measure`, whose amount has `unit` (empty: none).
template <class Reader>
std::shared_ptr<const Process> read_process(Reader& r, const YAML::Node& n, const std::string& measure,
                                            const std::string& unit) {
    if (!n || !r.expect_map(n, "process")) return nullptr;
    r.check_keys(n, Element::process);
    auto out = std::make_shared<Process>();
    out->location = r.where(n);
    auto item = [&](const char* key, Element element) -> std::optional<ProcessItem> {
        const auto node = n[key];
        if (!node || !r.expect_map(node, key)) return std::nullopt;
        r.check_keys(node, element);
        ProcessItem p;
        read_basis(r, node, element_spec(element).what, p);
        p.title = r.text(node["title"], key);
        return p;
    };
    out->department = item("department", Element::department);
    if (out->department) out->department->items = read_texts(r, n["department"]["steps"], "steps");
    out->documents = item("documents", Element::documents);
    if (out->documents) out->documents->items = read_texts(r, n["documents"]["items"], "documents");
    out->window = item("window", Element::window);
    if (out->window && n["window"]["months"] && r.expect_seq(n["window"]["months"], "window months")) {
        for (const auto& m : n["window"]["months"]) {
            const auto month = r.integer(m, "window month");
            if (!month) continue;
            if (*month < 1 || *month > 12) r.error(m, "TR3404", "month", {*month});
            else out->window->months.push_back(*month);
        }
    }
    out->clawback = item("clawback", Element::clawback);
    if (auto p = item("payment", Element::payment)) {
        Payment pay;
        static_cast<ProcessItem&>(pay) = std::move(*p);
        const auto list = n["payment"]["instalments"];
        std::set<std::string> ids;
        std::int64_t literal_sum = 0;
        bool all_literal = true, any_share = false;
        r.each(list, "instalments", [&](const YAML::Node& i) {
            pay.instalments.push_back(read_instalment(r, i));
            const Instalment& in = pay.instalments.back();
            if (!ids.insert(in.id).second) r.error(i, "TR3405", "instalment", {in.id, measure});
            if (in.share.empty()) return;
            any_share = true;
            std::int64_t v = 0;
            const auto& t = in.share.text;
            auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
            if (ec == std::errc() && end == t.data() + t.size()) literal_sum += v;
            else all_literal = false;
        });
        // Shares written as numbers are checked here; shares from parameters when evaluated.
        if (any_share && all_literal && literal_sum != 100) {
            r.error(list, "TR3402", "shares_sum", {measure, literal_sum});
        }
        // Instalments split yuan: an amount in nights or percent has nothing to pay out.
        if (!pay.instalments.empty() && !unit.starts_with("元")) r.error(list, "TR3403", "no_amount", {measure});
        out->payment = std::move(pay);
    }
    return out;
}

}  // namespace talentrules::rules::detail
