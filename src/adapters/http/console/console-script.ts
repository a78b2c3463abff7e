/**
 * The console's general script (on every page), served from CareQual (CSP: script-src 'self', nothing inline).
 * Progressive enhancement: every page works without it. It adds confirmation prompts and focus
 * on the error summary. (The idle warning and automatic logoff are session-script.ts; re-score
 * progress is rescore-script.ts.)
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
})();
`;
