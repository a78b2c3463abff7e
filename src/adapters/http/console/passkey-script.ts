/**
 * The passkey buttons of the sign-in and invitation pages (served from CareQual, like every
 * console script: CSP script-src 'self', nothing inline). It asks CareQual for WebAuthn options,
 * lets the browser create or use the passkey through @simplewebauthn/browser (served locally as
 * its own asset, window.SimpleWebAuthnBrowser), sends the answer back and follows the redirect.
 * Errors are shown in the page's alert region, never the raw exception.
 */
export const PASSKEY_JS = `
(function () {
  'use strict';
  var lib = window.SimpleWebAuthnBrowser;
  var post = function (url, body) {
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body || {}) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error((j && j.error && j.error.message) || 'That did not work.'); return j; }); });
  };
  document.querySelectorAll('[data-passkey]').forEach(function (button) {
    var alertBox = document.querySelector('[data-passkey-error]');
    var show = function (text) { if (alertBox) { alertBox.textContent = text; alertBox.hidden = false; } };
    if (!lib || !lib.browserSupportsWebAuthn()) { button.disabled = true; show('This browser cannot use passkeys. Use an up-to-date browser on a device with a screen lock.'); return; }
    button.addEventListener('click', function () {
      var register = button.getAttribute('data-passkey') === 'register';
      button.disabled = true;
      if (alertBox) alertBox.hidden = true;
      post(button.getAttribute('data-options-url'))
        .then(function (optionsJSON) { return register ? lib.startRegistration({ optionsJSON: optionsJSON }) : lib.startAuthentication({ optionsJSON: optionsJSON }); })
        .then(function (answer) { return post(button.getAttribute('data-verify-url'), answer); })
        .then(function (done) { window.location.assign(done.redirect || '/console'); })
        .catch(function (error) {
          button.disabled = false;
          show(error && error.name === 'NotAllowedError' ? 'The passkey prompt was closed or timed out. Try again.' : (error && error.message) || 'That did not work. Try again.');
        });
    });
  });
})();
`;
