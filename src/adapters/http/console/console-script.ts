/**
 * The console's only script, served from CareQual (CSP: script-src 'self', nothing inline).
 * Progressive enhancement: every page works without it. It adds confirmation prompts, focus on
 * the error summary and re-score progress polling. (The idle warning and automatic logoff are
 * session-script.ts.)
 */
export const CONSOLE_JS = `
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });
  var summary = document.querySelector('[data-autofocus]');
  if (summary) summary.focus();

  var progress = document.querySelector('[data-progress-url]');
  if (progress) {
    var url = progress.getAttribute('data-progress-url');
    var bar = progress.querySelector('progress');
    var text = progress.querySelector('[data-progress-text]');
    var status = progress.querySelector('[data-progress-status]');
    var poll = function () {
      fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p || !p.run) return;
          var run = p.run;
          if (bar) { bar.max = Math.max(run.contactsEnqueued, 1); bar.value = run.contactsDone; }
          if (text) text.textContent = run.contactsDone + ' of ' + run.contactsEnqueued + ' contacts re-scored';
          if (status) { status.textContent = run.status; status.className = 'chip ' + (run.status === 'finished' ? 'chip-ok' : run.status === 'running' ? 'chip-info' : 'chip-bad'); }
          if (run.status === 'running') setTimeout(poll, 1500);
        })
        .catch(function () { setTimeout(poll, 5000); });
    };
    if (progress.getAttribute('data-running') === 'true') poll();
  }
})();
`;
