// End-to-end check of sync-log-service's console in Debian's headless Chromium, driven by ConsoleIT.
//
// Opens CONSOLE_URL (the console with #token=...), clicks "Refresh all appointments", follows the run's live progress
// (its server-sent-event stream) until it ends, requires it to be `completed` and listed under recent runs, saves a screenshot to SCREENSHOT and
// prints one JSON line {"runId": ..., "status": ..., ...} as its last output. With ERRORS_URL and ERRORS_RUN_ID it
// also opens that finished run from the recent runs and requires its errors table to show EXPECT_REASON (screenshot
// *-errors.png); with BAD_TOKEN_URL it opens the console with a token the services refuse and requires the
// "sign in again" message. With EXPECT_PATIENTS it checks the Patients section: that many rows, EXPECT_ORG_NAME in the
// heading, EXPECT_PROVIDER and a next appointment in every row, a telehealth link copied to the clipboard, and one
// patient's Refresh followed to "refresh completed" (screenshot *-patients.png). Exit code 0 only on success.
//
//   CONSOLE_URL=http://127.0.0.1:8084/console/#token=... SCREENSHOT=target/console-e2e.png node console-e2e.mjs
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const consoleUrl = process.env.CONSOLE_URL;
const screenshot = process.env.SCREENSHOT || 'console-e2e.png';
const badTokenUrl = process.env.BAD_TOKEN_URL || '';
const errorsUrl = process.env.ERRORS_URL || '';
const errorsRunId = process.env.ERRORS_RUN_ID || '';
const expectReason = process.env.EXPECT_REASON || '';
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const runTimeoutMs = Number(process.env.RUN_TIMEOUT_MS || 120000);
const expectPatients = Number(process.env.EXPECT_PATIENTS || 0);
const expectOrgName = process.env.EXPECT_ORG_NAME || '';
const expectProvider = process.env.EXPECT_PROVIDER || '';

if (!consoleUrl) {
  console.error('CONSOLE_URL is required');
  process.exit(2);
}

// Flags for a machine without outside network: no background fetches, no first-run, no sync, no GPU.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const userDataDir = mkdtempSync(join(tmpdir(), 'console-e2e-'));
let context;
let page;
const pageErrors = [];
try {
  // a persistent context on a new, empty folder is Chromium's --user-data-dir
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 1360, height: 900 },
    timeout: 60000,
  });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => pageErrors.push('page error: ' + e.message));
  // the page follows a run on its server-sent-event stream: record each one it opens
  const progressStreams = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (/^\/api\/sync-logs\/[0-9a-f-]{36}\/progress$/.test(path)) {
      progressStreams.push({ path, status: r.status(), type: r.headers()['content-type'] || '' });
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error') {
      pageErrors.push('console error: ' + m.text());
    }
  });

  await page.goto(consoleUrl, { waitUntil: 'domcontentloaded' });
  await page.getByRole('button', { name: 'Refresh all appointments' }).waitFor({ state: 'visible', timeout: 15000 });
  check(!page.url().includes('token='), 'the token is still in the address bar: ' + page.url().replace(/token=[^&]*/, 'token=…'));
  await page.locator('#queue-counts [data-count="pending"]').waitFor({ timeout: 15000 });

  await page.getByRole('button', { name: 'Refresh all appointments' }).click();
  await page.locator('#run').waitFor({ state: 'visible', timeout: 15000 });
  const runId = (await page.locator('#run-id').textContent()).trim();
  check(/^[0-9a-f-]{36}$/.test(runId), 'no run id shown after the click: ' + runId);
  console.log('started run ' + runId);

  // live progress: poll what the page shows until the run has ended
  const seen = new Set();
  const deadline = Date.now() + runTimeoutMs;
  let status = '';
  for (;;) {
    status = await page.locator('#run-status').getAttribute('data-status');
    const progress = (await page.locator('#run-progress').textContent()).trim();
    if (progress && !seen.has(progress)) {
      seen.add(progress);
      console.log('progress: ' + status + ' · ' + progress.split(' · ')[0]);
    }
    if (status && !['starting', 'running'].includes(status)) {
      break;
    }
    check(Date.now() < deadline, 'the run did not end within ' + runTimeoutMs + ' ms; last status ' + status);
    await page.waitForTimeout(250);
  }
  check(status === 'completed', 'the run ended ' + status + ', not completed: '
      + (await page.locator('#run').innerText()).replace(/\s+/g, ' '));
  const progress = (await page.locator('#run-progress').textContent()).trim();
  const counts = progress.match(/^(\d+) \/ (\d+) patients processed \(100%\)/);
  check(counts && counts[1] === counts[2], 'the progress does not show every patient processed: ' + progress);
  check(await page.locator('#run-no-errors').isVisible(), 'a completed run shows errors');
  const newCount = Number(await page.locator('#run-counts [data-count="new"] dd').textContent());
  const streamed = progressStreams.filter((st) => st.path.includes(runId) && st.status === 200
      && st.type.startsWith('text/event-stream'));
  check(streamed.length > 0, 'the run was not followed on its progress stream: ' + JSON.stringify(progressStreams));

  // the finished run is listed under recent runs with its status
  const row = page.locator(`#recent-runs tr[data-run-id="${runId}"]`);
  await row.waitFor({ timeout: 15000 });
  await row.locator('[data-status="completed"]').waitFor({ timeout: 15000 });

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log('screenshot ' + screenshot);

  let patients = null;
  if (expectPatients) {
    // the list is loaded again when the run ends: wait for every row with its last sync
    await page.waitForFunction((n) => {
      const rows = [...document.querySelectorAll('#patient-list tbody tr')];
      return rows.length === n && rows.every((tr) => tr.querySelector('td.synced').textContent !== '—');
    }, expectPatients, { timeout: 30000 });
    const heading = (await page.locator('#org-name').textContent()).trim();
    check(heading.includes(expectOrgName), 'the Patients heading does not name the organization: ' + heading);
    const rows = page.locator('#patient-list tbody tr');
    const table = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
    for (const cells of table) {
      check(cells[0] && !/^[0-9a-f-]{36}$/.test(cells[0]), 'a patient is shown without a name: ' + JSON.stringify(cells));
      check(cells[1] !== 'none scheduled' && cells[1] !== '—', 'no next appointment: ' + JSON.stringify(cells));
      check(cells[2] === expectProvider, 'provider is not ' + expectProvider + ': ' + JSON.stringify(cells));
      check(cells[4].includes('Join') && cells[4].includes('Copy link'), 'no telehealth link: ' + JSON.stringify(cells));
      check(cells[6].startsWith('succeeded'), 'the last sync is not shown as succeeded: ' + JSON.stringify(cells));
    }
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(consoleUrl).origin });
    const first = rows.first();
    await first.locator('button.copy').click();
    await first.locator('button.copy', { hasText: 'Copied' }).waitFor({ timeout: 5000 });
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    const patientId = await first.getAttribute('data-patient-id');
    await first.locator('button.refresh').click();
    const result = page.locator(`#patient-list tr[data-patient-id="${patientId}"] .refresh-result`);
    await page.waitForFunction((id) => {
      const span = document.querySelector(`#patient-list tr[data-patient-id="${id}"] .refresh-result`);
      return span && span.dataset.result !== 'running';
    }, patientId, { timeout: runTimeoutMs });
    const refresh = (await result.textContent()).trim();
    check((await result.getAttribute('data-result')) === 'completed', 'the patient refresh did not complete: ' + refresh);
    await page.locator('#patients').screenshot({ path: screenshot.replace(/\.png$/, '') + '-patients.png' });
    patients = { rows: table.length, heading, clipboard, refresh, first: table[0] };
    console.log('patients: ' + JSON.stringify({ rows: table.length, heading, refresh }));
  }

  let errorRows = null;
  if (errorsUrl && errorsRunId) {
    const other = await context.newPage();
    await other.goto(errorsUrl, { waitUntil: 'domcontentloaded' });
    const listed = other.locator(`#recent-runs tr[data-run-id="${errorsRunId}"]`);
    await listed.waitFor({ timeout: 15000 });
    await listed.click();
    const rows = other.locator('#run-errors tbody tr');
    await rows.first().waitFor({ timeout: 15000 });
    errorRows = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    check(errorRows.some((cells) => cells[1] === expectReason),
        'the errors table does not show ' + expectReason + ': ' + JSON.stringify(errorRows));
    await other.screenshot({ path: screenshot.replace(/\.png$/, '') + '-errors.png', fullPage: true });
    await other.close();
  }

  let signInAgain = null;
  if (badTokenUrl) {
    const other = await context.newPage();
    await other.goto(badTokenUrl, { waitUntil: 'domcontentloaded' });
    const notice = other.locator('#notice');
    await notice.waitFor({ state: 'visible', timeout: 15000 });
    signInAgain = (await notice.textContent()).trim();
    check(/sign in again/i.test(signInAgain), 'a refused token does not ask to sign in again: ' + signInAgain);
    check(await other.locator('#sign-in').isVisible(), 'a refused token does not show the sign-in form');
    await other.close();
  }

  // a 404 while the new run is not yet in the log, and the refused token's 401, are expected answers
  const unexpected = pageErrors.filter((e) => !/Failed to load resource: .*status of (401|404)/.test(e));
  check(unexpected.length === 0, 'the page logged errors:\n' + unexpected.join('\n'));
  console.log(JSON.stringify({ runId, status, processed: Number(counts[1]), expected: Number(counts[2]),
    appointmentsNew: newCount, progressStreams: streamed.length, errorRows, signInAgain, patients }));
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(0);
} catch (e) {
  console.error('console e2e failed: ' + (e && e.stack ? e.stack : e));
  if (pageErrors.length) {
    console.error(pageErrors.join('\n'));
  }
  if (page) {
    try {
      await page.screenshot({ path: screenshot.replace(/\.png$/, '') + '-failure.png', fullPage: true });
    } catch (ignored) {
      // the browser may be gone
    }
  }
  if (context) {
    await context.close().catch(() => {});
  }
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(1);
}
