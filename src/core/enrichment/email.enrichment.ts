import disposableDomains from 'disposable-email-domains';
import type { SignalValues } from '../criteria/signal-catalog';
import { memoizeShortText } from './short-text-memo';
import { readText } from './text-normalize';

/** What enrichment learns from an email address. */
export interface EmailFacts {
  readonly status: SignalValues['email.status'];
  readonly disposable: boolean;
  readonly role: boolean;
  readonly test: boolean;
}

/**
 * A practical address check, not RFC 5322: one @, a dot-atom local part, a domain of letter/digit
 * labels and an alphabetic TLD. HubSpot forms already reject most malformed input; what reaches
 * us malformed was typed into the CRM or imported, and this catches those.
 */
const LOCAL_SHAPE = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_SHAPE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Disposable-address domains from the `disposable-email-domains` package (MIT). */
const DISPOSABLE = new Set(disposableDomains);

/** Shared inboxes: a reply reaches an office, not the person who asked. */
const ROLE_LOCAL_PARTS = new Set([
  'info', 'admin', 'administrator', 'support', 'sales', 'office', 'contact', 'hello', 'billing', 'webmaster',
  'postmaster', 'noreply', 'no-reply', 'donotreply', 'reception', 'frontdesk', 'help', 'team', 'marketing', 'hr', 'careers',
]);
/** Reserved (RFC 2606) and placeholder domains. */
const TEST_DOMAINS = new Set(['example.com', 'example.org', 'example.net', 'test.com', 'test.test', 'testing.com', 'fake.com', 'noemail.com', 'none.com', 'asdf.com', 'localhost.com']);
const TEST_LOCAL_PARTS = new Set(['test', 'testing', 'tester', 'asdf', 'qwerty', 'fake', 'noemail', 'none', 'sample', 'dummy', 'xxx']);

const MISSING: EmailFacts = { status: 'missing', disposable: false, role: false, test: false };
const INVALID: EmailFacts = { status: 'invalid', disposable: false, role: false, test: false };

/**
 * Email syntax, disposable domain, role address and obvious test values. Neither part may hold an
 * "@", so an address has exactly one and is read as its two sides: the local part (one per
 * person) is checked every time, the domain (gmail.com for thousands of contacts) once.
 */
export function enrichEmail(raw: string | null | undefined): EmailFacts {
  const text = readText(raw);
  if (text === null) return MISSING;
  const email = text.toLowerCase();
  const at = email.indexOf('@');
  if (email.length > 254 || at < 0 || email.indexOf('@', at + 1) >= 0) return INVALID;
  const local = email.slice(0, at);
  const domain = domainFactsOf(email.slice(at + 1));
  if (domain === null || !LOCAL_SHAPE.test(local)) return INVALID;
  const plus = local.indexOf('+');
  const base = plus < 0 ? local : local.slice(0, plus);
  return {
    status: 'valid',
    disposable: domain.disposable,
    role: ROLE_LOCAL_PARTS.has(base),
    test: domain.test || TEST_LOCAL_PARTS.has(base),
  };
}

/** What a domain alone tells (null: not a domain). */
const domainFactsOf = memoizeShortText((domain: string): { disposable: boolean; test: boolean } | null => {
  if (!DOMAIN_SHAPE.test(domain)) return null;
  return { disposable: isDisposable(domain), test: TEST_DOMAINS.has(domain) || domain.startsWith('example.') || domain.endsWith('.invalid') };
});

function isDisposable(domain: string): boolean {
  let d = domain;
  for (;;) {
    if (DISPOSABLE.has(d)) return true;
    const dot = d.indexOf('.');
    if (dot < 0 || d.indexOf('.', dot + 1) < 0) return false;
    d = d.slice(dot + 1);
  }
}
