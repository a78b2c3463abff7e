/**
 * Every test file starts with config/ installed (the safety lexicon, the criteria templates and
 * the payer names), as every process does at start (src/main/runtime.ts): qualification fails
 * closed without them.
 */
import { installReferenceData } from '../../src/adapters/reference/reference-data.loader';

// Not compiled here: most test files never screen a text, and the core compiles on first use
// (test/safety/safety-lexicon.loader.test.ts proves the shipped lexicon compiles).
installReferenceData(undefined, { safetyScreen: 'first-use' });
