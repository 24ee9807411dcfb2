// Browser end-to-end test of the demo web form (kim-wasm/www) in Debian's Chromium.
//
//   node kim-wasm/e2e/run.mjs            (from the repository root; exit code 0 = passed)
//
// It serves kim-wasm/ itself on 127.0.0.1 (random port, application/wasm for .wasm), drives
// /usr/bin/chromium headless with playwright-core (from kim-wasm/node_modules), and writes
// screenshots, the exported plan and a timing note to target/e2e/ (not committed).
// Environment: CHROMIUM=/path/to/chromium to use another binary; KIM_E2E_HEADFUL=1 to watch.
//
// The expected amounts are those of `cargo run -q -p kim-cli -- plan` for the embedded example
// (Kreis Heinsberg 2023) and for the same plan with 1 VZÄ to Diakonie, and the D'Hondt shares
// those of the example with "method": "dhondt".

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, WASM_DIR } from './serve.mjs';

const REPO = path.resolve(WASM_DIR, '..');
const OUT = path.join(REPO, 'target', 'e2e');
const PKG_JS = path.join(WASM_DIR, 'pkg', 'web', 'kim_wasm.js');
const EXAMPLE = path.join(REPO, 'kim-core', 'data', 'examples', 'heinsberg-2023.json');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// ---------------------------------------------------------------------------------------
// Expected values (kim-cli, see above)

const EXAMPLE_TOTALS = {
  land_money: '1.020.000,00 €',
  forwarded: '152.500,00 €',
  retained_by_authority: '867.500,00 €',
  top_ups: '15.000,00 €',
};
const DIAKONIE_1_TOTALS = { // forwardings[1].fte = 1
  land_money: '1.020.000,00 €',
  forwarded: '137.500,00 €',
  retained_by_authority: '882.500,00 €',
  top_ups: '12.500,00 €',
};
const UNITS = ['Gangelt', 'Geilenkirchen', 'Heinsberg', 'Selfkant', 'Übach-Palenberg', 'Waldfeucht', 'Wassenberg', 'Wegberg'];
const SHARES_LARGEST_REMAINDER = ['0,5', '1,5', '2', '0,5', '1,5', '0,5', '1', '1,5'];
const SHARES_DIAKONIE_1 = ['0,5', '1,5', '2,5', '0,5', '1,5', '0,5', '1', '1,5']; // 9,5 VZÄ
const SHARES_DHONDT = ['0,5', '1,5', '2,5', '0,5', '1', '0,5', '1', '1,5'];

// ---------------------------------------------------------------------------------------
// Helpers

async function poll(page, fn, arg, what, timeout = 5000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await page.evaluate(fn, arg);
    if (last && last.ok) return last;
    if (Date.now() > end) assert.fail(`${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The input bound to a document path, and the messages announced for it (aria-describedby).
function fieldState(p) {
  const input = [...document.querySelectorAll('input[data-path], select[data-path]')].find((e) => e.dataset.path === p);
  if (!input) return { missing: p };
  const lists = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)).filter(Boolean);
  const msgs = lists.flatMap((l) => [...l.querySelectorAll('li.msg')]).map((li) => ({
    code: li.dataset.code, severity: li.dataset.severity, text: li.querySelector('.text')?.textContent,
  }));
  const nextTo = lists.some((l) => l.tagName === 'UL' && l.parentElement === input.parentElement);
  return { value: input.value, invalid: input.getAttribute('aria-invalid'), msgs, nextTo, label: input.labels?.[0]?.textContent };
}

const sel = (p) => `:is(input, select)[data-path="${p}"]`;

async function typeInto(page, p, text) {
  const loc = page.locator(sel(p));
  await loc.click();
  await page.keyboard.press('Control+A');
  await loc.pressSequentially(text, { delay: 15 });
}

async function totals(page) {
  return page.evaluate(() => Object.fromEntries(['land_money', 'forwarded', 'retained_by_authority', 'top_ups']
    .map((k) => [k, document.querySelector(`#total-${k} dd`)?.textContent ?? null])));
}

async function shares(page) {
  return page.evaluate((n) => Array.from({ length: n },
    (_, i) => document.querySelector(`[data-out="distribution.weights[${i}].share"]`)?.textContent ?? null), UNITS.length);
}

async function errorCount(page) {
  return page.evaluate(() => ({
    errors: document.querySelectorAll('#form li.msg-error').length,
    invalid: document.querySelectorAll('#form [aria-invalid="true"]').length,
    status: document.querySelector('#check-status').textContent,
  }));
}

// ---------------------------------------------------------------------------------------

describe('kim-wasm demo form in Chromium', { timeout: 120_000 }, () => {
  let srv, browser, context, page;
  const consoleErrors = [];
  const requests = [];
  const shots = [];
  let broken = null; // first failed step: later steps are skipped
  const t0 = Date.now();

  const shot = async (name) => {
    const file = path.join(OUT, name);
    await page.screenshot({ path: file, fullPage: true });
    shots.push(path.relative(REPO, file));
  };

  // runs a step; after a failure the rest is skipped (they build on each other)
  const step = (name, fn) => it(name, async (t) => {
    if (broken) return t.skip(`after failure in "${broken}"`);
    try {
      await fn();
    } catch (e) {
      broken = name;
      await page?.screenshot({ path: path.join(OUT, 'failure.png'), fullPage: true }).catch(() => {});
      throw e;
    }
  });

  before(async () => {
    if (!fs.existsSync(PKG_JS)) {
      throw new Error(`${path.relative(REPO, PKG_JS)} is missing: build the package first (kim-wasm/scripts/build.sh)`);
    }
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
    await fsp.mkdir(OUT, { recursive: true });
    srv = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: !process.env.KIM_E2E_HEADFUL, args: FLAGS });
    context = await browser.newContext({ viewport: { width: 1366, height: 850 }, locale: 'de-DE', acceptDownloads: true });
    context.on('request', (r) => requests.push(r.url()));
    page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  });

  after(async () => {
    await browser?.close();
    srv?.server.close();
    console.log(`# e2e: ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots: ${shots.join(', ') || 'none'}`);
  });

  step('the page loads the wasm package and shows an empty plan', async () => {
    await page.goto(`${srv.origin}/www/index.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    assert.match(await page.title(), /^KIM-Planung – /);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    // every control of the form has a label
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('#form input, #form select, #explain-select')]
      .filter((e) => !(e.labels?.length || e.getAttribute('aria-label'))).map((e) => e.id));
    assert.deepEqual(unlabelled, []);
    await shot('01-start.png');
  });

  step('"Beispiel laden" by keyboard loads Kreis Heinsberg 2023 with the CLI totals', async () => {
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.id === 'btn-example')) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'btn-example', 'Tab reaches "Beispiel laden"');
    await page.keyboard.press('Enter');
    await poll(page, () => ({ ok: document.title === 'KIM-Planung – Kreis Heinsberg 2023', title: document.title }), null, 'title');
    assert.equal(await page.inputValue(sel('authority.name')), 'Kreis Heinsberg');
    assert.equal(await page.inputValue(sel('forwardings[0].fte')), '1,5');
    assert.equal(await page.inputValue(sel('forwardings[0].basis.actual_cost_capped.cap_per_fte')), '55.000,00 €');
    assert.deepEqual(await totals(page), EXAMPLE_TOTALS);
    assert.deepEqual(await shares(page), SHARES_LARGEST_REMAINDER);
    const e = await errorCount(page);
    assert.equal(e.errors, 0, e.status);
    assert.equal(e.invalid, 0);
    await shot('02-example.png');
  });

  step('1,75 VZÄ in a forwarding: valid at the field (2 decimals); the distribution reports KIM-A005', async () => {
    await typeInto(page, 'forwardings[0].fte', '1,75');
    const f = await page.evaluate(fieldState, 'forwardings[0].fte');
    assert.equal(f.value, '1,75');
    assert.equal(f.invalid, null, 'no error at the field');
    assert.deepEqual(f.msgs, []);
    // 12 − 1,75 − 1,5 = 8,75 VZÄ cannot be split in steps of 0,5
    const d = await page.evaluate(fieldState, 'distribution.total');
    assert.deepEqual(d.msgs.map((m) => m.code), ['KIM-A005'], JSON.stringify(d));
    assert.equal(d.msgs[0].text, '8,75 VZÄ lassen sich nicht in Schritten von 0,5 VZÄ verteilen.');
    assert.equal(d.invalid, 'true');
    await shot('03-forwarding-1,75-A005.png');
  });

  step('1,755 VZÄ: KIM-V013 (too many decimal places) next to that field', async () => {
    await typeInto(page, 'forwardings[0].fte', '1,755');
    const f = await page.evaluate(fieldState, 'forwardings[0].fte');
    assert.equal(f.invalid, 'true');
    assert.ok(f.nextTo, 'message list sits next to the input');
    assert.deepEqual(f.msgs.map((m) => m.code), ['KIM-V013'], JSON.stringify(f));
    assert.equal(f.msgs[0].text, '1.755 hat mehr als 2 Nachkommastellen.');
    await shot('04-forwarding-1,755-V013.png');
  });

  step('-1 VZÄ: KIM-V012 (negative value) next to that field', async () => {
    await typeInto(page, 'forwardings[0].fte', '-1');
    const f = await page.evaluate(fieldState, 'forwardings[0].fte');
    assert.equal(f.invalid, 'true');
    assert.deepEqual(f.msgs.map((m) => m.code), ['KIM-V012'], JSON.stringify(f));
    assert.equal(f.msgs[0].text, 'Der Wert darf nicht negativ sein (angegeben: -1).');
    await shot('05-forwarding-negative-V012.png');
    await typeInto(page, 'forwardings[0].fte', '1,5');
    assert.equal((await page.evaluate(fieldState, 'forwardings[0].fte')).invalid, null);
  });

  step('13 VZÄ to Diakonie (more than the 12 funded): KIM-V004 on that row only; no totals', async () => {
    await typeInto(page, 'forwardings[1].fte', '13');
    const f1 = await page.evaluate(fieldState, 'forwardings[1].fte');
    assert.equal(f1.invalid, 'true');
    assert.deepEqual(f1.msgs.map((m) => m.code), ['KIM-V004'], JSON.stringify(f1));
    assert.equal(f1.msgs[0].text, 'Baustein 2: 14,5 VZÄ werden weitergeleitet, gefördert sind aber nur 12 VZÄ.');
    const f0 = await page.evaluate(fieldState, 'forwardings[0].fte');
    assert.equal(f0.invalid, null, 'the other row stays valid');
    assert.deepEqual(f0.msgs, []);
    assert.ok(await page.isVisible('#no-totals'), 'totals are withheld while the plan has errors');
    await shot('06-conservation-V004.png');
  });

  step('fixing it clears every error and the totals update live (1 VZÄ, then 1,5 VZÄ)', async () => {
    await typeInto(page, 'forwardings[1].fte', '1');
    let e = await errorCount(page);
    assert.equal(e.errors, 0, e.status);
    assert.equal(e.invalid, 0);
    assert.deepEqual(await totals(page), DIAKONIE_1_TOTALS);
    assert.deepEqual(await shares(page), SHARES_DIAKONIE_1);
    const results = await page.evaluate(() => document.querySelector('[data-out="forwardings[1].results"] dd[data-key="own_share"]')?.textContent);
    assert.equal(results, '10.000,00 €'); // Eigenanteil Diakonie: 70.000 − 55.000 − 5.000
    await shot('07-fixed-diakonie-1.png');

    await typeInto(page, 'forwardings[1].fte', '1,5');
    e = await errorCount(page);
    assert.equal(e.errors, 0, e.status);
    assert.equal(e.invalid, 0);
    assert.match(e.status, /^Keine Fehler/);
    assert.deepEqual(await totals(page), EXAMPLE_TOTALS);
    assert.deepEqual(await shares(page), SHARES_LARGEST_REMAINDER);
    await shot('08-fixed-example-totals.png');
  });

  step('add a forwarding row (Stadt Erkelenz, 1 VZÄ, no cost: KIM-V009 warning) and remove it again', async () => {
    await page.click('#sec-forwardings > button.add');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.path), 'forwardings[2].to.name', 'focus moves to the new row');
    await page.keyboard.type('Stadt Erkelenz');
    await page.selectOption(sel('forwardings[2].to.kind'), 'kommune');
    await typeInto(page, 'forwardings[2].fte', '1');
    await typeInto(page, 'forwardings[2].basis.actual_cost_capped.cap_per_fte', '55.000');
    assert.equal(await page.textContent('fieldset[data-row="forwardings[2]"] legend'), 'Weiterleitung 3: Stadt Erkelenz');
    assert.deepEqual(await totals(page), { ...EXAMPLE_TOTALS, forwarded: '207.500,00 €', retained_by_authority: '812.500,00 €' });
    const row = await page.evaluate(() => [...document.querySelectorAll('fieldset[data-row="forwardings[2]"] > ul.msgs li')].map((li) => [li.dataset.code, li.dataset.severity]));
    assert.deepEqual(row, [['KIM-V009', 'warning']]);
    assert.equal((await errorCount(page)).errors, 0);
    assert.equal(await page.textContent('fieldset[data-row="forwardings[2]"] dd[data-key="own_share"]'), 'unbekannt');
    await shot('09-forwarding-added.png');
    await page.click('fieldset[data-row="forwardings[2]"] button.wide-remove');
    assert.equal(await page.locator('fieldset.fwd').count(), 2);
    assert.deepEqual(await totals(page), EXAMPLE_TOTALS);
  });

  step("distribution method D'Hondt changes the shares (Heinsberg 2 → 2,5, Übach-Palenberg 1,5 → 1)", async () => {
    await page.selectOption(sel('distribution.options.method'), 'dhondt');
    await poll(page, (exp) => {
      const got = Array.from({ length: exp.length }, (_, i) => document.querySelector(`[data-out="distribution.weights[${i}].share"]`)?.textContent);
      return { ok: JSON.stringify(got) === JSON.stringify(exp), got };
    }, SHARES_DHONDT, "D'Hondt shares");
    assert.equal((await errorCount(page)).errors, 0);
    await shot("10-distribution-dhondt.png");
  });

  step('Erklärung: the trace of a selected amount (mouse and keyboard)', async () => {
    await page.click('#total-land_money button.amount');
    let title = await page.textContent('#explain .trace-title');
    assert.equal(title, 'Landesförderung 2023 = 1.020.000,00 €');
    // keyboard: the DRK reimbursement
    await page.focus('[data-out="forwardings[0].results"] dd[data-key="reimbursed"] button');
    await page.keyboard.press('Enter');
    title = await page.textContent('#explain .trace-title');
    assert.equal(title, 'Weitergeleitete Landesmittel an DRK Kreisverband Heinsberg = 82.500,00 €');
    const formula = await page.textContent('#explain .trace-node .formula');
    assert.match(formula, /min\(eigene Kosten \+ weitergeleitete Mittel, Obergrenze je VZÄ × VZÄ × Anteil\)/);
    // a share of the distribution
    await page.click('[data-out="distribution.weights[2].share"] button');
    title = await page.textContent('#explain .trace-title');
    assert.equal(title, 'Anteil von Heinsberg = 2,5 VZÄ');
    await shot('11-erklaerung.png');
    await page.locator('#explain-card').screenshot({ path: path.join(OUT, '11-erklaerung-panel.png') });
    shots.push('target/e2e/11-erklaerung-panel.png');
  });

  step('EN switch: labels, numbers and messages in English; back to German', async () => {
    await page.click('#lang-en');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('#total-land_money dt'), 'Land money');
    assert.equal(await page.textContent('#total-land_money dd'), '1,020,000.00 €');
    assert.equal(await page.inputValue(sel('forwardings[0].fte')), '1.5');
    await typeInto(page, 'forwardings[0].fte', '-1');
    const f = await page.evaluate(fieldState, 'forwardings[0].fte');
    assert.deepEqual(f.msgs.map((m) => [m.code, m.text]), [['KIM-V012', 'Value must not be negative (got -1).']]);
    await shot('12-english.png');
    await typeInto(page, 'forwardings[0].fte', '1.5');
    await page.click('#lang-de');
    assert.equal(await page.textContent('#total-land_money dt'), 'Landesmittel');
    assert.deepEqual(await totals(page), EXAMPLE_TOTALS);
    assert.equal((await errorCount(page)).errors, 0);
  });

  let exported;
  const exportedFile = path.join(OUT, 'exported-plan.json');

  step('export: a kim.plan.v1 download equal to the example with D\'Hondt', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-export')]);
    assert.equal(download.suggestedFilename(), 'kim-plan-kreis-heinsberg-2023.json');
    await download.saveAs(exportedFile);
    exported = JSON.parse(await fsp.readFile(exportedFile, 'utf8'));
    // examplePlan() is the core's own serialisation of the embedded file (defaults written
    // out, e.g. distribution.options.trace; defaults left out, e.g. top_up_policy "fixed")
    const expected = await page.evaluate(async () => (await import('/pkg/web/kim_wasm.js')).examplePlan());
    expected.distribution.options.method = 'dhondt';
    assert.deepEqual(exported, expected);
  });

  step('import: a float VZÄ is refused with KIM-P004; the exported file loads back unchanged', async () => {
    await page.click('#btn-new');
    await poll(page, () => ({ ok: document.querySelector('[data-path="authority.name"]').value === '' }), null, 'new plan');
    assert.equal(await page.isVisible('#total-land_money'), true);

    const bad = structuredClone(exported);
    bad.forwardings[0].fte = 1.5; // a JS number that is not an integer
    const badFile = path.join(OUT, 'bad-plan-float.json');
    await fsp.writeFile(badFile, JSON.stringify(bad));
    await page.setInputFiles('#file-import', badFile);
    await poll(page, () => ({ ok: /KIM-P004/.test(document.querySelector('#io-status').textContent), text: document.querySelector('#io-status').textContent }), null, 'P004 on import');
    assert.equal(await page.inputValue(sel('authority.name')), '', 'the bad file is not loaded');

    await page.setInputFiles('#file-import', exportedFile);
    await poll(page, () => ({ ok: document.querySelector('[data-path="authority.name"]')?.value === 'Kreis Heinsberg' }), null, 're-import');
    assert.match(await page.textContent('#io-status'), /^Importiert: /);
    assert.equal(await page.inputValue(sel('distribution.options.method')), 'dhondt');
    assert.deepEqual(await totals(page), EXAMPLE_TOTALS);
    assert.deepEqual(await shares(page), SHARES_DHONDT);
    assert.equal((await errorCount(page)).errors, 0);
    await shot('13-reimported.png');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-export')]);
    const again = JSON.parse(await fsp.readFile(await download.path(), 'utf8'));
    assert.deepEqual(again, exported, 'export → import → export is the identity');
  });

  step('timing: validatePlan on a plan with 50 forwardings, 1,000 calls in the page', async () => {
    const r = await page.evaluate(async (example) => {
      const kim = await import('/pkg/web/kim_wasm.js');
      const plan = structuredClone(example);
      const base = plan.forwardings[0];
      plan.forwardings = Array.from({ length: 50 }, (_, i) => ({ ...structuredClone(base), id: `w-${i}`, fte: '0.1' }));
      for (let i = 0; i < 50; i++) kim.validatePlan(plan); // warm-up
      const n = 1000;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) kim.validatePlan(plan);
      const validateMs = (performance.now() - t0) / n;
      const m = 200;
      const t1 = performance.now();
      for (let i = 0; i < m; i++) kim.evaluatePlan(plan);
      const evaluateMs = (performance.now() - t1) / m;
      return { ok: kim.validatePlan(plan).ok, validateMs, evaluateMs };
    }, JSON.parse(await fsp.readFile(EXAMPLE, 'utf8')));
    const note = { forwardings: 50, validate_calls: 1000, validate_mean_ms: +r.validateMs.toFixed(4), evaluate_calls: 200, evaluate_mean_ms: +r.evaluateMs.toFixed(4), chromium: browser.version() };
    await fsp.writeFile(path.join(OUT, 'timing.json'), JSON.stringify(note, null, 2) + '\n');
    console.log(`# timing: validatePlan(50 forwardings) ${note.validate_mean_ms} ms/call, evaluatePlan ${note.evaluate_mean_ms} ms/call (Chromium ${note.chromium})`);
  });

  step('timing: a fresh page instantiates the module and validates the example', async () => {
    // a new document: its own module map, so the module is fetched, compiled and instantiated
    // again (the browser may reuse its compiled-code cache, as it would for a returning user)
    const fresh = await context.newPage();
    fresh.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`); });
    fresh.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await fresh.goto(`${srv.origin}/e2e/blank.html`); // a document of the origin without the app
    const r = await fresh.evaluate(async (example) => {
      // as the app loads it (kim-wasm/README.md, "Loading"): the module's download starts with
      // the glue's, not after it
      const t0 = performance.now();
      const wasm = fetch('/pkg/web/kim_wasm_bg.wasm?fresh');
      const kim = await import('/pkg/web/kim_wasm.js?fresh');
      const t1 = performance.now();
      await kim.default({ module_or_path: wasm });
      const t2 = performance.now();
      const ok = kim.validatePlan(example).ok;
      const t3 = performance.now();
      const second = performance.now();
      kim.validatePlan(example);
      // where the import's time goes: each file's download (request to last byte), from t0
      const files = performance.getEntriesByType('resource')
        .filter((e) => e.startTime >= t0)
        .map((e) => ({ file: e.name.replace(/^.*\//, '').replace(/\?.*$/, ''), start: +(e.startTime - t0).toFixed(1), end: +(e.responseEnd - t0).toFixed(1) }));
      return { ok, ms: t3 - t0, importMs: t1 - t0, initMs: t2 - t1, firstMs: t3 - t2, secondMs: performance.now() - second, files };
    }, JSON.parse(await fsp.readFile(EXAMPLE, 'utf8')));
    await fresh.close();
    assert.equal(r.ok, true);
    const file = path.join(OUT, 'timing.json');
    const note = JSON.parse(await fsp.readFile(file, 'utf8'));
    note.instantiate_and_first_validation_ms = +r.ms.toFixed(1);
    note.instantiate_parts_ms = { import_js: +r.importMs.toFixed(1), fetch_compile_instantiate: +r.initMs.toFixed(1), first_validate: +r.firstMs.toFixed(1), second_validate: +r.secondMs.toFixed(2) };
    note.instantiate_downloads_ms = r.files;
    await fsp.writeFile(file, JSON.stringify(note, null, 2) + '\n');
    console.log(`# timing: import + instantiate + first validatePlan ${note.instantiate_and_first_validation_ms} ms ${JSON.stringify(note.instantiate_parts_ms)} downloads ${JSON.stringify(r.files)}`);
  });

  step('council report: reportHtml of the example as a page — sections, numbers, screenshot, A4 PDF without cut-off tables', async () => {
    const report = await context.newPage();
    report.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`); });
    report.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await report.goto(`${srv.origin}/e2e/blank.html`);
    const cases = JSON.parse(await fsp.readFile(path.join(REPO, 'kim-core', 'data', 'examples', 'cases-heinsberg-2023.json'), 'utf8'));
    const html = await report.evaluate(async ([example, cases]) => {
      const kim = await import('/pkg/web/kim_wasm.js');
      await kim.default();
      return kim.reportHtml(example, { cases, lang: 'de' });
    }, [JSON.parse(await fsp.readFile(EXAMPLE, 'utf8')), cases]);
    await fsp.writeFile(path.join(OUT, 'council-report.html'), html);
    await report.setContent(html); // self-contained: any request it made would show in `requests`
    const r = await report.evaluate(() => ({
      lang: document.documentElement.lang,
      sections: [...document.querySelectorAll('section[id]')].map((s) => s.id),
      tables: document.querySelectorAll('table').length,
      charts: document.querySelectorAll('svg').length,
      text: document.body.innerText,
      external: [...document.querySelectorAll('[src], link[href], script')].length,
    }));
    assert.equal(r.lang, 'de');
    for (const id of ['funding', 'forwardings', 'staffing', 'distribution', 'cases', 'annex']) {
      assert.ok(r.sections.includes(id), `section ${id} in ${r.sections}`);
    }
    // staff and distribution, cases per quarter and per topic
    assert.ok(r.tables >= 8 && r.charts >= 4, `${r.tables} tables, ${r.charts} charts`);
    assert.equal(r.external, 0);
    // the evaluation's figures, as the form and the CLI show them
    for (const amount of Object.values(EXAMPLE_TOTALS)) assert.ok(r.text.includes(amount.replace(' €', '')), amount);
    for (const unit of UNITS) assert.ok(r.text.includes(unit), unit);
    await report.screenshot({ path: path.join(OUT, 'council-report.png'), fullPage: true });
    shots.push('target/e2e/council-report.png');
    // printed: A4 (the PDF of Chromium's print, as --print-to-pdf makes it) …
    const pdf = await report.pdf({ path: path.join(OUT, 'council-report.pdf'), format: 'A4', printBackground: true, preferCSSPageSize: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 3 && pages <= 30, `${pages} A4 pages`);
    // … and no table or chart wider than the printed text width (A4 less the page margins)
    await report.emulateMedia({ media: 'print' });
    await report.setViewportSize({ width: 794, height: 1123 }); // 210 × 297 mm at 96 dpi
    const cut = await report.evaluate(() => {
      const body = document.body.getBoundingClientRect();
      return [...document.querySelectorAll('table, svg')]
        .filter((e) => e.getBoundingClientRect().right > body.right + 1 || e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.closest('section')?.id ?? e.tagName);
    });
    assert.deepEqual(cut, []);
    const note = JSON.parse(await fsp.readFile(path.join(OUT, 'timing.json'), 'utf8'));
    note.council_report_pdf_pages = pages;
    await fsp.writeFile(path.join(OUT, 'timing.json'), JSON.stringify(note, null, 2) + '\n');
    console.log(`# council report: ${r.sections.length} sections, ${r.tables} tables, ${r.charts} charts, ${pages} A4 pages (target/e2e/council-report.pdf)`);
    await report.close();
  });

  step('no console errors, no missing files, no request beyond 127.0.0.1', async () => {
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(srv.missing, []);
    const outside = requests.filter((u) => !(u.startsWith(srv.origin + '/') || u.startsWith('data:') || u.startsWith('blob:' + srv.origin)));
    assert.deepEqual(outside, []);
    assert.ok(srv.served.some((u) => u.endsWith('.wasm')), 'the wasm module came from the test server');
  });
});
