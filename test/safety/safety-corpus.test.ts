import { loadCorpusFile, scoreCorpus } from '../../scripts/bench/safety-corpus';
import { getBuiltInSafetyScreen } from '../../src/core/safety';

/**
 * The labelled corpus (test/fixtures/safety/tuning.txt, heldout-3.txt, tuned on since the third
 * session, and heldout-5.txt, heldout-6.txt and heldout-7.txt, each written blind and tuned on after
 * its blind measurement, heldout-6 from lexicon safety-2026.12.12, heldout-7 from safety-2026.12.13, heldout-8 from safety-2026.12.14): patients' own ways of writing, in every language of the lexicon, some buried
 * after 6,000+ characters. Every emergency must be flagged. heldout-4.txt is never asserted or
 * tuned on here: scripts/bench-safety.ts reports it separately.
 */
describe('safety screen on the labelled corpus', () => {
  const { screen } = getBuiltInSafetyScreen();
  const items = [...loadCorpusFile('tuning'), ...loadCorpusFile('heldout-3'), ...loadCorpusFile('heldout-5'), ...loadCorpusFile('heldout-6'), ...loadCorpusFile('heldout-7'), ...loadCorpusFile('heldout-8')];
  const score = scoreCorpus(items, screen);

  it('when the corpus is loaded, then it holds hundreds of emergencies and ordinary inquiries, some buried in long text', () => {
    expect(score.emergencies).toBeGreaterThanOrEqual(300);
    expect(score.nonEmergencies).toBeGreaterThanOrEqual(200);
    expect(items.filter((i) => i.long).every((i) => i.text.length > 6_000)).toBe(true);
  });

  it('when every emergency of the corpus is screened, then none is missed (recall 1.0)', () => {
    expect(score.missed.map((m) => `${m.category}/${m.language}: ${m.text.slice(-60)}`)).toEqual([]);
    expect(score.recall).toBe(1);
  });

  it('when the ordinary inquiries are screened, then precision stays at or above 0.90', () => {
    console.log(`safety corpus (tuning): recall ${score.recall}, precision ${score.precision}, false positives ${score.flaggedNonEmergencies}/${score.nonEmergencies}`);
    expect(score.precision).toBeGreaterThanOrEqual(0.9);
  });
});
