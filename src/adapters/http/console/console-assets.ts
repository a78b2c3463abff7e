import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { CONSOLE_JS } from './console-script';
import { CONSOLE_CSS } from './console-styles';
import { CRITERIA_EDITOR_JS } from './criteria-editor-script';
import { EFFECTIVENESS_CSS } from './effectiveness-styles';
import { PASSKEY_JS } from './passkey-script';
import { RESCORE_JS } from './rescore-script';
import { SESSION_JS } from './session-script';

/** @simplewebauthn/browser's UMD bundle, served from CareQual (no CDN: the CSP allows only 'self'). */
function webAuthnBrowserBundle(): string {
  const entry = require.resolve('@simplewebauthn/browser');
  return readFileSync(path.join(path.dirname(entry), '..', 'dist', 'bundle', 'index.umd.min.js'), 'utf8');
}

const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#0b6e69"/><text x="16" y="21" font-family="Arial" font-size="13" font-weight="700" fill="#fff" text-anchor="middle">CQ</text></svg>`;

interface Asset {
  url: string;
  body: string;
  type: string;
}

function asset(name: string, ext: string, body: string, type: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { url: `/console/assets/${name}.${hash}.${ext}`, body, type };
}

/** Stylesheet, script and icon, addressed by content hash so they can be cached forever. */
export const CONSOLE_ASSETS = {
  css: asset('console', 'css', CONSOLE_CSS + EFFECTIVENESS_CSS, 'text/css; charset=utf-8'),
  js: asset('console', 'js', CONSOLE_JS, 'text/javascript; charset=utf-8'),
  icon: asset('icon', 'svg', ICON_SVG, 'image/svg+xml'),
  session: asset('session', 'js', SESSION_JS, 'text/javascript; charset=utf-8'),
  webauthn: asset('webauthn', 'js', webAuthnBrowserBundle(), 'text/javascript; charset=utf-8'),
  passkey: asset('passkey', 'js', PASSKEY_JS, 'text/javascript; charset=utf-8'),
  rescore: asset('rescore', 'js', RESCORE_JS, 'text/javascript; charset=utf-8'),
  editor: asset('criteria-editor', 'js', CRITERIA_EDITOR_JS, 'text/javascript; charset=utf-8'),
} as const;

/** Serves the console's static assets below `/console` (no session needed: they hold no data). */
export function createConsoleAssetsRouter(): Router {
  const router = Router();
  for (const a of Object.values(CONSOLE_ASSETS)) {
    router.get(a.url.slice('/console'.length), (_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.type(a.type).send(a.body);
    });
  }
  return router;
}
