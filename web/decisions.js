// One report of POST /v1/check shown: each measure's decision, the next questions, the summary.
"use strict";

TR.money = function (n, unit) {
  if (n === null || n === undefined) return "";
  return Number(n).toLocaleString(TR.lang === "en" ? "en-GB" : "zh-CN") + (unit ? " " + unit : "");
};

TR.sampleMark = function (on, params) {
  if (!on) return null;
  return TR.el("mark", { class: "sample", title: (params || []).join(", "), text: TR.t("sample") });
};

function conditionTitle(d, id) {
  const e = (d.explanation || []).find((x) => x.id === id);
  return e ? TR.tx(e.title) : id;
}

function valueText(v) {
  if (v === true) return TR.t("yes");
  if (v === false) return TR.t("no");
  if (v === null || v === undefined) return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

// The explanation tree: each condition, its value, the facts it read; nested items if any.
function explanationTree(items) {
  const ul = TR.el("ul", { class: "tree" });
  for (const e of items || []) {
    const li = TR.el("li", { class: e.value === true ? "ok" : e.value === false ? "no" : "unk" },
      TR.el("span", { class: "mark", text: e.value === true ? "✓" : e.value === false ? "✗" : "?" }), " ",
      TR.el("span", { class: "kind", text: e.kind + (e.id ? " · " + e.id : "") }), " ",
      TR.tx(e.title));
    if (e.expression) li.append(TR.el("code", { text: e.expression }));
    if (e.reads && e.reads.length) {
      li.append(TR.el("div", { class: "reads", text: e.reads.map((r) => r.name + " = " + valueText(r.value)).join("；") }));
    }
    for (const k of ["children", "items", "explanation"]) if (Array.isArray(e[k]) && e[k].length) li.append(explanationTree(e[k]));
    ul.append(li);
  }
  return ul;
}

function payment(d) {
  const p = d.process && d.process.payment;
  if (!p || !p.instalments || !p.instalments.length) return null;
  const t = TR.el("table", { class: "pay" },
    TR.el("caption", {}, TR.t("payment") + "：" + TR.tx(p.title) + " ", TR.sampleMark(p.sample)));
  for (const i of p.instalments) {
    t.append(TR.el("tr", {},
      TR.el("th", { scope: "row", text: TR.tx(i.title) }),
      TR.el("td", { class: "num" }, TR.money(i.amount, d.unit), " ", TR.sampleMark(i.sample, i.sample_parameters)),
      TR.el("td", { text: i.due_on || "" }),
      TR.el("td", { class: "st st-" + i.status, text: TR.t("st_" + i.status) })));
  }
  return t;
}

TR.decisionCard = function (d) {
  const card = TR.el("article", { class: "decision o-" + d.outcome, id: "d-" + d.measure, "data-measure": d.measure,
                                  "data-outcome": d.outcome });
  const head = TR.el("header", {},
    TR.el("h3", { text: TR.tx(d.title) }),
    TR.el("span", { class: "badge", "data-outcome": d.outcome, text: TR.t("o_" + d.outcome) }));
  card.append(head);
  if (d.amount !== null && d.amount !== undefined) {
    card.append(TR.el("p", { class: "amount" },
      TR.el("span", { class: "value", "data-amount": String(d.amount), text: TR.money(d.amount, d.unit) }), " ",
      TR.sampleMark(d.sample, d.sample_parameters),
      d.months ? " · " + TR.t("months") + " " + d.months : ""));
  }
  if (d.service_titles && d.service_titles.length) {
    card.append(TR.el("p", { class: "services", text: TR.t("services") + "：" + d.service_titles.map(TR.tx).join("、") }));
  }
  const pay = d.outcome === "eligible" ? payment(d) : null;
  if (pay) card.append(pay);
  if (d.failed && d.failed.length) {
    card.append(TR.el("p", { class: "failed", text: TR.t("failed") + "：" + d.failed.map((id) => conditionTitle(d, id)).join("；") }));
  }
  if (d.would_change && d.would_change.length) {
    const ul = TR.el("ul", { class: "change" });
    for (const w of d.would_change) ul.append(TR.el("li", { text: TR.tx(w.text) }));
    card.append(TR.el("p", { class: "sub-h", text: TR.t("would_change") }), ul);
  }
  if (d.reasons && d.reasons.length) {
    card.append(TR.el("p", { class: "reasons", text: TR.t("reasons") + "：" + d.reasons.map((id) => conditionTitle(d, id)).join("；") }));
  }
  if (d.missing && d.missing.length) {
    card.append(TR.el("p", { class: "missing", text: TR.t("missing") + "：" + d.missing.map(TR.factLabel).join("、") }));
  }
  if (d.not_yet && d.recheck_on) card.append(TR.el("p", { class: "notyet", text: TR.t("not_yet") + d.recheck_on }));
  if (d.exclusion) card.append(TR.el("p", { class: "excl", text: TR.t("excluded") + TR.tx(d.exclusion) }));
  if (d.clause) {
    card.append(TR.el("p", { class: "clause" }, TR.t("clause") + "：",
      TR.el("cite", { text: d.clause.section || "" }), " ", d.clause.text || ""));
  }
  if (d.explanation && d.explanation.length) {
    const det = TR.el("details", { class: "why" }, TR.el("summary", { text: TR.t("why") }));
    det.append(explanationTree(d.explanation));
    card.append(det);
  }
  return card;
};

// A fact's label in the page's language, from the schema (the report's questions carry their own).
TR.factLabel = function (fact) {
  const parts = fact.split(".");
  let def = TR.schema && TR.schema.properties[parts[0]];
  if (def && parts[1] && def.properties) def = def.properties[parts[1]];
  if (!def) return fact;
  return (TR.lang === "en" ? def["x-title-en"] : def.title) || fact;
};

TR.showReport = function (r) {
  TR.report = r;
  const s = r.summary || {};
  document.getElementById("summary").textContent = TR.t("summary", s);
  const box = document.getElementById("decisions");
  box.replaceChildren();
  if ((r.decisions || []).some((d) => d.sample || (d.process && d.process.payment && d.process.payment.sample))) {
    box.append(TR.el("p", { class: "note" }, TR.sampleMark(true), " ", TR.t("sample_note")));
  }
  // What the report took for facts left out (the schema's x-absent), so the caseworker can confirm them.
  if ((r.assumptions || []).length) {
    const det = TR.el("details", { class: "assumptions" },
      TR.el("summary", { text: TR.t("assumptions") + " (" + r.assumptions.length + ")" }));
    const ul = TR.el("ul", {});
    for (const a of r.assumptions) ul.append(TR.el("li", { "data-fact": a.fact, text: TR.tx(a.label) + "：" + TR.tx(a.title) }));
    det.append(ul);
    box.append(det);
  }
  for (const d of r.decisions || []) box.append(TR.decisionCard(d));
  TR.showQuestions(r.questions || []);
};

// The interview: the report's next questions, first one highlighted; a click or Enter
// focuses its field. Answered questions leave the list because the next report omits them.
TR.showQuestions = function (qs) {
  const ol = document.getElementById("q-list");
  ol.replaceChildren();
  for (const f of TR.fields) f.wrap.classList.remove("next");
  if (!qs.length) {
    ol.append(TR.el("li", { class: "done", text: TR.t("no_questions") }));
    return;
  }
  qs.forEach((q, i) => {
    const f = TR.fieldFor(q.fact);
    const b = TR.el("button", { type: "button", class: "q", "data-fact": q.fact }, TR.tx(q.label) || TR.factLabel(q.fact));
    b.addEventListener("click", () => { if (f) TR.focusField(f); });
    const ms = q.measures || [];
    const li = TR.el("li", { class: i === 0 ? "first" : null }, b,
      TR.el("small", { title: ms.join(", "), text: " " + TR.t("affects", { n: ms.length }) }));
    ol.append(li);
    if (i === 0 && f) f.wrap.classList.add("next");
  });
};
