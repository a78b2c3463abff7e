import type { Condition, LeafCondition } from '../../../../core';

const SIGNAL_WORDS: Record<string, string> = {
  'serviceLine.status': 'service', 'serviceLine.id': 'service', 'serviceLine.valueTier': 'service value',
  'location.status': 'location', 'location.distanceMiles': 'distance (mi)', 'location.nearestId': 'nearest location',
  'payer.status': 'insurance', 'payer.id': 'payer', 'payer.provided': 'insurance given',
  'phone.status': 'phone', 'phone.type': 'phone type', 'phone.region': 'phone region',
  'email.status': 'email', 'email.disposable': 'disposable email', 'email.role': 'role email address', 'email.test': 'test email',
  'contact.reachability': 'reachable', 'consent.status': 'consent', 'consent.emailOptedOut': 'email opt-out',
  'inquiry.present': 'inquiry written', 'inquiry.bookingRequest': 'asks to book', 'inquiry.priceQuestion': 'asks about price',
  'inquiry.insuranceQuestion': 'asks about insurance', 'inquiry.urgency': 'urgent wording', 'inquiry.spam': 'looks like spam',
  'timeline.bucket': 'timeline', 'referral.type': 'referral', 'decisionMaker.status': 'decision maker', 'documents.status': 'documents',
  'engagement.pageViews': 'page views', 'engagement.visits': 'visits', 'engagement.conversions': 'conversions',
  'engagement.source': 'source', 'engagement.appointmentForm': 'appointment form filled', 'engagement.guideDownload': 'guide downloaded',
  'safety.flag': 'emergency mention',
};

const words = (v: unknown): string => (Array.isArray(v) ? v.map(words).join(' or ') : String(v).replace(/_/g, ' '));

function leaf(c: LeafCondition): string {
  const s = SIGNAL_WORDS[c.signal] ?? c.signal;
  switch (c.op) {
    case 'is': return typeof c.value === 'boolean' ? (c.value ? s : `not ${s}`) : `${s} is ${words(c.value)}`;
    case 'isNot': return `${s} is not ${words(c.value)}`;
    case 'in': return `${s} is ${words(c.value)}`;
    case 'notIn': return `${s} is not ${words(c.value)}`;
    case 'gt': return `${s} > ${words(c.value)}`;
    case 'gte': return `${s} ≥ ${words(c.value)}`;
    case 'lt': return `${s} < ${words(c.value)}`;
    case 'lte': return `${s} ≤ ${words(c.value)}`;
    case 'between': return Array.isArray(c.value) ? `${s} between ${c.value[0]} and ${c.value[1]}` : s;
    case 'known': return `${s} known`;
    case 'unknown': return `${s} unknown`;
    default: return s;
  }
}

/** A condition in plain words for the editor ("asks to book and insurance is accepted"). */
export function describeCondition(c: Condition | undefined, depth = 0): string {
  if (!c || typeof c !== 'object') return '(no condition)';
  if ('all' in c && Array.isArray(c.all)) return wrap(c.all.map((x) => describeCondition(x, depth + 1)).join(' and '), depth);
  if ('any' in c && Array.isArray(c.any)) return wrap(c.any.map((x) => describeCondition(x, depth + 1)).join(' or '), depth);
  if ('not' in c) return `not (${describeCondition(c.not, depth + 1)})`;
  if ('signal' in c) return leaf(c);
  return '(condition)';
}

const wrap = (s: string, depth: number) => (depth > 0 ? `(${s})` : s);
