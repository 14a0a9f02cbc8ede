// The routes that describe: measures, schemas, pack versions, health, readiness,
// metrics, and the administrative reload.

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "routes.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/json_schema.hpp"
#include "talentrules/rules/request.hpp"

namespace talentrules::serve {
namespace {

using nlohmann::ordered_json;

HttpResponse json(std::string body) { return {200, "application/json", std::move(body), {}}; }

// The pack version for the request's as_of (today by default); an invalid date is a 400.
const rules::RuleSet* version_for(const PackSnapshot& snap, const HttpRequest& req, HttpResponse& error) {
    rules::Request r;
    r.as_of = query_value(req, "as_of");
    r.language = query_value(req, "lang", "zh");
    const rules::RuleSet& rs = snap.select(r.as_of);
    if (auto problems = rules::validate(rs, r); !problems.empty()) {
        error = error_response(400, "TR7021", "options", {std::to_string(problems.size())}, request_lang(req), problems);
        return nullptr;
    }
    return &rs;
}

ordered_json text_json(const rules::Text& t) { return {{"zh", t.zh}, {"en", t.en}}; }

ordered_json condition_json(const rules::Condition& c) {
    ordered_json j = {{"id", c.id}, {"title", text_json(c.title)}, {"when", c.when.text}};
    if (!c.recheck.empty()) j["recheck"] = c.recheck.text;
    return j;
}

// A process item as the pack states it: where it comes from (real with its source, sample
// with its analog), its words, and the steps/documents or window months it lists.
ordered_json process_item_json(const rules::ProcessItem& item) {
    ordered_json j = {{"basis", std::string(rules::to_string(item.basis))}, {"sample", item.basis == rules::Basis::sample}};
    if (!item.source.empty()) j["source"] = item.source;
    if (!item.analog.empty()) j["analog"] = item.analog;
    if (!item.title.zh.empty() || !item.title.en.empty()) j["title"] = text_json(item.title);
    if (!item.items.empty()) {
        j["items"] = ordered_json::array();
        for (const auto& t : item.items) j["items"].push_back(text_json(t));
    }
    if (!item.months.empty()) j["months"] = item.months;
    return j;
}

// The measure's `process:` block: the rules of its payment (shares, due dates and re-checks
// as expressions); the amounts and dates of one applicant come with /v1/check.
ordered_json process_json(const rules::Process& p) {
    ordered_json j = ordered_json::object();
    if (p.department) j["department"] = process_item_json(*p.department);
    if (p.documents) j["documents"] = process_item_json(*p.documents);
    if (p.window) j["window"] = process_item_json(*p.window);
    if (p.payment) {
        ordered_json pay = process_item_json(*p.payment);
        pay["instalments"] = ordered_json::array();
        for (const auto& in : p.payment->instalments) {
            ordered_json i = {{"id", in.id}, {"title", text_json(in.title)}};
            if (!in.share.empty()) i["share"] = in.share.text;
            if (!in.amount.empty()) i["amount"] = in.amount.text;
            i["due"] = in.due.empty() ? ordered_json(nullptr) : ordered_json(in.due.text);
            i["recheck"] = ordered_json::array();
            for (const auto& c : in.recheck) i["recheck"].push_back(condition_json(c));
            pay["instalments"].push_back(std::move(i));
        }
        j["payment"] = std::move(pay);
    }
    if (p.clawback) j["clawback"] = process_item_json(*p.clawback);
    return j;
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Whether `name` occurs in `text` as a whole identifier.
bool mentions(std::string_view text, std::string_view name) {
    for (auto at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
        const bool before = at == 0 || !is_word_char(text[at - 1]);
        const bool after = at + name.size() >= text.size() || !is_word_char(text[at + name.size()]);
        if (before && after) return true;
    }
    return false;
}

}  // namespace

HttpResponse handle_measures(Service& s, const HttpRequest& req, const std::vector<std::string>&) {
    const auto snap = s.packs.current();
    if (!snap) return error_response(503, "TR7012", "not_ready", {}, request_lang(req));
    HttpResponse error;
    const auto* rs = version_for(*snap, req, error);
    if (!rs) return error;
    const auto& info = rs->pack().info;
    std::string body = "{\"pack\":{\"id\":";
    append_json_string(body, info.id);
    body += ",\"version\":";
    append_json_string(body, info.version);
    body += ",\"content_hash\":";
    append_json_string(body, rs->content_hash());
    body += "},\"measures\":" + rules::measures_json(*rs) + "}\n";
    return json(std::move(body));
}

HttpResponse handle_measure(Service& s, const HttpRequest& req, const std::vector<std::string>& args) {
    const Lang lang = request_lang(req);
    const auto snap = s.packs.current();
    if (!snap) return error_response(503, "TR7012", "not_ready", {}, lang);
    HttpResponse error;
    const auto* rs = version_for(*snap, req, error);
    if (!rs) return error;
    const auto& pack = rs->pack();
    const std::string& id = args.at(0);
    const rules::Measure* measure = nullptr;
    std::vector<std::string> ids;
    for (const auto& m : pack.measures) {
        ids.push_back(m.id);
        if (m.id == id) measure = &m;
    }
    if (!measure) {
        if (auto hint = rules::nearest(id, ids)) {
            return error_response(404, "TR6002", "unknown_hint", {pack.info.id, id, *hint}, lang);
        }
        return error_response(404, "TR6002", "unknown", {pack.info.id, id}, lang);
    }
    // The summary as the measures list gives it, then the rules behind it.
    ordered_json j;
    for (auto& item : ordered_json::parse(rules::measures_json(*rs))) {
        if (item["id"] == id) j = std::move(item);
    }
    const auto& m = *measure;
    if (m.applies_to) j["applies_to"] = condition_json(*m.applies_to);
    j["requires"] = ordered_json::array();
    for (const auto& c : m.requires_) j["requires"].push_back(condition_json(c));
    j["refer"] = ordered_json::array();
    for (const auto& c : m.refer) j["refer"].push_back(condition_json(c));
    j["amount"] = m.amount.text;
    if (!m.months.empty()) j["months"] = m.months.text;
    j["services"] = ordered_json::array();
    for (const auto& sv : m.services) {
        ordered_json o = {{"name", sv.name}, {"title", text_json(sv.title)}};
        if (!sv.when.empty()) o["when"] = sv.when.text;
        j["services"].push_back(o);
    }
    // The parameters its expressions name directly (definitions they call may read more).
    std::string texts = m.amount.text + "\n" + m.months.text;
    for (const auto* list : {&m.requires_, &m.refer}) {
        for (const auto& c : *list) texts += "\n" + c.when.text + "\n" + c.recheck.text;
    }
    if (m.applies_to) texts += "\n" + m.applies_to->when.text;
    for (const auto& sv : m.services) texts += "\n" + sv.when.text;
    j["parameters"] = ordered_json::array();
    for (const auto& p : pack.parameters) {
        if (!mentions(texts, p.name)) continue;
        j["parameters"].push_back(
            {{"name", p.name}, {"title", text_json(p.title)}, {"unit", p.unit}, {"sample", p.sample}, {"source", p.source}});
    }
    j["process"] = m.process ? process_json(*m.process) : ordered_json(nullptr);
    j["pack"] = {{"id", pack.info.id}, {"version", pack.info.version}, {"content_hash", rs->content_hash()}};
    return json(j.dump() + "\n");
}

HttpResponse handle_profile_schema(Service& s, const HttpRequest& req, const std::vector<std::string>&) {
    const auto snap = s.packs.current();
    if (!snap) return error_response(503, "TR7012", "not_ready", {}, request_lang(req));
    HttpResponse error;
    const auto* rs = version_for(*snap, req, error);
    return rs ? json(rules::profile_json_schema(*rs)) : error;
}

HttpResponse handle_report_schema(Service& s, const HttpRequest& req, const std::vector<std::string>&) {
    const auto snap = s.packs.current();
    if (!snap) return error_response(503, "TR7012", "not_ready", {}, request_lang(req));
    HttpResponse error;
    const auto* rs = version_for(*snap, req, error);
    return rs ? json(rules::report_json_schema(*rs)) : error;
}

HttpResponse handle_packs(Service& s, const HttpRequest& req, const std::vector<std::string>&) {
    const auto snap = s.packs.current();
    if (!snap) return error_response(503, "TR7012", "not_ready", {}, request_lang(req));
    const rules::RuleSet& today = snap->select("");
    ordered_json list = ordered_json::array();
    for (const auto& v : snap->versions) {
        const auto& info = v->pack().info;
        list.push_back({{"id", info.id},
                        {"version", info.version},
                        {"title", text_json(info.title)},
                        {"effective", {{"from", info.effective.from}, {"to", info.effective.to}}},
                        {"content_hash", v->content_hash()},
                        {"directory", v->pack().directory},
                        {"in_effect_today", v.get() == &today}});
    }
    ordered_json j = {{"loaded_at", snap->loaded_at}, {"packs", list}};
    return json(j.dump() + "\n");
}

HttpResponse handle_reload(Service& s, const HttpRequest& req, const std::vector<std::string>& args) {
    const Lang lang = request_lang(req);
    if (!req.loopback) return error_response(403, "TR7009", "loopback", {"POST /v1/admin/reload"}, lang);
    const std::string errors = s.reload();
    if (!errors.empty()) return error_response(422, "TR7010", "reload", {errors}, lang);
    return handle_packs(s, req, args);
}

HttpResponse handle_health(Service&, const HttpRequest&, const std::vector<std::string>&) {
    return json("{\"status\":\"ok\"}\n");
}

HttpResponse handle_ready(Service& s, const HttpRequest& req, const std::vector<std::string>&) {
    const auto snap = s.packs.current();
    if (!snap) return error_response(503, "TR7012", "not_ready", {}, request_lang(req));
    if (s.draining) return {503, "application/json", "{\"status\":\"draining\"}\n", {}};
    return json(fmt::format("{{\"status\":\"ready\",\"packs\":{}}}\n", snap->versions.size()));
}

HttpResponse handle_metrics(Service& s, const HttpRequest&, const std::vector<std::string>&) {
    const auto snap = s.packs.current();
    return {200, "text/plain; version=0.0.4", s.metrics.render(snap.get(), s.connections.load()), {}};
}

}  // namespace talentrules::serve
