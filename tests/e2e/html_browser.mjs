// Drives headless Chromium over the HTML report (see html_browser.sh).
// Usage:
//   node html_browser.mjs [--scale MAX_MS] [--evidence] REPORT.html REPORT.json PROFILE_DIR
//                         [SEARCH_TERM [SHOWN_AS_TEXT...]]
// REPORT.json is the same run's --format json, the independent source of the expected rows.
// Checks, for every report:
//   - the page loads with no console error (CSP violations are console errors), no page error,
//     and no request but the file itself;
//   - no injected payload runs: window.__pwned stays unset and no dialog (alert) opens.
// Default (small, hostile reports): the list holds one row per finding; unchecking severities,
// choosing a rule id and typing a search term list exactly the expected rows; Reset lists all
// again; each row opens its detail; every hostile string is rendered as text; a principal's
// page lists its findings.
// --evidence (audit reports): the header says when the snapshot was taken; a policy finding
// shows its document with the offending statement marked and who holds it; an escalation
// finding shows its path as a picture, on the finding and on the principal's page; a failed
// compliance requirement lists its findings, and requirements without a check are MANUAL.
// --scale (a large account): the page is interactive within MAX_MS, only the rows in view are
// in the DOM, filters and search give the expected counts, the list scrolls to its last row, a
// finding opens with its document, and a principal's page opens.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name, withValue) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  return withValue ? args.splice(at, 2)[1] : args.splice(at, 1)[0];
};
const maxMs = Number(option('--scale', true) ?? 0);
const scale = maxMs > 0;
const evidence = option('--evidence', false) !== undefined;
const [htmlPath, jsonPath, profileDir, searchTerm = 'services.json', ...mustShow] = args;
const shownAsText = mustShow.length > 0 ? mustShow
  : ['<img src=x onerror=window.__pwned=1>', '</script><script>window.__pwned=2</script>'];
const require = createRequire(path.join(process.env.IW_NPM_DIR, 'node_modules', 'noop.js'));
const { chromium } = require('playwright-core');

const expected = JSON.parse(readFileSync(jsonPath, 'utf8')).findings;
const url = pathToFileURL(path.resolve(htmlPath)).href;
const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};
const SEVS = ['critical', 'high', 'medium', 'low', 'info'];

// The report's search matches these fields of a finding, lower-cased.
const haystack = (f) => [f.id, f.title, f.message, f.resource, f.location?.file ?? '', f.location?.sid ?? '',
  f.remediation, f.account, f.compliance.join(' ')].join('\n').toLowerCase();
const matching = (term) => expected.filter((f) => haystack(f).includes(term.toLowerCase()));

const countShown = async (page) => Number((await page.textContent('#f-count')).match(/Showing (\d+)/)[1]);
// Every row of the virtual list, by scrolling it from top to bottom (small lists only).
const allRows = (page) => page.evaluate(async () => {
  const box = document.getElementById('findings-list');
  const seen = new Map();
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  for (let top = 0; ; top += Math.max(box.clientHeight - 40, 40)) {
    box.scrollTop = top;
    await frame(); await frame();
    for (const r of box.querySelectorAll('.vrow')) {
      seen.set(r.dataset.index, { index: Number(r.dataset.index), sev: r.dataset.severity, id: r.dataset.id });
    }
    if (top + box.clientHeight >= box.scrollHeight) break;
  }
  box.scrollTop = 0;
  return [...seen.values()].sort((a, b) => a.index - b.index);
});
const setSeverities = async (page, keep) => {
  for (const s of SEVS) await page.setChecked(`#f-sev-${s}`, keep.includes(s));
};
const search = async (page, term) => {
  await page.fill('#f-search', term);
  await page.waitForFunction((t) => document.getElementById('f-search').value === t, term);
  await page.waitForTimeout(200);  // the search waits for typing to pause on large reports
};

async function checkFilters(page) {
  const all = await allRows(page);
  check(expected.length > 3, `the analysis found several findings (${expected.length})`);
  check(all.length === expected.length, `one row per finding (${all.length} of ${expected.length})`);
  check(await page.isVisible('#filters'), 'the filter bar is shown');
  const sevs = [...new Set(expected.map((f) => f.severity))];
  check(sevs.length >= 2, `findings of several severities (${sevs.join(', ')})`);
  for (const keep of sevs) {
    await setSeverities(page, [keep]);
    const rows = await allRows(page);
    const want = expected.filter((f) => f.severity === keep).length;
    check(rows.length === want && rows.every((r) => r.sev === keep), `severity filter ${keep}: ${rows.length} rows, expected ${want}`);
  }
  await page.click('#f-reset');
  check((await allRows(page)).length === expected.length, 'Reset lists every row again');
  check((await page.textContent('#f-count')).includes(`of ${expected.length}`), 'the count line says how many');
  const ids = [...new Set(expected.map((f) => f.id))].sort();
  const options = await page.$$eval('#f-id option', (os) => os.map((o) => o.value).filter(Boolean));
  check(JSON.stringify(options) === JSON.stringify(ids), `the id dropdown lists each id once (${options.join(', ')})`);
  await page.selectOption('#f-id', ids[0]);
  const byId = await allRows(page);
  check(byId.length === expected.filter((f) => f.id === ids[0]).length && byId.every((r) => r.id === ids[0]),
        `id filter ${ids[0]}: ${byId.length} rows`);
  await page.selectOption('#f-id', '');
  await search(page, searchTerm);
  const want = matching(searchTerm).length;
  check(want > 0 && (await allRows(page)).length === want, `search "${searchTerm}": expected ${want} rows`);
  await search(page, 'no-such-text-anywhere');
  check(await countShown(page) === 0 && await page.isVisible('#f-empty'), 'a search without match shows the empty note');
  await search(page, '');
  check((await allRows(page)).length === expected.length, 'clearing the search lists every row');
}

async function checkDetails(page) {
  const rows = await allRows(page);
  let opened = 0;
  for (const r of rows) {
    await page.evaluate((i) => {
      const box = document.getElementById('findings-list');
      box.scrollTop = Math.max(0, i * 40 - 40);
    }, rows.indexOf(r));
    await page.waitForSelector(`#findings-list .vrow[data-index="${r.index}"]`);
    await page.click(`#findings-list .vrow[data-index="${r.index}"]`);
    const head = await page.textContent('#finding-detail h3');
    if (await page.isVisible('#finding-detail') && head.includes(r.id)) opened++;
  }
  check(opened === rows.length, `every row opens its detail (${opened} of ${rows.length})`);
}

async function checkShownAsText(page) {
  for (const text of shownAsText) {
    await search(page, text);
    const first = await page.$('#findings-list .vrow');
    if (first) await first.click();
    const body = await page.evaluate(() => document.body.textContent);
    check(first !== null && body.includes(text), `shown as text: ${text}`);
  }
  await search(page, '');
  const injected = await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, svg [onload], [onerror], [onload]').length);
  check(injected === 0, `no injected element (${injected})`);
  check(await page.evaluate(() => document.querySelectorAll('script').length) === 2, 'only the page\'s two script elements');
}

async function checkPrincipalPage(page) {
  await page.click('nav.tabs a[href="#principals"]');
  const link = page.locator('#subjects-list a.subject-link').first();
  const name = await link.textContent();
  await link.click();
  await page.waitForSelector('#subject-view:not([hidden])');
  check(page.url().startsWith(url), 'section links stay within the page');
  const want = expected.filter((f) => f.resource === name).length;
  const listed = await page.$$eval('#subject-view ul.findings li', (lis) => lis.length);
  check(listed === want && await page.isVisible('#subject-view'), `the page of ${name} lists its ${want} findings (${listed})`);
}

// Shows the finding of rule `id` on `resource` in the detail pane.
async function openFinding(page, id, resource) {
  await page.click('#f-reset');
  await page.selectOption('#f-id', id);
  await search(page, resource);
  await page.click('#findings-list .vrow >> nth=0');
  await page.waitForSelector('#finding-detail:not([hidden])');
}

async function checkEvidence(page) {
  const taken = await page.textContent('#snapshot-taken dd').catch(() => '');
  check(/^\d{4}-\d\d-\d\dT/.test(taken), `the header says when the snapshot was taken (${taken})`);
  const policy = expected.find((f) => f.location?.statement >= 0 && f.location?.sid && f.resource.includes(':policy/'));
  check(policy !== undefined, 'the audit has a finding on a statement of a managed policy');
  if (policy) {
    await openFinding(page, policy.id, policy.resource);
    const hit = await page.textContent('#finding-detail pre.doc .hit').catch(() => '');
    check(hit.includes(`"${policy.location.sid}"`), `${policy.id}: its document marks statement ${policy.location.sid}`);
    const holders = await page.$$eval('#finding-detail ul.holders li', (lis) => lis.length);
    check(holders > 0, `${policy.id}: the principals that hold ${policy.resource} are listed (${holders})`);
  }
  const escalation = expected.find((f) => f.id === 'privilege-escalation-principal');
  check(escalation !== undefined, 'the audit has an escalation path');
  if (escalation) {
    await openFinding(page, escalation.id, escalation.resource);
    const nodes = await page.$$eval('#finding-detail svg.chain g.node', (gs) => gs.length);
    const label = await page.getAttribute('#finding-detail svg.chain', 'aria-label').catch(() => '');
    check(nodes >= 2 && label.startsWith(`Escalation path: ${escalation.resource}`),
          `the escalation path of ${escalation.resource} is a picture of ${nodes} nodes`);
    await page.click('#finding-detail a[href^="#s-"]');
    await page.waitForSelector('#subject-view:not([hidden])');
    check(await page.$$eval('#subject-view svg.chain', (s) => s.length) === 1, 'and it is on the principal\'s page');
  }
  // Compliance: a failed requirement's button lists exactly the findings that name it.
  const req = await page.getAttribute('#compliance button[data-req]', 'data-req').catch(() => null);
  check(req !== null, 'the compliance section lists a failed requirement');
  if (req) {
    await page.click(`#compliance button[data-req="${req}"]`);
    const want = expected.filter((f) => f.compliance.includes(req)).length;
    check(want > 0 && await countShown(page) === want, `the evidence of ${req}: ${want} findings`);
    const manual = await page.$$eval('#compliance tr[data-status="MANUAL"]', (rs) => rs.length);
    check(manual > 0, `requirements no check decides are MANUAL (${manual})`);
  }
  await page.click('#f-reset');
}

async function checkScale(page, readyMs) {
  check(readyMs <= maxMs, `interactive in ${readyMs} ms (limit ${maxMs} ms) for ${expected.length} findings`);
  check(expected.length >= 1000, `a large report (${expected.length} findings)`);
  const inDom = await page.$$eval('.vrow', (rs) => rs.length);
  check(inDom > 0 && inDom < 150, `only the rows in view are in the DOM (${inDom})`);
  check(await countShown(page) === expected.length, 'the count line lists every finding');
  await setSeverities(page, ['critical']);
  const critical = expected.filter((f) => f.severity === 'critical').length;
  check(await countShown(page) === critical, `severity filter critical: ${critical}`);
  await page.click('#f-reset');
  const term = expected[Math.floor(expected.length / 2)].resource.split('/').pop();
  const t0 = Date.now();
  await search(page, term);
  check(await countShown(page) === matching(term).length, `search "${term}": ${matching(term).length} findings (${Date.now() - t0} ms)`);
  await search(page, '');
  const last = await page.evaluate(async () => {
    const box = document.getElementById('findings-list');
    box.scrollTop = box.scrollHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const rows = [...box.querySelectorAll('.vrow')].map((r) => Number(r.dataset.index));
    return Math.max(...rows);
  });
  check(last === expected.length - 1, `the list scrolls to its last row (${last})`);
  const t1 = Date.now();
  await page.evaluate(() => { document.getElementById('findings-list').scrollTop = 0; });
  await page.click('#findings-list .vrow >> nth=0');
  await page.waitForSelector('#finding-detail:not([hidden])');
  const hasDoc = (await page.$$('#finding-detail pre.doc .hit')).length === 1;
  check(hasDoc, `the first finding opens with its document marked (${Date.now() - t1} ms)`);
  await checkPrincipalPage(page);
}

const context = await chromium.launchPersistentContext(profileDir, {
  executablePath: process.env.IW_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1360, height: 900 },
});
let exitCode = 0;
try {
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [], pageErrors = [], requests = [], dialogs = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  context.on('request', (r) => requests.push(r.url()));

  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load', timeout: 120000 });
  await page.waitForSelector('html[data-ready="true"]', { timeout: 120000 });
  const readyMs = Date.now() - t0;
  if (scale) {
    await checkScale(page, readyMs);
  } else {
    await checkFilters(page);
    await checkDetails(page);
    await checkShownAsText(page);
    await checkPrincipalPage(page);
  }
  if (evidence) await checkEvidence(page);
  await page.waitForTimeout(200);
  check(await page.evaluate(() => window.__pwned === undefined), 'the injected canary never ran');
  check(dialogs.length === 0, `no dialog opened (${dialogs.join(' | ')})`);
  check(consoleErrors.length === 0, `no console error (${consoleErrors.join(' | ')})`);
  check(pageErrors.length === 0, `no page error (${pageErrors.join(' | ')})`);
  check(requests.some((r) => r.split('#')[0] === url), 'the request log saw the file itself');
  const foreign = requests.filter((r) => r.split('#')[0] !== url);
  check(foreign.length === 0, `no request but the file itself (${foreign.join(' ')})`);
  if (process.env.IW_HTML_SCREENSHOT) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: process.env.IW_HTML_SCREENSHOT, fullPage: true });
  }
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await context.close();
}
if (failures.length > 0) {
  console.error(`html_browser: ${failures.length} check(s) failed`);
  exitCode = 1;
} else if (exitCode === 0) {
  console.log('html_browser: ok');
}
process.exit(exitCode);
