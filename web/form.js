// The applicant form, generated from GET /v1/schema/profile: one control per fact, grouped,
// each with a label, a hint saying what absence means, and a place for the API's message.
"use strict";

// Groups by field name: the schema carries none, so this table (first matching prefix wins)
// places each fact; anything it does not know goes under 其他, so no fact is ever hidden.
TR.GROUPS = [
  ["personal", ["applicant_id", "id", "birth_date", "nationality", "hukou", "native_of", "spouse", "minor_children",
                "returning_migrant", "return_date"]],
  ["education", ["highest_degree", "degree_", "graduation", "major", "professional_title", "skill", "trade_", "postdoc"]],
  ["work", ["employment", "employer", "full_time", "arrival", "previously", "contract", "social_insurance",
            "unemployment", "left_", "unit_nomination", "job_visit", "service_days", "enterprise_", "envoy"]],
  ["housing", ["housing", "rent", "home_", "apartment"]],
  ["business", ["business", "registered_unemployed", "other_loans", "requested_support", "proposal", "review_score",
                "project_"]],
  ["honours", ["honor", "chongqing_card", "card_"]],
  ["subsidies", ["prior_subsid"]],
];
TR.groupOf = function (name) {
  for (const [g, prefixes] of TR.GROUPS) {
    if (prefixes.some((p) => name === p || (p.endsWith("_") || p.length > 3 ? name.startsWith(p) : false))) return g;
  }
  return "other";
};

TR.fields = [];  // {path, def, kind, input(s)}
TR.fieldId = (path) => "f-" + path.join("-");

function hintText(def) {
  const parts = [];
  if (def["x-absent"]) parts.push(TR.t("absent") + TR.tx(def["x-absent"].title));
  const x = def["x-type"] || "";
  if (x.startsWith("list(") && !(def.items && def.items.enum)) parts.push(TR.t("list_hint"));
  if (x.startsWith("map(")) parts.push(TR.t("map_hint"));
  if (x === "datetime") parts.push(TR.t("datetime_hint"));
  if (def.minimum !== undefined || def.maximum !== undefined) {
    parts.push("[" + (def.minimum ?? "") + " – " + (def.maximum ?? "") + "]");
  }
  return parts.join(" ");
}

function title(def, name) {
  return (TR.lang === "en" ? def["x-title-en"] : def.title) || def.title || name;
}

function buildField(path, def) {
  const id = TR.fieldId(path);
  const x = def["x-type"] || "";
  const f = { path, def, kind: "text" };
  const hintId = id + "-hint", errId = id + "-err";
  const hint = hintText(def);
  const wrap = TR.el("div", { class: "field", "data-path": path.join(".") });
  const described = [hint ? hintId : null, errId].filter(Boolean).join(" ");
  let control;
  if (x.startsWith("list(") && def.items && def.items.enum) {
    f.kind = "checks";
    control = TR.el("fieldset", { id, class: "checks", "aria-describedby": described },
      TR.el("legend", { text: title(def, path.at(-1)) }));
    f.boxes = def.items.enum.map((v, i) => {
      const cid = id + "-" + i;
      const box = TR.el("input", { type: "checkbox", id: cid, value: v });
      control.append(TR.el("span", { class: "check" }, box, TR.el("label", { for: cid, text: v })));
      return box;
    });
    wrap.append(control);
  } else {
    let input;
    if (def.enum || x === "bool") {
      f.kind = x === "bool" ? "bool" : "enum";
      input = TR.el("select", { id });
      input.append(TR.el("option", { value: "", text: TR.t("unset") }));
      const values = x === "bool" ? [[true, TR.t("yes")], [false, TR.t("no")]] : def.enum.filter((v) => v !== null).map((v) => [v, v]);
      for (const [v, label] of values) input.append(TR.el("option", { value: JSON.stringify(v), text: label }));
    } else if (x === "date") {
      f.kind = "date";
      input = TR.el("input", { id, type: "date" });
    } else if (x === "int" || x === "number") {
      f.kind = x;
      input = TR.el("input", { id, type: "number", step: x === "int" ? "1" : "any", min: def.minimum, max: def.maximum,
                               inputmode: x === "int" ? "numeric" : "decimal" });
    } else if (x.startsWith("map(")) {
      f.kind = "map";
      input = TR.el("textarea", { id, rows: "2", spellcheck: "false" });
    } else if (x.startsWith("list(")) {
      f.kind = x === "list(int)" ? "intlist" : "list";
      input = TR.el("input", { id, type: "text" });
    } else {
      input = TR.el("input", { id, type: "text", autocomplete: "off" });
    }
    input.setAttribute("aria-describedby", described);
    f.input = input;
    wrap.append(TR.el("label", { for: id, text: title(def, path.at(-1)) }), input);
  }
  if (hint) wrap.append(TR.el("small", { id: hintId, class: "hint", text: hint }));
  wrap.append(TR.el("span", { id: errId, class: "err", role: "alert" }));
  f.wrap = wrap;
  f.err = wrap.lastChild;
  TR.fields.push(f);
  return wrap;
}

TR.buildForm = function (schema) {
  TR.schema = schema;
  TR.fields = [];
  const box = document.getElementById("fields");
  box.replaceChildren();
  const groups = {};
  const order = TR.GROUPS.map((g) => g[0]).concat(["other"]);
  for (const g of order) {
    groups[g] = TR.el("fieldset", { class: "group", id: "g-" + g }, TR.el("legend", { text: TR.t("g_" + g) }));
  }
  for (const [name, def] of Object.entries(schema.properties || {})) {
    if (name === "id" && schema.properties.applicant_id) continue;  // an alias of applicant_id
    const g = groups[TR.groupOf(name)];
    if (def.properties) {
      const sub = TR.el("fieldset", { class: "sub", id: TR.fieldId([name]) }, TR.el("legend", { text: title(def, name) }));
      if (def["x-absent"]) sub.append(TR.el("small", { class: "hint", text: TR.t("absent") + TR.tx(def["x-absent"].title) }));
      for (const [k, d] of Object.entries(def.properties)) sub.append(buildField([name, k], d));
      g.append(sub);
    } else {
      g.append(buildField([name], def));
    }
  }
  for (const g of order) if (groups[g].children.length > 1) box.append(groups[g]);
};

function readField(f) {
  if (f.kind === "checks") {
    const v = f.boxes.filter((b) => b.checked).map((b) => b.value);
    return v.length ? v : undefined;
  }
  const s = f.input.value.trim();
  if (s === "") return undefined;
  switch (f.kind) {
    case "bool": case "enum": return JSON.parse(s);
    case "int": case "number": { const n = Number(s); return Number.isFinite(n) ? n : s; }
    case "map": try { return JSON.parse(s); } catch (e) { return s; }  // the API names the problem
    case "intlist": return s.split(/[,，、\s]+/).filter(Boolean).map((x) => (/^-?\d+$/.test(x) ? Number(x) : x));
    case "list": return s.split(/[,，、]+/).map((x) => x.trim()).filter(Boolean);
    default: return s;
  }
}

function writeField(f, v) {
  if (f.kind === "checks") {
    const set = new Set(Array.isArray(v) ? v : []);
    for (const b of f.boxes) b.checked = set.has(b.value);
    return;
  }
  let s = "";
  if (v !== undefined && v !== null) {
    if (f.kind === "bool" || f.kind === "enum") s = JSON.stringify(v);
    else if (f.kind === "map") s = JSON.stringify(v);
    else if (Array.isArray(v)) s = v.join(", ");
    else s = String(v);
  }
  f.input.value = s;
  // A value the select does not offer still shows, so the API can name it.
  if (f.input.tagName === "SELECT" && s !== "" && f.input.value !== s) {
    f.input.append(TR.el("option", { value: s, text: String(v) }));
    f.input.value = s;
  }
}

// Facts in a loaded profile the form has no control for: kept and sent as they are.
TR.extra = {};

TR.readProfile = function () {
  const p = JSON.parse(JSON.stringify(TR.extra));
  for (const f of TR.fields) {
    const v = readField(f);
    if (v === undefined) continue;
    if (f.path.length === 1) p[f.path[0]] = v;
    else (p[f.path[0]] = p[f.path[0]] || {})[f.path[1]] = v;
  }
  return p;
};

TR.writeProfile = function (p) {
  TR.extra = {};
  const known = new Set(TR.fields.map((f) => f.path.join(".")));
  for (const [k, v] of Object.entries(p || {})) {
    const isObj = v && typeof v === "object" && !Array.isArray(v) && TR.schema.properties[k] && TR.schema.properties[k].properties;
    if (isObj) {
      for (const [k2, v2] of Object.entries(v)) if (!known.has(k + "." + k2)) (TR.extra[k] = TR.extra[k] || {})[k2] = v2;
    } else if (!known.has(k)) {
      TR.extra[k] = v;
    }
  }
  for (const f of TR.fields) {
    const v = f.path.length === 1 ? (p || {})[f.path[0]] : ((p || {})[f.path[0]] || {})[f.path[1]];
    writeField(f, v);
  }
};

TR.fieldFor = function (path) {
  return TR.fields.find((f) => f.path.join(".") === path);
};

TR.focusField = function (f) {
  (f.input || f.boxes[0]).focus();
};

// The API's diagnostics beside their fields (JSON pointer → the longest field path it starts with).
TR.showErrors = function (diags) {
  for (const f of TR.fields) {
    f.err.textContent = "";
    (f.input || f.wrap.querySelector("fieldset")).removeAttribute("aria-invalid");
  }
  const general = [];
  for (const d of diags || []) {
    const parts = (d.pointer || "").split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    let f = null;
    for (let n = parts.length; n > 0 && !f; --n) f = TR.fieldFor(parts.slice(0, n).join("."));
    if (!f) { general.push(d.message); continue; }
    f.err.textContent = (f.err.textContent ? f.err.textContent + " " : "") + d.message;
    (f.input || f.wrap.querySelector("fieldset")).setAttribute("aria-invalid", "true");
  }
  return general;
};
