// End-to-end check of the dashboard in Debian's headless Chromium, driven by DashboardIT.
//
// Signs in through Keycloak's own login form as a case manager of one organization (USER_A) and checks the day
// view: the security headers, that organization's patients and none of the other's, a reschedule made in the
// IntakeQ simulator (SIM_URL, APPOINTMENT_ID) marked as changed on the open page without a reload (and how long that
// took), Copy link, screenshots at 1400 and 390 px wide, an accessibility scan (axe-core: no serious or critical
// findings), then a case manager of the other organization (USER_B) in a second browser, and sign-out (ended at
// Keycloak too: the next visit asks for the password again). Prints one JSON line as its last output; exit 0 only
// on success.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const env = process.env;
const base = env.DASHBOARD_URL;
const executablePath = env.CHROMIUM_PATH || '/usr/bin/chromium';
const shots = env.SCREENSHOT_PREFIX || 'dashboard-e2e';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function browser(width) {
  // bypassCSP only lets the test inject axe-core; the headers themselves are checked on the real answers
  return chromium.launch({ executablePath, headless: true, args: ARGS, timeout: 60000 })
    .then((b) => b.newContext({ viewport: { width, height: 900 }, bypassCSP: true,
      permissions: ['clipboard-read', 'clipboard-write'] }).then((c) => ({ b, c })));
}

async function signIn(page, user) {
  await page.goto(base + '/today', { waitUntil: 'domcontentloaded' });
  // Keycloak's own login form
  await page.locator('#username').waitFor({ timeout: 30000 });
  check(new URL(page.url()).pathname.includes('/realms/'), 'not on Keycloak: ' + page.url());
  await page.fill('#username', user);
  await page.fill('#password', env.PASSWORD);
  const [answer] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/today' && r.request().method() === 'GET'
      && r.status() === 200, { timeout: 30000 }),
    page.click('#kc-login'),
  ]);
  await page.locator('h1').waitFor();
  return answer;
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ': ' + v.help);
}

const result = {};
const a = await browser(1400);
try {
  const page = await a.c.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const answer = await signIn(page, env.USER_A);
  const headers = answer.headers();
  result.headers = {
    csp: headers['content-security-policy'] || '',
    nosniff: headers['x-content-type-options'] || '',
    referrer: headers['referrer-policy'] || '',
    hsts: headers['strict-transport-security'] || '',
  };
  const cookies = await a.c.cookies();
  result.sessionCookies = cookies.filter((c) => c.name.startsWith('q_session'))
    .map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }));
  result.urls = [page.url()];
  const text = await page.locator('main').innerText();
  result.seesOwn = env.OWN_PATIENTS.split(',').every((name) => text.includes(name));
  result.seesOther = env.OTHER_PATIENTS.split(',').some((name) => text.includes(name));
  result.heading = await page.locator('h1').innerText();

  // live: the page's event stream is open before the change
  await page.locator('#live[data-state="open"]').waitFor({ timeout: 15000 });
  await page.evaluate(() => { window.__notReloaded = true; });
  const row = page.locator(`tr[data-appointment="${env.APPOINTMENT_ID}"]`);
  await row.waitFor();
  check(!(await row.getAttribute('class')).includes('changed'), 'the row is marked changed before the change');
  const started = Date.now();
  const moved = await fetch(`${env.SIM_URL}/_sim/appointments/${env.APPOINTMENT_ID}/reschedule?minutes=30`, { method: 'POST' });
  check(moved.ok, 'the simulator refused the reschedule: ' + moved.status);
  await page.locator(`tr[data-appointment="${env.APPOINTMENT_ID}"].changed`).waitFor({ timeout: 10000 });
  result.changeToScreenMs = Date.now() - started;
  result.notReloaded = await page.evaluate(() => window.__notReloaded === true);
  result.changeText = await page.locator(`tr[data-appointment="${env.APPOINTMENT_ID}"] .change`).first().innerText();

  // Copy link
  const copy = page.locator('button.copy').first();
  const expected = await copy.getAttribute('data-copy');
  await copy.click();
  result.clipboard = await page.evaluate(() => navigator.clipboard.readText());
  result.copiedExpected = result.clipboard === expected;

  await page.screenshot({ path: shots + '-1400.png', fullPage: true });
  result.axe1400 = await axe(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shots + '-390.png', fullPage: true });
  result.axe390 = await axe(page);

  // a POST without the form's CSRF token (or with another) is refused; the page's own form works
  result.postWithoutToken = await page.evaluate(async () => (await fetch('/refresh-all', { method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' })).status);
  result.postWithWrongToken = await page.evaluate(async () => (await fetch('/refresh-all', { method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'csrf_token=' + 'a'.repeat(64),
    redirect: 'manual' })).status);
  await page.setViewportSize({ width: 1400, height: 900 });
  // Refresh all in its dialog, followed to the summary without leaving the page; then the run's own page
  await page.getByRole('button', { name: 'Refresh all appointments' }).click();
  const dialog = page.locator('#refresh-dialog[open]');
  await dialog.locator('.status[data-running="false"]').waitFor({ timeout: 90000 });
  result.runUrl = await dialog.locator('a.refresh-page').getAttribute('href');
  result.runHeadline = await dialog.locator('.headline').innerText();
  result.runNote = (await dialog.locator('[data-note]').count()) > 0 ? await dialog.locator('[data-note]').innerText() : '';
  result.stayedOnToday = new URL(page.url()).pathname === '/today';
  await page.screenshot({ path: shots + '-refresh.png', fullPage: true });
  result.axeRun = await axe(page);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.goto(base + result.runUrl, { waitUntil: 'domcontentloaded' });
  result.runPageHeadline = await page.locator('.headline').innerText();
  await page.goto(base + '/today', { waitUntil: 'domcontentloaded' });

  // Refresh all pressed twice at once (two tabs): one run, the second joins its progress instead of an error
  result.joined = await page.evaluate(async () => {
    const token = document.querySelector('input[name="csrf_token"]').value;
    const press = () => fetch('/refresh-all', { method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'csrf_token=' + token })
      .then(async (r) => ({ status: r.status, path: new URL(r.url).pathname, text: await r.text() }));
    const [one, two] = await Promise.all([press(), press()]);
    return { statuses: [one.status, two.status], paths: [one.path, two.path],
      joinedNotes: [one, two].filter((r) => r.text.includes('already running')).length };
  });

  // Sync history: the nightly run and the refreshes, each linking to its page
  await page.goto(base + '/history', { waitUntil: 'domcontentloaded' });
  result.historyRows = await page.locator('tr[data-run]').count();
  result.historyText = await page.locator('main').innerText();
  result.historyLinksRun = await page.locator(`tr[data-run] a[href="${result.runUrl}"]`).count();
  result.axeHistory = await axe(page);

  // Calendar: make a feed (its address shown once, with Copy), the address serves iCalendar; revoke it: 404
  await page.goto(base + '/calendar', { waitUntil: 'domcontentloaded' });
  await page.fill('#label', 'Front desk');
  await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === '/calendar'
    && r.request().method() === 'POST'), page.getByRole('button', { name: 'Make a calendar feed' }).click()]);
  await page.locator('input.feed-url').waitFor({ timeout: 10000 });
  const feedUrl = await page.locator('input.feed-url').inputValue();
  const feed = await fetch(feedUrl);
  result.feed = { status: feed.status, type: feed.headers.get('content-type') || '', body: await feed.text(),
    rows: await page.locator('tr[data-feed]').count() };
  await page.locator('section.new-feed button.copy').click();
  result.feed.copied = (await page.evaluate(() => navigator.clipboard.readText())) === feedUrl;
  result.axeCalendar = await axe(page);
  await page.screenshot({ path: shots + '-calendar.png', fullPage: true });
  await Promise.all([page.waitForURL((u) => u.pathname === '/calendar', { timeout: 10000 }),
    page.getByRole('button', { name: 'Revoke Front desk' }).click()]);
  await page.locator('tr[data-feed]').first().waitFor();
  result.feed.afterRevoke = await page.locator('tr[data-feed]').first().innerText();
  result.feed.addressShownAgain = (await page.locator('input.feed-url').count()) > 0;
  result.feed.revokedStatus = (await fetch(feedUrl)).status;

  // Patients: the list, a search by name that puts no name in the address, the CSV export, a patient's history
  await page.goto(base + '/patients', { waitUntil: 'domcontentloaded' });
  result.patientRows = await page.locator('tr[data-patient]').count();
  await page.fill('#q', env.SEARCH);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('h1').waitFor();
  result.searchRows = await page.locator('tr[data-patient]').count();
  result.urls.push(page.url());
  result.csv = await page.evaluate(async () => (await fetch('/patients/export.csv')).text());
  await page.screenshot({ path: shots + '-patients.png', fullPage: true });
  result.axePatients = await axe(page);
  await page.goto(base + '/patients', { waitUntil: 'domcontentloaded' });
  await page.locator(`tr[data-patient] a`, { hasText: env.MOVED_PATIENT }).click();
  await page.locator('ul.history').first().waitFor({ timeout: 10000 }).catch(async (e) => {
    await page.screenshot({ path: shots + '-failed.png', fullPage: true });
    throw new Error('no change history on ' + page.url() + ': ' + (await page.locator('main').innerText()) + '\n' + e);
  });
  result.urls.push(page.url());
  result.history = await page.locator('ul.history').first().innerText();
  result.axePatient = await axe(page);

  // the other organization's case manager, in a browser of their own
  const b = await browser(1400);
  try {
    const other = await b.c.newPage();
    await signIn(other, env.USER_B);
    const otherText = await other.locator('main').innerText();
    result.otherSeesOwn = env.OTHER_PATIENTS.split(',').every((name) => otherText.includes(name));
    result.otherSeesFirst = env.OWN_PATIENTS.split(',').some((name) => otherText.includes(name));
    // the fragment the live view reads is scoped the same way
    const fragment = await other.evaluate(async () => (await fetch('/today/days')).text());
    result.otherFragmentLeaks = env.OWN_PATIENTS.split(',').some((name) => fragment.includes(name));
    // editing the address to the first organization's patient: not found
    const foreign = await other.goto(base + env.MOVED_PATIENT_PATH, { waitUntil: 'domcontentloaded' });
    result.otherPatientStatus = foreign.status();
    const otherCsv = await other.evaluate(async () => (await fetch('/patients/export.csv')).text());
    result.otherCsvLeaks = env.OWN_PATIENTS.split(',').some((name) => otherCsv.includes(name.split(' ')[1]));
  } finally {
    await b.b.close();
  }

  // the roster is the organization admin's: a case manager is refused
  result.partnerRosterStatus = await page.evaluate(async () => (await fetch('/roster')).status);
  const d = await browser(1400);
  try {
    const admin = await d.c.newPage();
    admin.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(admin, env.USER_ADMIN);
    await admin.goto(base + '/roster', { waitUntil: 'domcontentloaded' });
    const roster = { rows: await admin.locator('tr[data-roster-patient]').count() };
    const openForms = () => admin.locator('details.roster-forms').evaluate((e) => { e.open = true; });
    const submit = async (button, path) => {
      await Promise.all([admin.waitForResponse((r) => new URL(r.url()).pathname === path
        && r.request().method() === 'POST'), admin.getByRole('button', { name: button, exact: true }).click()]);
      await admin.locator('h1').waitFor();
    };
    const problems = async () => admin.locator('.problems li').allInnerTexts();
    const outcome = async () => ((await admin.locator('.outcome').count()) ? admin.locator('.outcome').innerText() : '');
    // a patient with a wrong email: refused, every field kept; then corrected and added
    await openForms();
    await admin.fill('#firstName', 'Rosa');
    await admin.fill('#lastName', 'Newcomer');
    await admin.fill('#email', 'rosa.newcomer@');
    await admin.locator('#email').evaluate((e) => { e.type = 'text'; }); // past the browser's own check: the server's
    await submit('Add patient', '/roster/add');
    roster.badAdd = await problems();
    roster.keptLastName = await admin.locator('#lastName').inputValue();
    await admin.fill('#email', 'rosa.newcomer@example.org');
    await submit('Add patient', '/roster/add');
    roster.added = await outcome();
    // a CSV with two bad lines: nothing imported, both named with their line; then a good one
    await openForms();
    await admin.setInputFiles('#file', { name: 'roster.csv', mimeType: 'text/csv',
      buffer: Buffer.from('firstName,lastName,email\nIvy,Importer,ivy.importer@example.org\nBad,,bad@example.org\nNo,Mail,not-mail\n') });
    await submit('Import', '/roster/import');
    roster.importProblems = await problems();
    await openForms();
    await admin.setInputFiles('#file', { name: 'roster.csv', mimeType: 'text/csv',
      buffer: Buffer.from('firstName,lastName,email\nIvy,Importer,ivy.importer@example.org\n') });
    await submit('Import', '/roster/import');
    roster.imported = await outcome();
    roster.rowsAfterImport = await admin.locator('tr[data-roster-patient]').count();
    // edit: a new last name
    await Promise.all([admin.waitForURL((u) => u.pathname.startsWith('/roster/')),
      admin.getByRole('link', { name: 'Edit Ivy Importer' }).click()]);
    await admin.fill('#lastName', 'Imported');
    const editPath = new URL(admin.url()).pathname;
    await submit('Save', editPath);
    roster.saved = await outcome();
    roster.editedShown = (await admin.locator('main').innerText()).includes('Ivy Imported');
    // discharge
    await admin.goto(base + '/roster', { waitUntil: 'domcontentloaded' });
    const rosaRow = admin.locator('tr[data-roster-patient]', { hasText: 'Rosa Newcomer' });
    const rosaPath = '/roster/' + (await rosaRow.getAttribute('data-roster-patient')) + '/discharge';
    await Promise.all([admin.waitForResponse((r) => new URL(r.url()).pathname === rosaPath),
      admin.getByRole('button', { name: 'Discharge Rosa Newcomer' }).click()]);
    await admin.locator('h1').waitFor();
    roster.discharged = await outcome();
    roster.activeAfterDischarge = await admin.locator('tr[data-roster-patient]').count();
    await admin.screenshot({ path: shots + '-roster.png', fullPage: true });
    roster.axe = await axe(admin);
    result.roster = roster;
  } finally {
    await d.b.close();
  }

  // operations: the ops role's page (a case manager is refused)
  result.partnerOpsStatus = await page.evaluate(async () => (await fetch('/ops')).status);
  const o = await browser(1400);
  try {
    const op = await o.c.newPage();
    op.on('pageerror', (e) => pageErrors.push(e.message));
    await op.goto(base + '/', { waitUntil: 'domcontentloaded' });
    await op.locator('#username').waitFor({ timeout: 30000 });
    await op.fill('#username', env.USER_OPS);
    await op.fill('#password', env.PASSWORD);
    await Promise.all([op.waitForURL((u) => u.pathname === '/ops', { timeout: 30000 }), op.click('#kc-login')]);
    await op.locator('h1').waitFor();
    const ops = { landing: new URL(op.url()).pathname };
    ops.runs = await op.locator('table.ops-runs tr[data-run]').count();
    ops.runsText = await op.locator('table.ops-runs').innerText();
    ops.intakeq = await op.locator('ul.facts').innerText();
    ops.ehrRows = await op.locator('table.ehr-queue tbody tr').count();
    ops.providers = await op.locator('table.providers').innerText();
    const walker = op.locator('tr[data-client="8500"]');
    ops.discovered = (await walker.count()) === 1;
    const outcome = async () => ((await op.locator('.outcome').count()) ? op.locator('.outcome').innerText()
      : 'no outcome: ' + (await op.locator('main').innerText()));
    const act = async (button, path) => {
      await Promise.all([op.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST'),
        op.getByRole('button', { name: button, exact: true }).click()]);
      await op.locator('h1').waitFor();
      return outcome();
    };
    await walker.locator('select').selectOption({ label: 'Riverbend Recovery' });
    ops.added = await act('Add Walker Newfound', '/ops/discovery/8500/add');
    ops.replayed = await act('Replay dead-lettered refreshes', '/ops/replay-dead-letters');
    ops.redriven = await act('Re-drive', '/ops/redrive');
    ops.axe = await axe(op);
    await op.screenshot({ path: shots + '-ops.png', fullPage: true });
    const nightly = op.locator('table.ops-runs tr', { hasText: 'Nightly sync' }).first().locator('a');
    await Promise.all([op.waitForURL((u) => u.pathname.startsWith('/runs/')), nightly.click()]);
    ops.runPage = await op.locator('h1').innerText();
    result.ops = ops;
  } finally {
    await o.b.close();
  }

  // the clinician: her notes and their EHR state
  const c2 = await browser(1400);
  try {
    const cl = await c2.c.newPage();
    cl.on('pageerror', (e) => pageErrors.push(e.message));
    await cl.goto(base + '/', { waitUntil: 'domcontentloaded' });
    await cl.locator('#username').waitFor({ timeout: 30000 });
    await cl.fill('#username', env.USER_CLINICIAN);
    await cl.fill('#password', env.PASSWORD);
    await Promise.all([cl.waitForURL((u) => u.pathname === '/notes', { timeout: 30000 }), cl.click('#kc-login')]);
    await cl.locator('h1').waitFor();
    result.notes = { landing: new URL(cl.url()).pathname, text: await cl.locator('main').innerText() };
    result.notes.todayStatus = await cl.evaluate(async () => (await fetch('/today')).status);
    result.notes.axe = await axe(cl);
  } finally {
    await c2.b.close();
  }

  // sign out: the identity provider's session ends too, so the next visit asks for the password again
  await Promise.all([page.waitForURL((u) => u.pathname === '/signed-out', { timeout: 30000 }), page.click('form.signout button')]);
  result.signedOutText = await page.locator('h1').innerText();
  await page.goto(base + '/today', { waitUntil: 'domcontentloaded' });
  await page.locator('#username').waitFor({ timeout: 30000 });
  result.afterSignOutAsksPassword = new URL(page.url()).pathname.includes('/realms/');

  // an expired session: the dashboard's tokens and its refresh token ran out (the dashboard client's token lifespan
  // set to 5 s and its session to 8 s for this part, the last of the run): the next page says the session expired,
  // with a way to sign in again
  const kc = env.KEYCLOAK_URL;
  const admin = (await (await fetch(kc + '/realms/master/protocol/openid-connect/token', { method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin',
      password: env.PASSWORD }) })).json()).access_token;
  const adminHeaders = { Authorization: 'Bearer ' + admin, 'Content-Type': 'application/json' };
  const dashboardClient = (await (await fetch(kc + '/admin/realms/recoverysync/clients?clientId=dashboard',
    { headers: adminHeaders })).json())[0];
  dashboardClient.attributes = { ...(dashboardClient.attributes || {}), 'access.token.lifespan': '5',
    'client.session.idle.timeout': '8', 'client.session.max.lifespan': '8' };
  check((await fetch(kc + '/admin/realms/recoverysync/clients/' + dashboardClient.id,
    { method: 'PUT', headers: adminHeaders, body: JSON.stringify(dashboardClient) })).ok, 'Keycloak refused the client update');
  const ex = await browser(1400);
  try {
    const expiring = await ex.c.newPage();
    await signIn(expiring, env.USER_B);
    // polled until the tokens (5 s) and the refresh token (8 s) have run out
    const deadline = Date.now() + 45000;
    let path = '/today';
    while (path === '/today' && Date.now() < deadline) {
      await expiring.waitForTimeout(1000);
      await expiring.goto(base + '/today', { waitUntil: 'domcontentloaded' });
      path = new URL(expiring.url()).pathname;
    }
    result.expired = { path, heading: await expiring.locator('h1').innerText() };
  } finally {
    await ex.b.close();
  }
  result.pageErrors = pageErrors;
} finally {
  await a.b.close();
}
console.log(JSON.stringify(result));
