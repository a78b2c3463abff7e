/**
 * The Health page's re-score progress, live without a reload (issue 19). Served as its own file
 * (CSP: script-src 'self', nothing inline) and only on that page. While a run is going it polls
 * /console/health/rescore.json and shows the server's own words (status, progress, summary);
 * when the run ends it shows what changed and enables "Re-score all" again. Without it the page
 * still shows the state as of its loading.
 */
export const RESCORE_JS = `
(function () {
  'use strict';
  var box = document.querySelector('[data-rescore-url]');
  if (!box || box.getAttribute('data-running') !== 'true') return;
  var url = box.getAttribute('data-rescore-url');
  var button = document.querySelector('[data-rescore-button]');
  var set = function (selector, text) { var el = box.querySelector(selector); if (el) el.textContent = text; };
  var show = function (p) {
    var run = p.run;
    var words = p.words;
    var bar = box.querySelector('progress');
    if (bar) { bar.max = Math.max(run.contactsEnqueued, 1); bar.value = run.contactsDone; }
    var status = box.querySelector('[data-rescore-status]');
    if (status) { status.textContent = words.status; status.className = 'chip chip-' + words.tone; }
    set('[data-rescore-progress]', words.progress);
    set('[data-rescore-times]', words.times);
    set('[data-rescore-summary]', words.summary);
  };
  var poll = function () {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p || !p.run) { setTimeout(poll, 5000); return; }
        show(p);
        if (p.run.status === 'running') { setTimeout(poll, 1500); return; }
        box.setAttribute('data-running', 'false');
        if (button) button.disabled = false;
      })
      .catch(function () { setTimeout(poll, 5000); });
  };
  poll();
})();
`;
