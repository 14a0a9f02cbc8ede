// The page's own words in Chinese and English; the report brings its own in both.
"use strict";
window.TR = window.TR || {};
TR.lang = "zh";
TR.words = {
  title: ["人才政策受理工作台", "Talent policy workbench"],
  skip: ["跳到下一个问题", "Skip to the next question"],
  as_of: ["评估日期", "As of"],
  compare: ["对比日期", "Compare with"],
  load: ["载入资料", "Load profile"],
  save: ["保存资料", "Save profile"],
  clear: ["清空", "Clear"],
  print: ["打印决定书", "Print letter"],
  applicant: ["申请人资料", "Applicant"],
  next_questions: ["下一步要问", "Ask next"],
  affects: ["影响 {n} 项措施", "affects {n} measures"],
  no_questions: ["没有待问的问题：各项决定已确定。", "Nothing left to ask: every decision is definite."],
  decisions: ["各项政策决定", "Decisions"],
  yes: ["是", "Yes"], no: ["否", "No"], unset: ["（未填写）", "(not given)"],
  list_hint: ["多个值用逗号分隔", "Separate several values with commas"],
  map_hint: ["JSON 对象，例如 {\"键\": \"2024-01-01\"}", "A JSON object, e.g. {\"key\": \"2024-01-01\"}"],
  datetime_hint: ["例如 2025-06-15T09:30:00+08:00，或只填日期", "e.g. 2025-06-15T09:30:00+08:00, or a date"],
  absent: ["未填写：", "If not given: "],
  bad_json: ["不是 JSON 对象", "not a JSON object"],
  bad_number: ["不是数字", "not a number"],
  o_eligible: ["符合", "Eligible"],
  o_ineligible: ["不符合", "Not eligible"],
  o_refer: ["转一事一议", "Referred (case by case)"],
  o_undetermined: ["待定（缺少资料）", "Undetermined (facts missing)"],
  o_not_applicable: ["不适用", "Not applicable"],
  sample: ["示例值", "sample value"],
  sample_note: ["标有“示例值”的金额和流程是规划未载明的参数示例，须经主管部门确认。",
                "Amounts and procedures marked \"sample value\" are parameters the plan does not state and must be confirmed by the department."],
  amount: ["金额", "Amount"], months: ["期限（月）", "Months"], services: ["服务", "Services"],
  payment: ["拨付", "Payment"], due: ["到期", "due"],
  st_due: ["应拨付", "due"], st_scheduled: ["待到期", "scheduled"], st_paid: ["已拨付", "paid"],
  st_withheld: ["暂缓", "withheld"], st_blocked: ["不予拨付", "blocked"], st_undetermined: ["待定", "undetermined"],
  failed: ["未满足的条件", "Conditions not met"],
  would_change: ["改变决定的事实", "What would change it"],
  reasons: ["转一事一议的原因", "Why referred"],
  missing: ["缺少的资料", "Facts missing"],
  not_yet: ["尚未到期，可于以下日期复查：", "Not yet; check again on "],
  excluded: ["不重复享受：", "Not held twice: "],
  clause: ["依据", "Clause"],
  why: ["为什么", "Why"],
  department: ["经办部门", "Department"], documents: ["需收取的材料", "Documents to collect"],
  window: ["受理时间", "When"], clawback: ["追回", "Clawback"],
  assumptions: ["按默认值处理的事实", "Facts taken as their default"],
  summary: ["符合 {eligible} 项，不符合 {ineligible} 项，一事一议 {refer} 项，待定 {undetermined} 项，不适用 {not_applicable} 项",
            "{eligible} eligible, {ineligible} not eligible, {refer} referred, {undetermined} undetermined, {not_applicable} not applicable"],
  compare_h: ["“尚未到期”的决定：{a} 与 {b} 对比", "\"Not yet\" decisions: {a} against {b}"],
  compare_none: ["没有“尚未到期”的决定。", "No \"not yet\" decisions."],
  checking: ["正在判定……", "Deciding…"],
  invalid: ["资料有误，请看字段旁的提示。", "The profile has problems: see the messages beside the fields."],
  loaded: ["已载入 {name}", "Loaded {name}"],
  error: ["出错：", "Error: "],
  letter_h: ["人才政策待遇审核决定书", "Decision on talent-policy measures"],
  l_applicant: ["申请人", "Applicant"], l_date: ["决定日期", "Date"], l_pack: ["政策包版本", "Pack version"],
  l_receipt: ["回执（资料哈希）", "Receipt (profile hash)"], l_measure: ["政策措施", "Measure"],
  l_outcome: ["决定", "Decision"], l_sign: ["经办人签字：", "Caseworker's signature:"],
  g_personal: ["个人信息", "Personal"], g_education: ["学历与技能", "Education and skills"],
  g_work: ["工作", "Work"], g_housing: ["住房", "Housing"], g_business: ["创业与项目", "Business and projects"],
  g_honours: ["荣誉与人才卡", "Honours and talent cards"], g_subsidies: ["已享受补贴", "Earlier subsidies"],
  g_other: ["其他", "Other"],
};
TR.t = function (key, args) {
  const w = TR.words[key];
  let s = w ? w[TR.lang === "en" ? 1 : 0] : key;
  for (const k in (args || {})) s = s.split("{" + k + "}").join(String(args[k]));
  return s;
};
// A {zh, en} object from the API, in the page's language.
TR.tx = function (o) {
  if (o == null) return "";
  if (typeof o === "string") return o;
  return (TR.lang === "en" ? o.en : o.zh) || o.zh || o.en || "";
};
TR.applyWords = function () {
  document.documentElement.lang = TR.lang === "en" ? "en" : "zh-CN";
  document.title = TR.t("title");
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = TR.t(el.dataset.t);
  const b = document.getElementById("lang");
  b.textContent = TR.lang === "en" ? "中文" : "English";
  b.lang = TR.lang === "en" ? "zh-CN" : "en";
};
// Element helper: el("div", {class: "x"}, child, "text", ...).
TR.el = function (tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const k in (attrs || {})) {
    if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) continue;
    if (k === "text") e.textContent = attrs[k];
    else e.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
  }
  for (const c of kids) if (c !== null && c !== undefined && c !== "") e.append(c);
  return e;
};
