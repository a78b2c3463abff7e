import fc from 'fast-check';
import { readStatedAge } from './age.enrichment';
import { NormalizedText, normalizeText, tokenize } from './text-normalize';
import { readTimelineFromMessage } from './timeline.enrichment';

/** Messages made of what changes normalisation: case, accents, fullwidth forms, underscores, dashes, digits, emoji, other scripts. */
const messageLike = fc.array(
  fc.constantFrom('I', 'am', "I'm", 'im', '16', '１６', 'years old', 'next_year', 'no rush', 'Café', 'ＢＯＯＫ', 'naïve', '—', '_', '-', ' ', '  ', '\n', '.', '!', 'ß', 'İ', '😀', 'дыхание', '胸痛', 'just_looking', 'someday', 'in the future'),
  { maxLength: 30 },
).map((parts) => parts.join(''));

describe('the message read once (fast-check)', () => {
  it('when any text is read once, then its words are what tokenize gives and its normalized form is what the readers computed themselves (normalizeText, "_" as a space)', () => {
    fc.assert(fc.property(fc.oneof(messageLike, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 })), (raw) => {
      const text = new NormalizedText(raw);
      expect(text.words).toEqual(tokenize(raw));
      expect(text.normalized).toBe(normalizeText(raw).replace(/_/g, ' '));
      expect(text.normalized).toBe(normalizeText(raw));
    }));
  });

  it('when a message states an age or a "not now" timeline in any spelling, then the shared reading finds it as a reading of its own text does', () => {
    expect(readStatedAge(new NormalizedText("Hi, I'M 16 and my knee hurts"))).toBe(16);
    expect(readStatedAge(new NormalizedText('I am 16 years old'))).toBe(16);
    expect(readStatedAge(new NormalizedText('I am sixteen'))).toBeNull();
    expect(readTimelineFromMessage(new NormalizedText('No_rush — maybe NEXT YEAR'))).toBe('later');
    expect(readTimelineFromMessage(new NormalizedText('as soon as you can'))).toBe('unknown');
  });
});
