import { SIGNAL_NAMES, type SignalValues } from '../criteria/signal-catalog';
import { compileCriteria } from '../qualification/compile-criteria';
import { screenContactSafety } from '../safety/screen-contact';
import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildContact } from '../testing/contact.factory';
import type { EnrichmentInput } from './enricher';
import { ENRICHERS } from './enrichers';
import { enrichInquiryText } from './inquiry-text.enrichment';
import { NormalizedText } from './text-normalize';

const compiled = compileCriteria(buildDefaultCriteria());

describe('enrichment sources', () => {
  it('when the sources are listed, then every catalogued signal has exactly one source and no source declares an unknown signal', () => {
    const sourcesOf = new Map<string, string[]>(SIGNAL_NAMES.map((name) => [name, []]));
    for (const source of ENRICHERS) for (const signal of source.signals) sourcesOf.set(signal, [...(sourcesOf.get(signal) ?? []), source.name]);

    const notOne = [...sourcesOf].filter(([, sources]) => sources.length !== 1);
    expect(notOne).toEqual([]);
    expect(new Set(ENRICHERS.map((s) => s.name)).size).toBe(ENRICHERS.length);
  });

  it('when each source runs on a contact, then it writes exactly the signals it declares, having read only signals of sources listed before it', () => {
    const props = buildContact({});
    const message = props.message ? new NormalizedText(props.message) : null;
    const decided: Record<string, unknown> = {};
    const input: EnrichmentInput = {
      props, criteria: compiled, message, inquiry: enrichInquiryText(message, compiled.textMatcher),
      safety: screenContactSafety(props, compiled.safety.properties, compiled.safety.builtIn, compiled.safety.custom, compiled.safety.lexiconVersion),
      signal: (name) => {
        if (!(name in decided)) throw new Error(`${name} read before its source ran`);
        return decided[name] as never;
      },
    };
    for (const source of ENRICHERS) {
      const draft = { signals: {} as SignalValues, facts: { distanceMiles: null, locationName: null, serviceLine: null, payer: null } };
      source.enrich(input, draft);
      expect({ source: source.name, wrote: Object.keys(draft.signals).sort() }).toEqual({ source: source.name, wrote: [...source.signals].sort() });
      Object.assign(decided, draft.signals);
    }
  });
});
