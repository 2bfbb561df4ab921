// tongwen review page. Plain browser JavaScript, no libraries, no network beyond this server.
//
// Flow: GET /v1/variants (edition list and fallback chains) → on Convert, POST /v1/convert with
// "spans": true and POST /v1/check in parallel → draw the source and each edition side by side:
// changed pieces highlighted, pieces overlapping a finding flagged. Clicking a flag opens the
// panel with the finding's candidates; choosing one builds the -{ }- rule and the glossary entry
// that give each edition the chosen form, applies one of them (inserts the rule into the source
// at the finding, or appends the entry to the glossary) and converts again.
//
// Offsets: the API speaks UTF-8 byte offsets (spans) and 1-based line/column in characters
// (findings); the page keeps the source as UTF-8 bytes to cut it exactly.
"use strict";

const enc = new TextEncoder();
const dec = new TextDecoder();
const $ = (id) => document.getElementById(id);

const state = {
  variants: [],          // from /v1/variants, pipeline order
  byTag: new Map(),      // tag → variant info
  source: "",            // the source last converted
  bytes: new Uint8Array(0),
  findings: [],          // findings with .start/.end byte offsets added
  history: [],           // [{source, glossary}] for Undo
  standalone: new Map(), // finding text → {tag: conversion of the text alone}
  current: -1,           // index of the finding in the panel
};

const SAMPLE = [
  "'''同文'''是一个把维基百科条目转换成各地区版本的工具。",
  "",
  "她的发很长，每天早上都要梳理半个小时。",
  "",
  "[[鼠标]]和'''内存'''都是计算机的硬件，-{zh-hans:自行车;zh-hant:腳踏車;}-则不是。",
  "",
].join("\n");

// ---- API ------------------------------------------------------------------------------------

async function api(path, body) {
  const res = await fetch(path, body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

function setStatus(text, isError) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", !!isError);
}

// ---- offsets --------------------------------------------------------------------------------

function utf8Len(cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

// Adds .start/.end (UTF-8 byte offsets) to each finding from its 1-based line and column
// (characters), in one pass over the source.
function locate(source, findings) {
  const wanted = new Map();
  for (const f of findings) wanted.set(`${f.line}:${f.column}`, null);
  let line = 1, col = 1, at = 0;
  for (const ch of source) {
    const key = `${line}:${col}`;
    if (wanted.has(key)) wanted.set(key, at);
    at += utf8Len(ch.codePointAt(0));
    if (ch === "\n") { line += 1; col = 1; } else { col += 1; }
  }
  const total = at;
  for (const f of findings) {
    const start = wanted.get(`${f.line}:${f.column}`);
    f.start = start === null ? total : start;
    f.end = Math.min(total, f.start + enc.encode(f.text).length);
  }
}

function slice(start, end) {
  return dec.decode(state.bytes.subarray(start, end));
}

// ---- drawing --------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
}

function flagAttrs(node, index) {
  node.classList.add("flag", `sev-${state.findings[index].severity}`);
  node.dataset.finding = String(index);
  node.tabIndex = 0;
  node.setAttribute("role", "button");
  node.title = `${state.findings[index].kind}: ${state.findings[index].text} — click for the candidates`;
}

function findingsFor(tag) {
  return state.findings
    .map((f, i) => [f, i])
    .filter(([f]) => f.editions.length === 0 || f.editions.includes(tag));
}

function describe(p) {
  switch (p.origin) {
    case "dictionary": {
      const hits = (p.hits || []).map((h) => `${h.dict}: ${h.key}→${h.value}`);
      return [`OpenCC ${p.config}`, ...hits].join("\n");
    }
    case "rule": {
      const r = p.rule || {};
      if (r.kind === "glossary") return `glossary ${r.file}:${r.line}`;
      if (r.kind === "markup") return `-{ }- rule at ${r.line}:${r.column}`;
      if (r.kind === "cgroup") return `conversion group ${r.group}`;
      return `NoteTA rule ${r.n} at line ${r.line}`;
    }
    case "markup": return "-{ }- markup";
    case "synthesised": return "added label";
    default: return "kept";
  }
}

function drawSource(column) {
  const pre = el("pre", { class: "text" });
  const ranges = state.findings
    .map((f, i) => [f.start, f.end, i])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let at = 0;
  for (const [s, e, i] of ranges) {
    if (s < at) continue; // overlapping finding: the first one wins
    pre.append(slice(at, s));
    const span = el("span", {}, slice(s, e));
    flagAttrs(span, i);
    pre.append(span);
    at = e;
  }
  pre.append(slice(at, state.bytes.length));
  column.append(pre);
}

function drawEdition(column, tag, pieces) {
  const pre = el("pre", { class: "text" });
  const flags = findingsFor(tag);
  for (const p of pieces) {
    const span = el("span", {}, p.output);
    if (p.changed) span.classList.add("conv", `o-${p.origin}`);
    span.title = describe(p);
    const hit = p.end > p.start && flags.find(([f]) => f.start < p.end && p.start < f.end);
    if (hit) flagAttrs(span, hit[1]);
    pre.append(span);
  }
  column.append(pre);
}

function drawResults(data) {
  const results = $("results");
  results.replaceChildren();
  const src = el("section", { class: "column source", "data-tag": "source" },
    el("h2", {}, "Source"));
  drawSource(src);
  results.append(src);
  for (const [tag, pieces] of Object.entries(data.spans)) {
    const info = state.byTag.get(tag);
    const head = el("h2", {}, tag, " ", el("span", { class: "sub" }, info ? info.name : ""));
    const col = el("section", { class: "column", "data-tag": tag }, head);
    if (data.titles && data.titles[tag]) col.append(el("p", { class: "title" }, data.titles[tag]));
    drawEdition(col, tag, pieces);
    const warnings = (data.warnings || {})[tag] || [];
    for (const w of warnings) col.append(el("p", { class: "warning" }, w));
    results.append(col);
  }
}

function drawSummary() {
  const counts = {};
  for (const f of state.findings) counts[f.kind] = (counts[f.kind] || 0) + 1;
  const parts = Object.entries(counts).map(([k, n]) => `${k} ${n}`);
  const box = $("summary");
  box.replaceChildren();
  if (state.findings.length === 0) {
    box.append(el("p", { class: "clean" }, "No findings."));
    return;
  }
  box.append(el("p", {}, `${state.findings.length} finding(s): ${parts.join(", ")}. Click a flagged span.`));
  const list = el("ol", { class: "findings" });
  state.findings.forEach((f, i) => {
    const item = el("li", {}, `${f.line}:${f.column} ${f.kind} `, el("b", {}, f.text),
      ` (${f.editions.join(", ") || "all editions"})`);
    flagAttrs(item, i);
    list.append(item);
  });
  box.append(list);
}

// ---- convert --------------------------------------------------------------------------------

function selectedEditions() {
  return [...document.querySelectorAll("#editions input:checked")].map((i) => i.value);
}

function requestBase() {
  const body = { text: $("source").value, format: $("format").value };
  const glossary = $("glossary").value;
  if (glossary.trim() !== "") body.glossary = glossary;
  return body;
}

function countConversion() {
  document.body.dataset.conversions = String(Number(document.body.dataset.conversions || 0) + 1);
}

// Converts and checks the article; `count` marks the end for tests (body[data-conversions]).
async function convert(count = true) {
  const variants = selectedEditions();
  if (variants.length === 0) { setStatus("Pick at least one edition.", true); return; }
  const base = requestBase();
  setStatus("Converting…");
  $("convert").disabled = true;
  try {
    // Check every edition of the pipeline, not only those shown: a finding then lists all the
    // editions it concerns, and the fix built for it gives the chosen form to all of them.
    const [conv, check] = await Promise.all([
      api("/v1/convert", { ...base, variants, spans: true }),
      api("/v1/check", base),
    ]);
    state.source = base.text;
    state.bytes = enc.encode(base.text);
    state.findings = check.findings;
    locate(state.source, state.findings);
    drawSummary();
    drawResults(conv);
    closePanel();
    const n = state.findings.length;
    setStatus(`Converted ${variants.length} edition(s) · ${n} finding(s).`);
  } catch (e) {
    setStatus(e.message, true);
  } finally {
    $("convert").disabled = false;
    if (count) countConversion();
  }
}

// ---- the fix for a finding ------------------------------------------------------------------

// The MediaWiki codes of the pipeline's editions, in MediaWiki's rule order.
const RULE_ORDER = ["zh-Hans", "zh-Hant", "zh-CN", "zh-HK", "zh-MO", "zh-MY", "zh-SG", "zh-TW"];

// Which explicit variant texts make every edition resolve (through its fallback chain) to the
// text it should show. Returns [[tag, text], …] in rule order, or null when one text suits all.
function minimalForms(desired) {
  const tags = RULE_ORDER.filter((t) => desired.has(t));
  const values = new Set(desired.values());
  if (values.size === 1) return null;
  const chosen = new Map();
  const resolve = (t) => {
    const chain = [t, ...((state.byTag.get(t) || {}).fallbacks || [])];
    for (const u of chain) if (chosen.has(u)) return chosen.get(u);
    return undefined;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const t of tags) {
      if (resolve(t) !== desired.get(t)) { chosen.set(t, desired.get(t)); changed = true; }
    }
  }
  return tags.filter((t) => chosen.has(t)).map((t) => [t, chosen.get(t)]);
}

function code(tag) {
  const v = state.byTag.get(tag);
  return v ? v.code : tag.toLowerCase();
}

function buildRule(forms, single) {
  if (forms === null) return `-{${single}}-`;
  return "-{" + forms.map(([t, x]) => `${code(t)}:${x};`).join("") + "}-";
}

function buildGlossaryEntry(forms, single, source) {
  if (forms === null) {
    return single === source ? `  - keep: ${single}` : null;
  }
  return forms.map(([t, x], i) => `${i === 0 ? "  - " : "    "}${code(t)}: ${x}`).join("\n");
}

async function standalone(text) {
  if (!state.standalone.has(text)) {
    const r = await api("/v1/convert", { text, format: "plain" });
    state.standalone.set(text, r.editions);
  }
  return state.standalone.get(text);
}

function openPanel(index) {
  const f = state.findings[index];
  if (!f) return;
  state.current = index;
  $("panel-title").textContent = `${f.kind}: ${f.text}`;
  $("panel-where").textContent =
    `${f.file}:${f.line}:${f.column} · ${f.severity} · ${f.editions.join(", ") || "all editions"}`;
  $("panel-suggestion").textContent = f.suggestion ? `Suggested: ${f.suggestion}` : "";
  const box = $("candidates");
  box.replaceChildren();
  if (f.candidates.length === 0) box.append(el("p", { class: "hint" }, "No candidates for this finding."));
  for (const c of f.candidates) {
    const b = el("button", { type: "button", class: "candidate" }, c);
    b.dataset.candidate = c;
    b.addEventListener("click", () => choose(index, c));
    box.append(b);
  }
  $("fix").hidden = true;
  $("panel").hidden = false;
  document.querySelectorAll(".flag.active").forEach((n) => n.classList.remove("active"));
  document.querySelectorAll(`.flag[data-finding="${index}"]`).forEach((n) => n.classList.add("active"));
}

function closePanel() {
  $("panel").hidden = true;
  state.current = -1;
}

async function choose(index, candidate) {
  const f = state.findings[index];
  try {
    const alone = await standalone(f.text);
    const desired = new Map();
    for (const v of state.variants) {
      const target = f.editions.length === 0 || f.editions.includes(v.tag);
      desired.set(v.tag, target ? candidate : (alone[v.tag] ?? f.text));
    }
    const forms = minimalForms(desired);
    const rule = buildRule(forms, candidate);
    const entry = buildGlossaryEntry(forms, candidate, f.text);
    $("rule").textContent = rule;
    $("glossary-entry").textContent = entry === null ? "(not expressible as a glossary entry; use the rule)" : entry;
    $("fix").hidden = false;
    document.querySelectorAll("#candidates .candidate").forEach((b) =>
      b.classList.toggle("chosen", b.dataset.candidate === candidate));
    const mode = document.querySelector('input[name="mode"]:checked').value;
    state.history.push({ source: $("source").value, glossary: $("glossary").value });
    $("undo").disabled = false;
    if (mode === "glossary" && entry !== null) {
      const g = $("glossary").value.replace(/\s+$/, "");
      $("glossary").value = (g === "" ? "entries:" : g) + "\n" + entry + "\n";
      $("glossary-box").open = true;
      $("fix-note").textContent = "Added the entry to the glossary.";
    } else {
      const before = dec.decode(state.bytes.subarray(0, f.start));
      const after = dec.decode(state.bytes.subarray(f.end));
      $("source").value = before + rule + after;
      $("fix-note").textContent = `Inserted the rule at line ${f.line}, column ${f.column}.`;
    }
    const keep = { rule: $("rule").textContent, entry: $("glossary-entry").textContent, note: $("fix-note").textContent, f };
    await convert(false);
    // Keep showing what was added after the redraw.
    $("panel-title").textContent = `${keep.f.kind}: ${keep.f.text} → ${candidate}`;
    $("panel-where").textContent = `${keep.f.file}:${keep.f.line}:${keep.f.column}`;
    $("panel-suggestion").textContent = "";
    $("candidates").replaceChildren();
    $("rule").textContent = keep.rule;
    $("glossary-entry").textContent = keep.entry;
    $("fix-note").textContent = keep.note;
    $("fix").hidden = false;
    $("panel").hidden = false;
  } catch (e) {
    setStatus(e.message, true);
  } finally {
    countConversion();
  }
}

async function undo() {
  const last = state.history.pop();
  if (!last) return;
  $("source").value = last.source;
  $("glossary").value = last.glossary;
  $("undo").disabled = state.history.length === 0;
  await convert();
}

// ---- set-up ---------------------------------------------------------------------------------

function formatFor(name) {
  const ext = (name.split(".").pop() || "").toLowerCase();
  if (["md", "markdown"].includes(ext)) return "markdown";
  if (["wiki", "wikitext", "mediawiki"].includes(ext)) return "wikitext";
  return "plain";
}

function onActivate(e) {
  const t = e.target.closest(".flag");
  if (t && t.dataset.finding !== undefined) openPanel(Number(t.dataset.finding));
}

async function init() {
  try {
    const v = await api("/v1/variants");
    state.variants = v.variants;
    for (const x of v.variants) state.byTag.set(x.tag, x);
    const defaults = ["zh-CN", "zh-TW", "zh-HK"];
    const anyDefault = v.variants.some((x) => defaults.includes(x.tag));
    const box = $("editions");
    for (const x of v.variants) {
      const input = el("input", { type: "checkbox", value: x.tag });
      input.checked = anyDefault ? defaults.includes(x.tag) : true;
      box.append(el("label", { title: `${x.configs.join(" + ")}; falls back to ${x.fallbacks.join(", ")}` },
        input, ` ${x.tag} `, el("span", { class: "sub" }, x.name)));
    }
  } catch (e) {
    setStatus(`Cannot reach the server: ${e.message}`, true);
  }
  $("convert").addEventListener("click", () => convert());
  $("sample").addEventListener("click", () => {
    $("source").value = SAMPLE;
    $("format").value = "wikitext";
  });
  $("undo").addEventListener("click", undo);
  $("panel-close").addEventListener("click", closePanel);
  $("upload").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    $("source").value = await file.text();
    $("format").value = formatFor(file.name);
    setStatus(`Loaded ${file.name} (${$("format").value}).`);
  });
  document.addEventListener("click", onActivate);
  document.addEventListener("keydown", (e) => {
    if ((e.key === "Enter" || e.key === " ") && e.target.classList && e.target.classList.contains("flag")) {
      e.preventDefault();
      onActivate(e);
    }
    if (e.key === "Escape") closePanel();
  });
  document.body.dataset.loaded = "true";
}

init();
