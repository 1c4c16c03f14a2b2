// The dashboard's few scripts (no inline scripts: the Content-Security-Policy allows only this file).
// Copy buttons; the day view refreshed when the server says the organization's appointments changed.
'use strict';

function bindCopyButtons(root) {
  root.querySelectorAll('button.copy').forEach((button) => {
    const label = button.textContent;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(button.dataset.copy);
        button.textContent = 'Copied';
      } catch (e) {
        button.textContent = 'Copy failed: select it by hand';
      }
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  });
}

function followChanges(days) {
  const status = document.getElementById('live');
  let pending = null;
  const refresh = async () => {
    pending = null;
    const answer = await fetch(days.dataset.src, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (answer.ok && (answer.headers.get('content-type') || '').startsWith('text/html') && !answer.redirected) {
      days.innerHTML = await answer.text();
      bindCopyButtons(days);
      days.dataset.refreshed = String(Date.now());
    }
  };
  const events = new EventSource('/today/live');
  events.onopen = () => { status.dataset.state = 'open'; status.textContent = 'Live updates: on'; };
  events.onerror = () => { status.dataset.state = 'closed'; status.textContent = 'Live updates: reconnecting…'; };
  events.onmessage = (event) => {
    if (event.data === 'changed' && pending === null) {
      pending = setTimeout(refresh, 150); // several changes close together: one refresh
    }
  };
}

// A refresh's page: its progress re-read every second until the run has ended.
function followRun(run) {
  const poll = async () => {
    if (!run.querySelector('.status[data-running="true"]')) {
      return;
    }
    const answer = await fetch(run.dataset.src, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (answer.ok && !answer.redirected) {
      run.innerHTML = await answer.text();
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}

// Refresh all in a dialog (the seed's modal): the form is posted in the background, the dialog follows the run it
// started or joined until it ends; without the dialog element the form opens the run's page as before.
function refreshInDialog(form, dialog) {
  const run = dialog.querySelector('.refresh-run');
  const page = dialog.querySelector('a.refresh-page');
  const follow = async () => {
    const answer = await fetch(run.dataset.src, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (answer.ok && !answer.redirected) {
      run.innerHTML = await answer.text();
    }
    if (dialog.open && !run.querySelector('.status[data-running="false"]')) {
      setTimeout(follow, 1000);
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    run.innerHTML = '<p>Starting…</p>';
    dialog.showModal();
    const answer = await fetch(form.action, { method: 'POST', credentials: 'same-origin',
      body: new URLSearchParams(new FormData(form)) });
    const path = new URL(answer.url).pathname;
    if (!answer.ok || !path.startsWith('/runs/')) {
      run.innerHTML = '<p class="warning">The refresh could not be started. Reload the page and try again.</p>';
      return;
    }
    page.href = path;
    run.dataset.src = path + '/status';
    follow();
  });
  dialog.querySelector('button.close').addEventListener('click', () => dialog.close());
}

document.addEventListener('DOMContentLoaded', () => {
  bindCopyButtons(document);
  const refreshForm = document.querySelector('form.refresh');
  const refreshDialog = document.getElementById('refresh-dialog');
  if (refreshForm && refreshDialog && typeof refreshDialog.showModal === 'function') {
    refreshInDialog(refreshForm, refreshDialog);
  }
  const run = document.getElementById('run');
  if (run) {
    followRun(run);
  }
  const days = document.getElementById('days');
  if (days && window.EventSource) {
    followChanges(days);
  }
});
