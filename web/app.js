// The page's wiring: the schema in, the form out, a check on every change (debounced), the
// interview's focus, language, load/save and print.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const status = (s) => { $("status").textContent = s; };
  let seq = 0, timer = null, committed = true;

  function today() {
    const d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  function query(asOf) {
    return "?as_of=" + encodeURIComponent(asOf || $("as-of").value || today()) + "&lang=" + TR.lang;
  }

  async function getJSON(url, opts) {
    const r = await fetch(url, opts);
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    return { status: r.status, body };
  }

  async function post(asOf, profile) {
    return getJSON("/v1/check" + query(asOf), {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(profile),
    });
  }

  async function loadSchema() {
    const { status: st, body } = await getJSON("/v1/schema/profile" + query());
    if (st !== 200) throw new Error(body && body.error ? body.error.message : "HTTP " + st);
    const keep = TR.fields.length ? TR.readProfile() : {};
    TR.buildForm(body);
    TR.writeProfile(keep);
  }

  // Each check carries a number; an answer to an older one is dropped.
  async function check() {
    const mine = ++seq;
    const profile = TR.readProfile();
    status(TR.t("checking"));
    const asOf = $("as-of").value || today();
    const r = await post(asOf, profile);
    if (mine !== seq) return;
    document.body.dataset.checks = String(mine);
    if (r.status !== 200) {
      const err = r.body && r.body.error;
      const general = TR.showErrors(err ? err.diagnostics : []);
      status(r.status === 422 ? TR.t("invalid") + (general.length ? " " + general.join("；") : "")
                              : TR.t("error") + (err ? err.message : "HTTP " + r.status));
      document.body.dataset.state = "invalid";
      return;
    }
    TR.showErrors([]);
    status("");
    TR.showReport(r.body);
    TR.buildLetter(r.body, profile);
    interview(r.body.questions || []);
    // The comparison: a chosen date, else the first date a "not yet" decision may change.
    let other = $("compare").value;
    if (!other) {
      const dates = r.body.decisions.filter((d) => d.not_yet && d.recheck_on).map((d) => d.recheck_on).sort();
      other = dates[0] || "";
    }
    let later = null;
    if (other) {
      const r2 = await post(other, profile);
      if (mine !== seq) return;
      later = r2.status === 200 ? r2.body : null;
    }
    TR.showComparison(r.body, later);
    document.body.dataset.state = "ready";
  }

  // After a committed answer (a choice made, a box left, a profile loaded, a new date) the
  // first question's field takes the focus: the caseworker answers down the list.
  function interview(qs) {
    if (!committed || !qs.length) return;
    committed = false;
    const f = TR.fieldFor(qs[0].fact);
    if (f && !f.wrap.contains(document.activeElement)) TR.focusField(f);
  }

  function later(commit) {
    if (commit) committed = true;
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  }

  function save() {
    const p = TR.readProfile();
    const blob = new Blob([JSON.stringify(p, null, 2) + "\n"], { type: "application/json" });
    const a = TR.el("a", { href: URL.createObjectURL(blob), download: (p.applicant_id || p.id || "profile") + ".json" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  TR.loadProfile = function (p, name) {
    TR.writeProfile(p);
    committed = true;
    status(TR.t("loaded", { name: name || "" }));
    clearTimeout(timer);
    return check();
  };

  async function start() {
    $("as-of").value = today();
    TR.applyWords();
    $("form").addEventListener("input", () => later(false));
    $("form").addEventListener("change", () => later(true));
    $("form").addEventListener("submit", (e) => e.preventDefault());
    $("as-of").addEventListener("change", async () => { await loadSchema(); later(true); });
    $("compare").addEventListener("change", () => later(false));
    $("lang").addEventListener("click", async () => {
      TR.lang = TR.lang === "en" ? "zh" : "en";
      TR.applyWords();
      await loadSchema();
      clearTimeout(timer);
      await check();
    });
    $("load").addEventListener("change", (e) => {
      const file = e.target.files[0];
      if (!file) return;
      file.text().then((text) => {
        let p;
        try { p = JSON.parse(text); } catch (err) { status(TR.t("error") + file.name + ": " + err.message); return; }
        if (!p || typeof p !== "object" || Array.isArray(p)) { status(TR.t("error") + file.name + ": " + TR.t("bad_json")); return; }
        TR.loadProfile(p, file.name);
      });
      e.target.value = "";
    });
    $("save").addEventListener("click", save);
    $("clear").addEventListener("click", () => { TR.loadProfile({}, ""); });
    $("print").addEventListener("click", () => window.print());
    try {
      await loadSchema();
      await check();
    } catch (e) {
      status(TR.t("error") + e.message);
    }
  }

  start();
})();
