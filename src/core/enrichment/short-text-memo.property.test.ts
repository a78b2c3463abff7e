import fc from 'fast-check';
import { classifyConsent, classifyDecisionMaker, classifyDocuments, classifyReferral, readYesNo } from './answers.enrichment';
import { enrichEmail } from './email.enrichment';
import { memoizeShortText, SHORT_TEXT_CHARS } from './short-text-memo';
import { parseTimeline } from './timeline.enrichment';

/** The address shape enrichEmail applied as one regex before it read the domain and the local part apart: the specification. */
const EMAIL_SHAPE = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Strings made of the characters that matter to an address, so the generator often lands near one. */
const addressLike = fc.array(fc.constantFrom('a', 'b', 'z', '0', '9', '.', '@', '-', '+', '_', ' ', 'é', '!', 'com', 'gmail', 'mailinator', 'example', 'test', 'info'), { maxLength: 24 }).map((parts) => parts.join(''));

/** Form answers as people and forms write them: repeats, case, blanks, and some too long to remember. */
const answer = fc.oneof(
  fc.constantFrom('Yes', 'no', 'TRUE', 'false', 'Myself', 'for my mother', 'Not sure', 'ASAP', 'Within 2 weeks', '3-6 months', 'next year', 'Dr. Patel', 'A friend', 'Legitimate interest – prospect/lead', 'opted out', ' '),
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: SHORT_TEXT_CHARS + 1, maxLength: SHORT_TEXT_CHARS + 20 }),
);

describe('remembered answers (fast-check)', () => {
  it('when a memoised function is asked any sequence of values, repeated or not, long or short, then it answers what the function itself answers', () => {
    fc.assert(fc.property(fc.array(answer, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (values, limit) => {
      let computed = 0;
      const length = (raw: string) => {
        computed++;
        return raw.length;
      };
      const memo = memoizeShortText(length, limit);
      for (const v of values) expect(memo(v)).toBe(v.length);
      expect(computed).toBeLessThanOrEqual(values.length);
    }));
  });

  it('when the same short value comes again and the memo is not full, then it is not computed again', () => {
    let computed = 0;
    const memo = memoizeShortText((raw: string) => {
      computed++;
      return raw === 'yes' ? null : raw;
    });
    for (let i = 0; i < 5; i++) memo('yes');
    expect(computed).toBe(1);
  });

  it('when form answers are classified in any order, then a value\'s answer never changes from the one computed the first time (no answer is remembered under another value)', () => {
    const first = new Map<string, unknown>();
    fc.assert(fc.property(fc.array(answer, { minLength: 1, maxLength: 40 }), (values) => {
      for (const v of values) {
        const now = [readYesNo(v), classifyDecisionMaker(v), classifyDocuments(v), classifyReferral(v, false), classifyReferral(v, true), classifyConsent([v], false), parseTimeline(v)];
        if (!first.has(v)) first.set(v, now);
        expect(now).toEqual(first.get(v));
      }
    }));
  });

  it('when any address-like text is read, then it is valid exactly when the whole-address regex accepts it', () => {
    fc.assert(fc.property(fc.oneof(fc.emailAddress(), addressLike), (raw) => {
      const email = raw.trim().toLowerCase();
      const expected = email.length === 0 ? 'missing' : email.length <= 254 && EMAIL_SHAPE.test(email) ? 'valid' : 'invalid';
      expect(enrichEmail(raw).status).toBe(expected);
    }), { numRuns: 1000 });
  });
});
