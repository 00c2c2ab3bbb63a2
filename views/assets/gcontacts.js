// GContacts pages: follows background runs (polls their status, rewrites the run-progress partial in place) and
// shows times in the reader's own time zone. Served by the module: the host's CSP allows scripts from itself only.
(function () {
  'use strict';
  var POLL_MS = 1000;

  function field(box, name) {
    return box.querySelector('[data-run-field="' + name + '"]');
  }

  function setText(el, text) {
    if (!el) return;
    el.textContent = text || '';
    el.hidden = !text;
  }

  function render(box, run) {
    field(box, 'title').textContent = run.title;
    field(box, 'status').textContent = run.status;
    field(box, 'elapsed').textContent = run.elapsed;
    box.setAttribute('data-run-state', run.state);
    box.classList.remove('run-running', 'run-done', 'run-failed', 'run-needs_confirmation');
    box.classList.add('run-' + run.state);
    var running = box.querySelector('[data-run-running]');
    running.hidden = run.finished;
    field(box, 'phase').textContent = run.phase;
    field(box, 'progress').textContent = run.progress;
    var bar = box.querySelector('[data-run-bar]');
    if (run.total === null) {
      bar.removeAttribute('value');
    } else {
      bar.max = Math.max(run.total, 1);
      bar.value = Math.min(run.done, run.total);
    }
    setText(field(box, 'error'), run.error);
    setText(field(box, 'note'), run.note);
    var list = box.querySelector('[data-run-lines]');
    while (list.firstChild) list.removeChild(list.firstChild);
    run.lines.forEach(function (line) {
      var li = document.createElement('li');
      li.textContent = line;
      list.appendChild(li);
    });
    var linkBox = box.querySelector('[data-run-link-box]');
    linkBox.hidden = !run.link;
    if (run.link) {
      var a = linkBox.querySelector('[data-run-link]');
      a.textContent = run.link.text;
      a.setAttribute('href', run.link.href);
    }
    if (run.finished) release(run.accountId);
  }

  // Buttons the server disabled while this run held their account come back once it ends.
  function release(accountId) {
    if (accountId === null) return;
    document.querySelectorAll('[data-run-locked="' + accountId + '"]').forEach(function (el) {
      el.disabled = false;
      el.removeAttribute('aria-disabled');
    });
    document.querySelectorAll('[data-run-busy-note="' + accountId + '"]').forEach(function (el) {
      el.hidden = true;
    });
  }

  function follow(box) {
    var url = box.getAttribute('data-run-status');
    function poll() {
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (run) {
          if (!run) return;
          render(box, run);
          if (!run.finished) setTimeout(poll, POLL_MS);
        })
        .catch(function () { setTimeout(poll, POLL_MS * 5); });
    }
    if (box.getAttribute('data-run-state') === 'running') setTimeout(poll, POLL_MS);
  }

  function localTimes() {
    var format;
    try {
      format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
    } catch (e) {
      return;
    }
    document.querySelectorAll('time[data-local]').forEach(function (el) {
      var when = new Date(el.getAttribute('datetime'));
      if (isNaN(when.getTime())) return;
      // The visible text stays the relative or UTC wording; the reader's own zone is in the tooltip for recent
      // times, and replaces the UTC label for older ones.
      if (el.getAttribute('data-local') === 'replace') el.textContent = format.format(when);
      el.title = format.format(when);
    });
  }

  function start() {
    document.querySelectorAll('[data-run-status]').forEach(follow);
    localTimes();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
