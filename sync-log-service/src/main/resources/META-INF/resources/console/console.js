// Sync console: the organization's patients (next appointment, last sync, a refresh per patient), recent runs, a
// run's live progress and errors, the EHR queue, and the bulk refresh button.
// Plain browser JavaScript, no build step. Every text that comes from the API is set with textContent, never as HTML.
'use strict';

(function () {
  const TOKEN_KEY = 'syncConsole.token';
  const ORG_KEY = 'syncConsole.org';
  const RETRY_MS = 1000; // before a progress stream is opened again
  const RECENT_MS = 5000;
  const QUEUE_MS = 10000;
  const PATIENTS_MS = 30000;
  const PAGE_SIZE = 50;
  const PATIENT_RUN_MAX_MS = 600000; // how long a row waits for its refresh's end
  const START_GRACE_MS = 30000; // how long a new run may be unknown to the log before we give up waiting

  const $ = (id) => document.getElementById(id);

  const state = {
    token: null,
    org: null, // organization named in the address (#org=): an ops caller's choice
    claims: null,
    runId: null,
    runTimer: null,
    runStream: null, // the AbortController of the open progress stream
    runFirstPolled: 0,
    recentTimer: null,
    queueTimer: null,
    patientsTimer: null,
    patientOffset: 0,
    patientResults: new Map(), // patientId -> {status, text} of the newest refresh started here
  };

  class SignedOut extends Error {}

  // ---- token handling ----

  function readFragment() {
    const hash = window.location.hash.replace(/^#/, '');
    if (!hash) {
      return;
    }
    const params = new URLSearchParams(hash);
    const token = params.get('token');
    const org = params.get('org');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token.trim());
    }
    if (org) {
      sessionStorage.setItem(ORG_KEY, org.trim());
    }
    // the token must not stay in the address bar, the history or a copied link
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }

  function decodeClaims(token) {
    const parts = token.split('.');
    if (parts.length !== 3) {
      return null;
    }
    try {
      const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
      const claims = JSON.parse(json);
      return claims && typeof claims === 'object' ? claims : null;
    } catch (e) {
      return null;
    }
  }

  function isOps() {
    const groups = state.claims && Array.isArray(state.claims.groups) ? state.claims.groups : [];
    return groups.includes('ops');
  }

  function signIn(token) {
    state.token = token;
    state.org = sessionStorage.getItem(ORG_KEY);
    state.claims = decodeClaims(token);
    showWho();
    $('sign-in').hidden = true;
    $('app').hidden = false;
    $('sign-out').hidden = false;
    hideNotice();
    loadRecent();
    loadQueue();
    loadPatients();
    state.recentTimer = setInterval(loadRecent, RECENT_MS);
    state.queueTimer = setInterval(loadQueue, QUEUE_MS);
    state.patientsTimer = setInterval(loadPatients, PATIENTS_MS);
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    stopFollowing();
    clearInterval(state.recentTimer);
    clearInterval(state.queueTimer);
    clearInterval(state.patientsTimer);
    $('app').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('sign-in').hidden = false;
    $('token-input').value = '';
    if (message) {
      showNotice(message, 'error');
    }
  }

  function showWho() {
    const parts = [];
    const claims = state.claims;
    if (claims) {
      if (claims.org_id) {
        parts.push('Organization ' + String(claims.org_id));
      }
      if (Array.isArray(claims.groups) && claims.groups.length) {
        parts.push(claims.groups.map(String).join(', '));
      }
      if (typeof claims.exp === 'number') {
        parts.push('token valid until ' + new Date(claims.exp * 1000).toLocaleTimeString());
      }
    }
    if (state.org && !(claims && claims.org_id === state.org)) {
      parts.push('organization ' + state.org);
    }
    $('who').textContent = parts.join(' · ');
  }

  // ---- API ----

  async function api(method, path) {
    const headers = { Accept: 'application/json', Authorization: 'Bearer ' + state.token };
    let response;
    try {
      response = await fetch(path, { method, headers, cache: 'no-store', credentials: 'same-origin' });
    } catch (e) {
      return { status: 0, body: null };
    }
    return answerOf(response);
  }

  // Reads a whole response as {status, body}; a 401 signs the user out.
  async function answerOf(response) {
    let text = '';
    try {
      text = await response.text();
    } catch (e) {
      text = '';
    }
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = null;
      }
    }
    if (response.status === 401) {
      signOut('Your sign-in is missing, expired or not valid. Sign in again with a fresh token.');
      throw new SignedOut();
    }
    return { status: response.status, body };
  }

  // The JSON data of each server-sent event of a response body, as the events arrive.
  async function* serverSentEvents(body) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line === '') {
          if (data.length) {
            try {
              yield JSON.parse(data.join('\n'));
            } catch (e) {
              // not a run view: skip it
            }
            data = [];
          }
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
    }
  }

  function problemText(answer, what) {
    if (answer.status === 0) {
      return what + ': the server cannot be reached.';
    }
    const detail = answer.body && typeof answer.body.detail === 'string' ? answer.body.detail : '';
    if (answer.status === 403) {
      return what + ': your token does not allow this.' + (detail ? ' ' + detail : '');
    }
    return what + ' failed (HTTP ' + answer.status + ')' + (detail ? ': ' + detail : '.');
  }

  function guarded(fn) {
    return (...args) => fn(...args).catch((e) => {
      if (!(e instanceof SignedOut)) {
        showNotice('Unexpected error: ' + String(e && e.message ? e.message : e), 'error');
      }
    });
  }

  // ---- rendering helpers (text only) ----

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function statusBadge(node, status) {
    const value = status ? String(status) : 'unknown';
    node.textContent = value.replace(/_/g, ' ');
    node.dataset.status = value;
    node.className = 'status status-' + value.replace(/[^a-z_]/g, '');
  }

  function time(iso) {
    if (!iso) {
      return '—';
    }
    const date = new Date(iso);
    return isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
  }

  function duration(ms) {
    if (ms === null || ms === undefined) {
      return '—';
    }
    if (ms < 1000) {
      return ms + ' ms';
    }
    const seconds = Math.round(ms / 100) / 10;
    return seconds < 120 ? seconds + ' s' : Math.round(seconds / 6) / 10 + ' min';
  }

  function num(value) {
    return value === null || value === undefined ? '—' : String(value);
  }

  function showNotice(message, kind) {
    const notice = $('notice');
    notice.textContent = message;
    notice.className = 'notice notice-' + (kind || 'info');
    notice.hidden = false;
  }

  function hideNotice() {
    $('notice').hidden = true;
  }

  // ---- bulk refresh ----

  async function refreshAll() {
    const button = $('refresh-all');
    button.disabled = true;
    $('refresh-message').textContent = 'Starting…';
    let path = '/api/console/sync-all';
    if (state.org && isOps()) {
      path += '?organizationId=' + encodeURIComponent(state.org);
    }
    try {
      const answer = await api('POST', path);
      const body = answer.body || {};
      if (answer.status === 202 && body.syncLogId) {
        const count = body.patientCount;
        $('refresh-message').textContent = 'Started a refresh of ' + num(count) + ' patient' + (count === 1 ? '' : 's')
            + (body.quota && body.quota.estimatedFinishAt ? '; estimated to finish ' + time(body.quota.estimatedFinishAt) : '') + '.';
        follow(String(body.syncLogId));
        return;
      }
      if (answer.status === 409 && body.runningSyncLogId) {
        $('refresh-message').textContent = 'A refresh of this organization is already running; showing it.';
        follow(String(body.runningSyncLogId));
        return;
      }
      $('refresh-message').textContent = '';
      showNotice(problemText(answer, 'Refresh all appointments'), 'error');
      button.disabled = false;
    } catch (e) {
      button.disabled = false;
      throw e;
    }
  }

  // ---- one run, live ----

  function follow(runId) {
    stopFollowing();
    state.runId = runId;
    state.runFirstPolled = Date.now();
    $('run').hidden = false;
    $('run-id').textContent = runId;
    statusBadge($('run-status'), 'starting');
    $('run-live').textContent = 'waiting for the run log…';
    $('run-progress').textContent = '';
    $('run-counts').replaceChildren();
    $('run-errors').tBodies[0].replaceChildren();
    $('run-bar').style.width = '0%';
    streamRun();
  }

  function stopFollowing() {
    clearTimeout(state.runTimer);
    state.runTimer = null;
    state.runId = null;
    if (state.runStream) {
      state.runStream.abort();
      state.runStream = null;
    }
  }

  function runFinished() {
    $('run-live').textContent = 'finished';
    $('refresh-all').disabled = false;
    loadRecent();
    loadQueue();
    loadPatients();
  }

  // Follows the run on its progress stream (GET /api/sync-logs/{id}/progress, server-sent events): each event is the
  // run as it now stands, the last one the state that ended it. A stream that ends early is opened again.
  const streamRun = guarded(async function () {
    const runId = state.runId;
    if (!runId) {
      return;
    }
    const stream = new AbortController();
    state.runStream = stream;
    let response;
    try {
      response = await fetch('/api/sync-logs/' + encodeURIComponent(runId) + '/progress', {
        headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + state.token },
        cache: 'no-store', credentials: 'same-origin', signal: stream.signal,
      });
    } catch (e) {
      if (runId === state.runId) {
        retryRun('connection trouble, retrying…', RETRY_MS * 3);
      }
      return;
    }
    if (runId !== state.runId) {
      stream.abort();
      return;
    }
    if (response.status !== 200 || !response.body) {
      refusedRun(runId, await answerOf(response));
      return;
    }
    $('run-live').textContent = 'live';
    let last = null;
    try {
      for await (const run of serverSentEvents(response.body)) {
        if (runId !== state.runId) {
          return;
        }
        last = run;
        renderRun(run);
      }
    } catch (e) {
      // cut off (a restart, the network, or stopFollowing): decided below
    }
    if (runId !== state.runId) {
      return;
    }
    if (last && last.status !== 'running') {
      runFinished();
      return;
    }
    retryRun(last ? 'live' : 'connection trouble, retrying…', RETRY_MS);
  });

  function retryRun(message, delay) {
    $('run-live').textContent = message;
    state.runTimer = setTimeout(streamRun, delay);
  }

  // The run's stream was refused: wait for a run the log does not know yet, retry a server error, report the rest.
  function refusedRun(runId, answer) {
    if (answer.status === 404 && Date.now() - state.runFirstPolled < START_GRACE_MS) {
      retryRun('waiting for the run log…', RETRY_MS); // the run's first event has not reached the log yet
      return;
    }
    if (answer.status === 0 || answer.status >= 500) {
      retryRun('connection trouble, retrying…', RETRY_MS * 3);
      return;
    }
    $('run-live').textContent = '';
    $('refresh-all').disabled = false;
    showNotice(problemText(answer, 'Loading run ' + runId), 'error');
  }

  function renderRun(run) {
    statusBadge($('run-status'), run.status);
    const expected = run.patientsExpected;
    const processed = run.patientsProcessed || 0;
    const percent = typeof run.progressPercent === 'number' ? run.progressPercent
        : (expected ? Math.min(100, Math.floor(processed * 100 / expected)) : 0);
    $('run-bar').classList.toggle('live', run.status === 'running'); // animate live progress only
    $('run-bar').style.width = percent + '%';
    $('run-bar').dataset.status = String(run.status || '');
    $('run-progress').textContent = processed + ' / ' + (expected === null || expected === undefined ? '?' : expected)
        + ' patients processed (' + percent + '%) · ' + String(run.syncType || '') + ' · started ' + time(run.startedAt)
        + (run.completedAt ? ' · ended ' + time(run.completedAt) + ' after ' + duration(run.durationMs) : '');

    const counts = [
      ['Failed', run.patientsFailed],
      ['New', run.appointmentsNew],
      ['Updated', run.appointmentsUpdated],
      ['Unchanged', run.appointmentsUnchanged],
      ['Appointment errors', run.appointmentsErrors],
    ];
    if (run.ehrNotesSynced || run.ehrNotesFailed || run.syncType === 'ehr') {
      counts.push(['EHR notes synced', run.ehrNotesSynced], ['EHR notes failed', run.ehrNotesFailed]);
    }
    const dl = $('run-counts');
    dl.replaceChildren();
    for (const [label, value] of counts) {
      const item = el('div', null, 'count');
      item.dataset.count = label.toLowerCase().replace(/[^a-z]+/g, '-');
      item.append(el('dt', label), el('dd', num(value)));
      dl.append(item);
    }

    const errors = run.errors && typeof run.errors === 'object' ? Object.entries(run.errors) : [];
    errors.sort((a, b) => String(a[1] && a[1].reasonCode).localeCompare(String(b[1] && b[1].reasonCode))
        || a[0].localeCompare(b[0]));
    const tbody = $('run-errors').tBodies[0];
    tbody.replaceChildren();
    for (const [patientId, error] of errors) {
      const tr = document.createElement('tr');
      const entry = error || {};
      tr.append(el('td', patientId, 'id'), el('td', entry.reasonCode || '—', 'reason'),
          el('td', entry.source || '—'), el('td', entry.detail || ''));
      tbody.append(tr);
    }
    $('run-errors').hidden = errors.length === 0;
    $('run-no-errors').hidden = errors.length !== 0;
    $('run-error-count').textContent = errors.length ? '(' + errors.length + ')' : '';

    const missing = Array.isArray(run.missingPatients) ? run.missingPatients : [];
    const list = $('run-missing-list');
    list.replaceChildren(...missing.map((id) => el('li', id, 'id')));
    $('run-missing').hidden = missing.length === 0;
  }

  // ---- recent runs ----

  const loadRecent = guarded(async function () {
    let path = '/api/sync-logs/recent?limit=50';
    const type = $('recent-type').value;
    if (type) {
      path += '&syncType=' + encodeURIComponent(type);
    }
    if (state.org) {
      path += '&organizationId=' + encodeURIComponent(state.org);
    }
    const answer = await api('GET', path);
    if (answer.status !== 200 || !Array.isArray(answer.body)) {
      showNotice(problemText(answer, 'Loading recent runs'), 'error');
      return;
    }
    const tbody = $('recent-runs').tBodies[0];
    tbody.replaceChildren();
    for (const run of answer.body) {
      const tr = document.createElement('tr');
      tr.tabIndex = 0;
      tr.dataset.runId = String(run.id);
      tr.title = 'Show run ' + String(run.id);
      const status = el('span');
      statusBadge(status, run.status);
      const statusCell = el('td');
      statusCell.append(status);
      const expected = run.patientsExpected;
      tr.append(
        el('td', time(run.startedAt)),
        el('td', run.syncType || '—'),
        statusCell,
        el('td', num(run.patientsProcessed) + ' / ' + num(expected)
            + (typeof run.progressPercent === 'number' ? ' (' + run.progressPercent + '%)' : '')),
        el('td', num(run.patientsFailed)),
        el('td', num(run.appointmentsNew) + ' / ' + num(run.appointmentsUpdated) + ' / ' + num(run.appointmentsUnchanged)),
        el('td', num(run.errorCount)),
        el('td', duration(run.durationMs)));
      const open = () => follow(String(run.id));
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          open();
        }
      });
      tbody.append(tr);
    }
    $('recent-empty').hidden = answer.body.length !== 0;
  });

  // ---- patients ----

  // An appointment time in the organization's time zone, e.g. "Tue, Dec 8, 9:30 AM MST".
  function localTime(iso, zone) {
    if (!iso) {
      return '—';
    }
    try {
      return new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric',
        hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));
    } catch (e) {
      return time(iso);
    }
  }

  // Only web links become links: a telehealth URL of any other scheme is shown as text.
  function webLink(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function telehealthCell(url) {
    const cell = el('td');
    if (!url) {
      cell.textContent = '—';
      return cell;
    }
    const href = webLink(url);
    if (href) {
      const a = el('a', 'Join');
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      cell.append(a, ' ');
    } else {
      cell.append(el('span', url), ' ');
    }
    const copy = el('button', 'Copy link', 'link copy');
    copy.type = 'button';
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(url);
        copy.textContent = 'Copied';
      } catch (e) {
        copy.textContent = 'Copy failed';
      }
      setTimeout(() => { copy.textContent = 'Copy link'; }, 2000);
    });
    cell.append(copy);
    return cell;
  }

  function resultSpan(status, text) {
    const span = el('span', text, 'result');
    span.dataset.result = status;
    return span;
  }

  function renderPatients(list) {
    const zone = list.organization && list.organization.timeZone ? String(list.organization.timeZone) : undefined;
    $('org-name').textContent = list.organization ? '· ' + String(list.organization.name)
        + (zone ? ' (' + zone + ')' : '') : '';
    $('patients-note').textContent = list.syncStateAvailable === false
        ? 'Appointments cannot be read right now; showing the roster only.' : 'as of ' + new Date().toLocaleTimeString();
    const tbody = $('patient-list').tBodies[0];
    tbody.replaceChildren();
    const patients = Array.isArray(list.patients) ? list.patients : [];
    for (const p of patients) {
      const id = String(p.patientId);
      const tr = document.createElement('tr');
      tr.dataset.patientId = id;
      const name = [p.firstName, p.lastName].filter((v) => v).join(' ');
      const next = p.nextAppointment || null;
      const nameCell = el('td', name || id, name ? 'name' : 'id');
      const statusCell = el('td');
      if (next && next.status) {
        const badge = el('span');
        statusBadge(badge, String(next.status).toLowerCase());
        badge.textContent = String(next.status);
        statusCell.append(badge);
      } else {
        statusCell.textContent = '—';
      }
      const last = el('td');
      if (p.lastOutcome) {
        last.append(resultSpan(p.lastOutcome, p.lastOutcome + (p.lastReasonCode ? ' · ' + p.lastReasonCode : '')
            + (p.lastSource ? ' (' + p.lastSource + ')' : '')));
      } else {
        last.textContent = 'never synced';
      }
      const mine = state.patientResults.get(id);
      if (mine) {
        last.append(el('br'), resultSpan(mine.status, mine.text));
        last.lastChild.classList.add('refresh-result');
      }
      const actions = el('td', null, 'actions');
      const refresh = el('button', 'Refresh', 'small refresh');
      refresh.type = 'button';
      refresh.disabled = Boolean(mine && mine.status === 'running');
      refresh.addEventListener('click', guarded(() => refreshPatient(id)));
      actions.append(refresh);
      tr.append(nameCell,
        el('td', next ? localTime(next.startsAt, zone) : 'none scheduled', 'when'),
        el('td', next ? (next.providerName || (next.providerId ? 'provider ' + String(next.providerId).slice(0, 8) : 'unknown')) : '—'),
        statusCell, telehealthCell(next ? next.telehealthUrl : null),
        el('td', time(p.lastSyncedAt), 'synced'), last, actions);
      tbody.append(tr);
    }
    $('patients-empty').hidden = patients.length !== 0;
    const total = Number(list.total || 0);
    $('patients-pager').hidden = total <= PAGE_SIZE;
    $('patients-page').textContent = (total ? state.patientOffset + 1 : 0) + '–'
        + Math.min(total, state.patientOffset + patients.length) + ' of ' + total;
    $('patients-prev').disabled = state.patientOffset === 0;
    $('patients-next').disabled = state.patientOffset + PAGE_SIZE >= total;
  }

  const loadPatients = guarded(async function () {
    let path = '/api/console/patients?limit=' + PAGE_SIZE + '&offset=' + state.patientOffset;
    if (state.org && isOps()) {
      path += '&organizationId=' + encodeURIComponent(state.org);
    }
    const answer = await api('GET', path);
    if (answer.status !== 200 || !answer.body || typeof answer.body !== 'object') {
      $('patients-note').textContent = problemText(answer, 'Loading patients');
      return;
    }
    renderPatients(answer.body);
  });

  function setPatientResult(patientId, status, text) {
    state.patientResults.set(patientId, { status, text });
    const row = document.querySelector('#patient-list tr[data-patient-id="' + CSS.escape(patientId) + '"]');
    if (!row) {
      return;
    }
    const cell = row.cells[6];
    const old = cell.querySelector('.refresh-result');
    if (old) {
      old.previousSibling.remove();
      old.remove();
    }
    const span = resultSpan(status, text);
    span.classList.add('refresh-result');
    cell.append(el('br'), span);
    row.querySelector('button.refresh').disabled = status === 'running';
  }

  // Refreshes one patient and shows the outcome live in its row: the run's progress stream until its end.
  async function refreshPatient(patientId) {
    setPatientResult(patientId, 'running', 'refreshing…');
    const answer = await api('POST', '/api/console/patients/' + encodeURIComponent(patientId) + '/sync');
    if (answer.status !== 202 || !answer.body || !answer.body.syncLogId) {
      setPatientResult(patientId, 'failed', problemText(answer, 'Refresh'));
      return;
    }
    const run = await awaitRunEnd(String(answer.body.syncLogId));
    if (!run) {
      setPatientResult(patientId, 'failed', 'no result yet; see recent runs');
      return;
    }
    const error = run.errors && run.errors[patientId] ? run.errors[patientId] : null;
    setPatientResult(patientId, run.status, 'refresh ' + String(run.status).replace(/_/g, ' ')
        + (error && error.reasonCode ? ' · ' + error.reasonCode : '')
        + ' · ' + num(run.appointmentsNew) + ' new, ' + num(run.appointmentsUpdated) + ' updated');
    loadPatients();
    loadRecent();
  }

  // The run's last state from its progress stream, opened again while it has not ended; null after START_GRACE_MS
  // without the run in the log, after PATIENT_RUN_MAX_MS, or on a refusal.
  async function awaitRunEnd(runId) {
    const started = Date.now();
    for (;;) {
      let response = null;
      try {
        response = await fetch('/api/sync-logs/' + encodeURIComponent(runId) + '/progress', {
          headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + state.token },
          cache: 'no-store', credentials: 'same-origin',
        });
      } catch (e) {
        response = null;
      }
      if (response && response.status === 200 && response.body) {
        let last = null;
        try {
          for await (const run of serverSentEvents(response.body)) {
            last = run;
          }
        } catch (e) {
          // cut off: open it again
        }
        if (last && last.status !== 'running') {
          return last;
        }
      } else if (response && response.status === 404) {
        if (Date.now() - started > START_GRACE_MS) {
          return null; // the run never reached the log
        }
      } else if (response && response.status < 500) {
        await answerOf(response); // a 401 signs out
        return null;
      }
      if (Date.now() - started > PATIENT_RUN_MAX_MS) {
        return null;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  // ---- EHR queue ----

  const loadQueue = guarded(async function () {
    const answer = await api('GET', '/api/console/ehr-queue');
    const dl = $('queue-counts');
    if (answer.status !== 200 || !answer.body || typeof answer.body !== 'object') {
      dl.replaceChildren();
      $('queue-message').textContent = problemText(answer, 'EHR queue');
      return;
    }
    const order = ['pending', 'in_progress', 'completed', 'failed', 'superseded'];
    const keys = Object.keys(answer.body).sort((a, b) => {
      const ia = order.indexOf(a) < 0 ? order.length : order.indexOf(a);
      const ib = order.indexOf(b) < 0 ? order.length : order.indexOf(b);
      return ia - ib || a.localeCompare(b);
    });
    dl.replaceChildren();
    for (const key of keys) {
      const item = el('div', null, 'count');
      item.dataset.count = key;
      item.append(el('dt', key.replace(/_/g, ' ')), el('dd', num(answer.body[key])));
      dl.append(item);
    }
    $('queue-message').textContent = 'as of ' + new Date().toLocaleTimeString();
  });

  // ---- start ----

  document.addEventListener('DOMContentLoaded', () => {
    readFragment();
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const token = $('token-input').value.trim().replace(/^Bearer\s+/i, '');
      if (token) {
        sessionStorage.setItem(TOKEN_KEY, token);
        signIn(token);
      }
    });
    $('sign-out').addEventListener('click', () => {
      sessionStorage.removeItem(ORG_KEY);
      signOut('Signed out.');
    });
    $('refresh-all').addEventListener('click', guarded(refreshAll));
    $('run-close').addEventListener('click', () => {
      stopFollowing();
      $('run').hidden = true;
    });
    $('recent-reload').addEventListener('click', () => loadRecent());
    $('recent-type').addEventListener('change', () => loadRecent());
    $('queue-reload').addEventListener('click', () => loadQueue());
    $('patients-reload').addEventListener('click', () => loadPatients());
    $('patients-prev').addEventListener('click', () => {
      state.patientOffset = Math.max(0, state.patientOffset - PAGE_SIZE);
      loadPatients();
    });
    $('patients-next').addEventListener('click', () => {
      state.patientOffset += PAGE_SIZE;
      loadPatients();
    });
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      signIn(token);
    } else {
      signOut(null);
    }
  });
})();
