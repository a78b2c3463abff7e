import disposableDomains from 'disposable-email-domains';
import type { SignalValues } from '../criteria/signal-catalog';
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
const EMAIL_SHAPE = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

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

/** Email syntax, disposable domain, role address and obvious test values. */
export function enrichEmail(raw: string | null | undefined): EmailFacts {
  const text = readText(raw);
  if (text === null) return MISSING;
  const email = text.toLowerCase();
  if (email.length > 254 || !EMAIL_SHAPE.test(email)) return INVALID;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const base = local.split('+')[0] as string;
  return {
    status: 'valid',
    disposable: isDisposable(domain),
    role: ROLE_LOCAL_PARTS.has(base),
    test: TEST_DOMAINS.has(domain) || TEST_LOCAL_PARTS.has(base) || domain.startsWith('example.') || domain.endsWith('.invalid'),
  };
}

function isDisposable(domain: string): boolean {
  let d = domain;
  for (;;) {
    if (DISPOSABLE.has(d)) return true;
    const dot = d.indexOf('.');
    if (dot < 0 || d.indexOf('.', dot + 1) < 0) return false;
    d = d.slice(dot + 1);
  }
}
