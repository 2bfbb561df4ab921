// Browser test of the review page: Debian's chromium driven by playwright-core.
//
// Usage: node review.mjs URL SCREENSHOT_DIR   (scripts/browser-test starts the server and calls this)
//
// Loads the page, converts the built-in sample, checks the zh-TW column shows what the API
// returns, clicks the flagged 发 in the zh-TW column, chooses 髮, checks the suggested rule and
// that the preview now reads 髮; then does the same with a glossary entry. Saves screenshots
// (review-flag.png: the finding's candidates; review-rule.png: after the rule; review-glossary.png:
// after the glossary entry) and prints their paths. Exits non-zero on the first failed check.

import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [url, outDir] = process.argv.slice(2);
if (!url || !outDir) {
  console.error("usage: node review.mjs URL SCREENSHOT_DIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

let failures = 0;
let passes = 0;
function check(name, ok, detail) {
  if (ok) {
    passes += 1;
    console.log(`ok - ${name}`);
  } else {
    failures += 1;
    console.log(`not ok - ${name}${detail === undefined ? "" : `: ${detail}`}`);
  }
}
function same(name, actual, expected) {
  check(name, actual === expected, `got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

async function api(path, body) {
  const res = await fetch(new URL(path, url), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return res.json();
}

const profile = mkdtempSync(join(tmpdir(), "tongwen-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

try {
  const page = context.pages()[0] || (await context.newPage());
  const consoleErrors = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  // The page must not reach for any other host.
  const foreign = [];
  page.on("request", (r) => { if (!r.url().startsWith(url)) foreign.push(r.url()); });

  await page.goto(url);
  await page.waitForSelector("body[data-loaded=true]");
  same("eight edition checkboxes", await page.locator("#editions input").count(), 8);

  const conversions = async () => Number((await page.locator("body").getAttribute("data-conversions")) || 0);
  const convertAndWait = async (action) => {
    const before = await conversions();
    await action();
    await page.waitForFunction((n) => Number(document.body.dataset.conversions || 0) > n, before);
  };

  await page.click("#sample");
  const sample = await page.inputValue("#source");
  await convertAndWait(() => page.click("#convert"));

  const expected = await api("/v1/convert", { text: sample, format: "wikitext", variants: ["zh-CN", "zh-TW", "zh-HK"] });
  for (const tag of ["zh-CN", "zh-TW", "zh-HK"]) {
    same(`${tag} column shows the edition`, await page.locator(`.column[data-tag="${tag}"] pre.text`).innerText(), expected.editions[tag]);
  }
  check("converted spans are highlighted", (await page.locator('.column[data-tag="zh-TW"] .conv').count()) > 0);

  const flag = page.locator('.column[data-tag="zh-TW"] .flag', { hasText: "發" }).first();
  check("发 is flagged in zh-TW", (await flag.count()) === 1);
  await flag.click();
  await page.waitForSelector("#panel:not([hidden])");
  const candidates = await page.locator("#candidates .candidate").allInnerTexts();
  same("candidates of 发", candidates.join(" "), "發 髮");
  const flagShot = resolve(join(outDir, "review-flag.png"));
  await page.screenshot({ path: flagShot, fullPage: true });
  console.log(`screenshot: ${flagShot}`);

  await convertAndWait(() => page.click('#candidates .candidate[data-candidate="髮"]'));
  const rule = "-{zh-hans:发;zh-hant:髮;}-";
  same("suggested rule", await page.locator("#rule").innerText(), rule);
  same("suggested glossary entry", await page.locator("#glossary-entry").innerText(), "  - zh-hans: 发\n    zh-hant: 髮");
  check("rule inserted into the source", (await page.inputValue("#source")).includes(`她的${rule}很长`));
  const tw = await page.locator('.column[data-tag="zh-TW"] pre.text').innerText();
  check("zh-TW preview now reads 髮", tw.includes("她的髮很長"), tw);
  const cn = await page.locator('.column[data-tag="zh-CN"] pre.text').innerText();
  check("zh-CN preview keeps 发", cn.includes("她的发很长"), cn);
  check("the finding is settled", (await page.locator('.column[data-tag="zh-TW"] .flag', { hasText: "髮" }).count()) === 0);
  const ruleShot = resolve(join(outDir, "review-rule.png"));
  await page.screenshot({ path: ruleShot, fullPage: true });
  console.log(`screenshot: ${ruleShot}`);

  // Undo, then fix the same finding with a glossary entry instead.
  await convertAndWait(() => page.click("#undo"));
  same("undo restores the source", await page.inputValue("#source"), sample);
  await page.locator('.column[data-tag="zh-TW"] .flag', { hasText: "發" }).first().click();
  await page.check('input[name="mode"][value="glossary"]');
  await convertAndWait(() => page.click('#candidates .candidate[data-candidate="髮"]'));
  same("glossary now holds the entry", await page.inputValue("#glossary"), "entries:\n  - zh-hans: 发\n    zh-hant: 髮\n");
  same("source unchanged in glossary mode", await page.inputValue("#source"), sample);
  const tw2 = await page.locator('.column[data-tag="zh-TW"] pre.text').innerText();
  check("zh-TW preview reads 髮 through the glossary", tw2.includes("她的髮很長"), tw2);
  const glossaryShot = resolve(join(outDir, "review-glossary.png"));
  await page.screenshot({ path: glossaryShot, fullPage: true });
  console.log(`screenshot: ${glossaryShot}`);

  same("no console errors", consoleErrors.join("\n"), "");
  same("no request left this server", foreign.join("\n"), "");
} catch (e) {
  failures += 1;
  console.log(`not ok - ${e.stack || e}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
