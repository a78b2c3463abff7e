/**
 * Every test file starts with the built-in safety lexicon installed, as every process does at
 * start (src/main/runtime.ts): qualification fails closed without it.
 */
import { installBuiltInSafetyLexicon } from '../../src/adapters/safety/safety-lexicon.loader';

installBuiltInSafetyLexicon();
