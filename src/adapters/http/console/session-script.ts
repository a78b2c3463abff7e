/**
 * Automatic logoff in the browser (HIPAA 164.312(a)(2)(iii)); the server enforces the same limits
 * on its own, this only makes them visible. Any interaction (keys, pointer, scrolling, touch)
 * counts as activity: it restarts the idle clock here and, at most every few seconds, tells the
 * server (GET /console/session.json slides the server's idle limit). A minute before the session
 * would end (half the idle limit when that is shorter), a warning says so and offers to stay
 * signed in; when the limit passes the page reloads and the server shows the sign-in page.
 * Typing without key events counts too ('input': autofill, dictation, an input method, a paste
 * from the context menu): an intake coordinator filling in Try a lead that way is not idle.
 */
export const SESSION_JS = `
(function () {
  'use strict';
  var body = document.body;
  var idleMs = Number(body.getAttribute('data-idle-ms') || 0);
  if (!(idleMs > 0)) return;
  var endsAt = Date.parse(body.getAttribute('data-session-ends-at') || '') || Infinity;
  var leadMs = Math.min(60000, idleMs / 2);
  var pingEveryMs = Math.min(5000, idleMs / 4);
  var lastActivity = Date.now();
  var lastPing = Date.now();
  var warnTimer, endTimer;

  var box = document.createElement('div');
  box.className = 'session-warning';
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-live', 'assertive');
  box.setAttribute('aria-labelledby', 'session-warning-text');
  box.hidden = true;
  var text = document.createElement('p');
  text.id = 'session-warning-text';
  var stay = document.createElement('button');
  stay.type = 'button';
  stay.className = 'btn btn-primary btn-small';
  stay.textContent = 'Stay signed in';
  box.appendChild(text);
  box.appendChild(stay);
  body.appendChild(box);

  var ping = function () {
    lastPing = Date.now();
    return fetch('/console/session.json', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { if (r.status === 401) window.location.reload(); })
      .catch(function () { return undefined; });
  };
  var deadline = function () { return Math.min(lastActivity + idleMs, endsAt); };
  var schedule = function () {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    box.hidden = true;
    var end = deadline();
    warnTimer = setTimeout(function () {
      var absolute = end === endsAt;
      text.textContent = absolute
        ? 'Your session reaches its time limit in ' + Math.round((end - Date.now()) / 1000) + ' seconds. Save your work; you will need to sign in again.'
        : 'You will be signed out in ' + Math.round((end - Date.now()) / 1000) + ' seconds because of inactivity.';
      stay.hidden = absolute;
      box.hidden = false;
      if (!absolute) stay.focus();
    }, Math.max(0, end - leadMs - Date.now()));
    endTimer = setTimeout(function () { window.location.reload(); }, Math.max(0, end - Date.now()) + 500);
  };
  var activity = function () {
    lastActivity = Date.now();
    if (lastActivity - lastPing >= pingEveryMs) ping();
    schedule();
  };
  stay.addEventListener('click', function () { ping(); activity(); });
  ['keydown', 'input', 'pointerdown', 'wheel', 'touchstart'].forEach(function (t) { document.addEventListener(t, activity, { passive: true }); });
  window.addEventListener('scroll', activity, { passive: true });
  schedule();
})();
`;
