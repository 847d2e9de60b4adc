// Drives headless Chromium over the HTML report (see html_browser.sh).
// Usage: node html_browser.mjs REPORT.html REPORT.json PROFILE_DIR
//   REPORT.json is the same run's --format json, the independent source of the expected rows.
// Checks:
//   - the page loads with no console error (CSP violations are console errors), no page error;
//   - the only request is the file itself: nothing from the network;
//   - the table has one row per finding; unchecking severities, choosing a rule id and typing a
//     search term show exactly the expected rows; Reset shows all again; rows expand to details;
//   - no injected payload runs: window.__pwned stays unset and no dialog (alert) opens;
//   - every hostile string is rendered as text (found in the DOM's textContent).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Optional: a search term that matches some rows' resource, and the hostile strings that must
// show as text (defaults: those of the lint report html_browser.sh makes).
const [htmlPath, jsonPath, profileDir, searchTerm = 'services.json', ...mustShow] = process.argv.slice(2);
const shownAsText = mustShow.length > 0 ? mustShow
  : ['<img src=x onerror=window.__pwned=1>', '</script><script>window.__pwned=2</script>'];
const npmDir = process.env.IW_NPM_DIR;
const require = createRequire(path.join(npmDir, 'node_modules', 'noop.js'));
const { chromium } = require('playwright-core');

const expected = JSON.parse(readFileSync(jsonPath, 'utf8')).findings;
const url = pathToFileURL(path.resolve(htmlPath)).href;
const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

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

  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(300);

  const visible = () => page.$$eval('#findings-body tr.finding-row',
    (rows) => rows.filter((r) => !r.hidden).map((r) => ({ sev: r.dataset.severity, id: r.dataset.id })));
  const countText = () => page.textContent('#f-count');

  const all = await visible();
  check(expected.length > 3, `lint found several findings (${expected.length})`);
  check(all.length === expected.length, `one row per finding (${all.length} of ${expected.length})`);
  check(await page.isVisible('#filters'), 'the filter bar is shown');

  // Severity: uncheck every severity but one, for each severity present.
  const sevs = [...new Set(expected.map((f) => f.severity))];
  check(sevs.length >= 2, `findings of several severities (${sevs.join(', ')})`);
  for (const keep of sevs) {
    for (const s of ['critical', 'high', 'medium', 'low', 'info']) {
      await page.setChecked(`#f-sev-${s}`, s === keep);
    }
    const rows = await visible();
    const want = expected.filter((f) => f.severity === keep).length;
    check(rows.length === want && rows.every((r) => r.sev === keep),
          `severity filter ${keep}: ${rows.length} rows, expected ${want}`);
  }
  await page.click('#f-reset');
  check((await visible()).length === expected.length, 'Reset shows every row again');
  check((await countText()).includes(`of ${expected.length}`), 'the count line says how many');

  // Rule id dropdown.
  const ids = [...new Set(expected.map((f) => f.id))].sort();
  const options = await page.$$eval('#f-id option', (os) => os.map((o) => o.value).filter(Boolean));
  check(JSON.stringify(options) === JSON.stringify(ids), `the id dropdown lists each id once (${options.join(', ')})`);
  const pick = ids[0];
  await page.selectOption('#f-id', pick);
  const byId = await visible();
  check(byId.length === expected.filter((f) => f.id === pick).length && byId.every((r) => r.id === pick),
        `id filter ${pick}: ${byId.length} rows`);
  await page.selectOption('#f-id', '');

  // Free-text search: a term in one file's name, then one that matches nothing.
  await page.fill('#f-search', searchTerm);
  const bySearch = await visible();
  const wantSearch = expected.filter((f) => f.resource.includes(searchTerm)).length;
  check(wantSearch > 0 && bySearch.length === wantSearch, `search "${searchTerm}": ${bySearch.length} rows, expected ${wantSearch}`);
  await page.fill('#f-search', 'no-such-text-anywhere');
  check((await visible()).length === 0 && await page.isVisible('td.empty'), 'a search without match shows the empty note');
  await page.fill('#f-search', '');
  check((await visible()).length === expected.length, 'clearing the search shows every row');

  // Expand every row (details render messages, Sids and remediation).
  const rowCount = await page.locator('#findings-body tr.finding-row').count();
  for (let i = 0; i < rowCount; i++) await page.locator('#findings-body tr.finding-row').nth(i).click();
  const openDetails = await page.$$eval('#findings-body tr.detail-row', (rs) => rs.filter((r) => !r.hidden).length);
  check(openDetails === rowCount, `every row expands to its details (${openDetails})`);

  // Hostile strings are text, not markup.
  const bodyText = await page.evaluate(() => document.body.textContent);
  for (const text of shownAsText) check(bodyText.includes(text), `shown as text: ${text}`);
  const injected = await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, svg [onload], [onerror], [onload]').length);
  check(injected === 0, `no injected element (${injected})`);
  check(await page.evaluate(() => document.querySelectorAll('script').length) === 2, 'only the page\'s two script elements');

  // Navigation to a principal / resource section stays within the file.
  await page.click('nav.tabs a[href="#principals"]');
  await page.click('table.index a >> nth=0');
  check(page.url().startsWith(url), 'section links stay within the page');

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
