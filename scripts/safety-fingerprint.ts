/**
 * A fingerprint of what the clinical-safety screen and the qualification decide, to prove that a
 * speed change is not a behaviour change: one line per message of every safety corpus file
 * (test/fixtures/safety/*.txt: file, line, flagged?, categories and languages found, hedged ones,
 * detected language), one line per labelled inquiry of the decisions corpus (the whole
 * qualification result as JSON), a digest of the benchmark's 20,000 mixed contacts' results, and
 * a sha256 of everything. Save main's output, then diff it against a branch's: byte-identical or
 * the change altered behaviour.
 *
 *   npx tsx scripts/safety-fingerprint.ts > /tmp/fingerprint-main.txt
 *   npx tsx scripts/safety-fingerprint.ts --summary    # the digests only
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { installReferenceData } from '../src/adapters/reference/reference-data.loader';
import { buildDefaultCriteria, qualifyContact } from '../src/core';
import { getBuiltInSafetyScreen, type SafetyMatch, type SafetyScreenResult } from '../src/core/safety';
import { AGREEMENT_CLOCK, loadAgreementSet } from './bench/decision-agreement';
import { buildMixedContacts } from './bench/mixed-contacts';
import { loadCorpusFile, SAFETY_CORPUS_DIR, type CorpusFileName } from './bench/safety-corpus';

const MIXED_CONTACTS = 20_000;

function matches(list: readonly SafetyMatch[]): string {
  return list.map((m) => `${m.category}/${m.language}/${m.languageName}`).join(',') || '-';
}

function describe(r: SafetyScreenResult): string {
  return `flagged=${r.flagged ? 'Y' : 'N'} matches=${matches(r.matches)} hedged=${matches(r.hedged)} detected=${r.detectedLanguage ?? '-'}`;
}

/** Line numbers of a corpus file's messages, in the order loadCorpusFile returns them. */
function messageLines(file: string): number[] {
  const lines = readFileSync(path.join(SAFETY_CORPUS_DIR, file), 'utf8').split('\n');
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim() !== '' && !line.startsWith('#')) out.push(i + 1);
  });
  return out;
}

function main(): void {
  const summaryOnly = process.argv.includes('--summary');
  installReferenceData();
  const { screen, version } = getBuiltInSafetyScreen();
  const all = createHash('sha256');
  const emit = (section: ReturnType<typeof createHash>, line: string) => {
    section.update(`${line}\n`);
    all.update(`${line}\n`);
    if (!summaryOnly) console.log(line);
  };

  const corpus = createHash('sha256');
  emit(corpus, `lexicon ${version}`);
  const files = readdirSync(SAFETY_CORPUS_DIR).filter((f) => f.endsWith('.txt')).sort();
  let messages = 0;
  for (const file of files) {
    const items = loadCorpusFile(file.replace(/\.txt$/, '') as CorpusFileName);
    const lines = messageLines(file);
    items.forEach((item, i) => {
      messages++;
      emit(corpus, `${file}:${lines[i]} ${describe(screen.screen([item.text]))}`);
    });
  }

  const decisions = createHash('sha256');
  const criteria = buildDefaultCriteria();
  const set = loadAgreementSet();
  for (const item of set) emit(decisions, `decisions:${item.id} ${JSON.stringify(qualifyContact(item.properties, criteria, AGREEMENT_CLOCK))}`);

  const mixed = createHash('sha256');
  for (const contact of buildMixedContacts(MIXED_CONTACTS)) mixed.update(`${JSON.stringify(qualifyContact(contact, criteria, AGREEMENT_CLOCK))}\n`);
  const mixedDigest = mixed.digest('hex');
  emit(createHash('sha256'), `mixed-contacts: ${MIXED_CONTACTS} results sha256 ${mixedDigest}`);

  console.log(`# safety corpus: ${messages} messages in ${files.length} files, sha256 ${corpus.digest('hex')}`);
  console.log(`# decisions: ${set.length} inquiries, sha256 ${decisions.digest('hex')}`);
  console.log(`# mixed contacts: ${MIXED_CONTACTS}, sha256 ${mixedDigest}`);
  console.log(`# all: sha256 ${all.digest('hex')}`);
}

main();
