// The printable decision letter (letter.css prints only it, on A4) and the comparison of
// two as-of dates for "not yet" decisions.
"use strict";

TR.buildLetter = function (r, profile) {
  const L = document.getElementById("letter");
  L.replaceChildren();
  if (!r) return;
  const rc = r.receipt || {};
  L.append(TR.el("h1", { text: TR.t("letter_h") }));
  const meta = TR.el("dl", { class: "meta" });
  const row = (k, v) => meta.append(TR.el("dt", { text: TR.t(k) }), TR.el("dd", { text: v }));
  row("l_applicant", String(r.applicant_id ?? profile.applicant_id ?? profile.id ?? "—"));
  row("l_date", rc.as_of || "");
  row("l_pack", (rc.pack || "") + " " + (rc.pack_version || "") + " (" + (rc.pack_hash || "").slice(0, 12) + ")");
  row("l_receipt", rc.profile_hash || "");
  L.append(meta);
  L.append(TR.el("p", { class: "summary", text: TR.t("summary", r.summary || {}) }));
  for (const d of r.decisions || []) {
    if (d.outcome === "not_applicable") continue;
    const p = d.process || {};
    const sec = TR.el("section", { class: "l-measure", "data-outcome": d.outcome },
      TR.el("h2", {}, TR.tx(d.title), " — ", TR.el("span", { class: "l-outcome", text: TR.t("o_" + d.outcome) })));
    if (d.amount !== null && d.amount !== undefined) {
      sec.append(TR.el("p", {}, TR.t("amount") + "：" + TR.money(d.amount, d.unit) + " ", TR.sampleMark(d.sample)));
    }
    if (d.failed && d.failed.length && d.would_change && d.would_change.length) {
      sec.append(TR.el("p", { text: TR.t("would_change") + "：" + d.would_change.map((w) => TR.tx(w.text)).join("；") }));
    }
    if (d.not_yet && d.recheck_on) sec.append(TR.el("p", { text: TR.t("not_yet") + d.recheck_on }));
    if (d.outcome === "eligible" || d.outcome === "refer") {
      if (p.department) sec.append(TR.el("p", {}, TR.t("department") + "：" + TR.tx(p.department.title) + " ", TR.sampleMark(p.department.sample)));
      if (p.documents && p.documents.items && p.documents.items.length) {
        const ul = TR.el("ul", {});
        for (const it of p.documents.items) ul.append(TR.el("li", { text: TR.tx(it) }));
        sec.append(TR.el("p", {}, TR.t("documents") + "： ", TR.sampleMark(p.documents.sample)), ul);
      }
      if (p.payment && p.payment.title) sec.append(TR.el("p", { text: TR.t("payment") + "：" + TR.tx(p.payment.title) }));
    }
    if (d.clause) sec.append(TR.el("p", { class: "l-clause", text: TR.t("clause") + "：" + (d.clause.section || "") + " " + (d.clause.text || "") }));
    L.append(sec);
  }
  L.append(TR.el("p", { class: "note", text: TR.t("sample_note") }));
  L.append(TR.el("p", { class: "sign", text: TR.t("l_sign") }));
};

// "Not yet" decisions on the evaluation date against the comparison date (by default the
// earliest date one of them can be checked again).
TR.showComparison = function (a, b) {
  const box = document.getElementById("compare-out");
  box.replaceChildren();
  if (!a) return;
  const notYet = (a.decisions || []).filter((d) => d.not_yet);
  const later = new Map(((b && b.decisions) || []).map((d) => [d.measure, d]));
  const ids = new Set(notYet.map((d) => d.measure));
  for (const d of (b && b.decisions) || []) if (d.not_yet) ids.add(d.measure);
  if (!ids.size || !b) {
    if (notYet.length === 0) return;
  }
  const aDate = (a.receipt || {}).as_of, bDate = b ? (b.receipt || {}).as_of : "—";
  const t = TR.el("table", { class: "cmp" },
    TR.el("caption", { text: TR.t("compare_h", { a: aDate, b: bDate }) }),
    TR.el("tr", {}, TR.el("th", { scope: "col", text: TR.t("l_measure") }), TR.el("th", { scope: "col", text: aDate }),
      TR.el("th", { scope: "col", text: bDate })));
  const cell = (d) => TR.el("td", { "data-outcome": d ? d.outcome : "" },
    d ? TR.t("o_" + d.outcome) + (d.amount != null ? " · " + TR.money(d.amount, d.unit) : "") + (d.not_yet && d.recheck_on ? " (" + d.recheck_on + ")" : "") : "—");
  const byId = new Map((a.decisions || []).map((d) => [d.measure, d]));
  for (const id of ids) {
    const d = byId.get(id) || later.get(id);
    t.append(TR.el("tr", { "data-measure": id }, TR.el("th", { scope: "row", text: TR.tx(d.title) }), cell(byId.get(id)), cell(later.get(id))));
  }
  box.append(t);
};
