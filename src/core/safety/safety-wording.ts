import type { SafetyCategory } from './safety-lexicon.schema';

/**
 * How a category is named to intake staff, in reasons, task subjects and the card. The one place
 * that words a category: a data mode that must reveal no condition swaps this function for
 * neutral wording, and every caller follows.
 */
export function describeSafetyCategory(category: SafetyCategory): string {
  return CATEGORY_WORDS[category];
}

const CATEGORY_WORDS: Readonly<Record<SafetyCategory, string>> = {
  cardiac: 'chest pain or heart',
  breathing: 'breathing',
  stroke: 'stroke signs',
  bleeding: 'severe bleeding',
  unconscious: 'loss of consciousness or seizure',
  overdose: 'overdose or poisoning',
  suicide: 'suicidal thoughts or self-harm',
  anaphylaxis: 'severe allergic reaction',
  injury: 'severe injury',
  pregnancy: 'pregnancy emergency',
  pediatric: 'infant or child warning signs',
  urgent: 'severe or sudden symptoms',
  emergency: 'emergency stated',
};
