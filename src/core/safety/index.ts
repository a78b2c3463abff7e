export { SAFETY_CATEGORIES, SafetyLexiconSchema, SafetyLanguageLexiconSchema, type SafetyCategory, type SafetyLexicon, type SafetyLanguageLexicon } from './safety-lexicon.schema';
export { SafetyScreen } from './safety-screen';
export type { SafetyMatch, SafetyScreenResult } from './safety-screen.types';
export { installSafetyLexicon, getBuiltInSafetyScreen, tryGetInstalledSafetyLexicon } from './safety-lexicon.registry';
export { describeSafetyCategory } from './safety-wording';
export { screenContactSafety, formatSafetyReason, compileCustomSafetyScreen, safetyTextProperties, type ContactSafety } from './screen-contact';
export { PracticeSafetyPhrasesSchema, type PracticeSafetyPhrases } from './practice-phrases.schema';
