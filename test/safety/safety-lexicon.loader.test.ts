import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileSafetyLexicon, loadSafetyLexicon, SAFETY_LEXICON_DIR, SafetyLexiconError } from '../../src/adapters/safety/safety-lexicon.loader';

/** A copy of config/safety/ to break on purpose. */
function copyLexicon(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'safety-lexicon-'));
  cpSync(SAFETY_LEXICON_DIR, dir, { recursive: true });
  return dir;
}

function editEnglish(dir: string, edit: (lex: Record<string, unknown>) => void): void {
  const file = path.join(dir, 'en.json');
  const lex = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(lex);
  writeFileSync(file, JSON.stringify(lex));
}

describe('loading config/safety', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('when the shipped lexicon is loaded, then it validates, compiles and names its version', () => {
    const lexicon = loadSafetyLexicon();
    expect(lexicon.version).toMatch(/^safety-/);
    expect(compileSafetyLexicon(lexicon).screen(['cnt breathe']).flagged).toBe(true);
  });

  it('when a spelling stands for a word the lexicon lacks, then compiling stops with the spelling named', () => {
    const dir = copyLexicon();
    dirs.push(dir);
    editEnglish(dir, (lex) => {
      lex.spellings = { brethe: 'respiration' };
    });
    expect(() => compileSafetyLexicon(loadSafetyLexicon(dir))).toThrow(new SafetyLexiconError('safety lexicon does not compile: safety lexicon spelling "brethe" stands for "respiration", which is no word of the lexicon'));
  });

  it('when a language file has an unknown field, then loading stops and names the file problem', () => {
    const dir = copyLexicon();
    dirs.push(dir);
    editEnglish(dir, (lex) => {
      lex.synonyms = ['x'];
    });
    expect(() => loadSafetyLexicon(dir)).toThrow(SafetyLexiconError);
  });

  it('when a near pattern side holds a several-word entry, then compiling stops and names it (it would match each word alone)', () => {
    const dir = copyLexicon();
    dirs.push(dir);
    editEnglish(dir, (lex) => {
      (lex.categories as { cardiac: { near: unknown[] } }).cardiac.near = [{ words: ['chest'], with: ['no relief'], within: 4 }];
    });
    expect(() => compileSafetyLexicon(loadSafetyLexicon(dir))).toThrow(new SafetyLexiconError('safety lexicon does not compile: safety lexicon en/cardiac: near entry "no relief" has several words; near patterns take single words (put phrases under "phrases")'));
  });
});
