import { parseTimeline } from './timeline.enrichment';

describe('parseTimeline', () => {
  it.each([
    ['ASAP', 'asap'], ['As soon as possible', 'asap'], ['this week please', 'asap'], ['Immediately', 'asap'], ['in 2 days', 'asap'],
    ['Within 2 weeks', 'within_2_weeks'], ['within_2_weeks', 'within_2_weeks'], ['next week', 'within_2_weeks'], ['1-2 weeks', 'within_2_weeks'], ['in ten days', 'within_2_weeks'],
    ['Within 3 months', 'within_3_months'], ['next month', 'within_3_months'], ['1-3 months', 'within_3_months'], ['in a few weeks', 'within_3_months'], ['within_3_months', 'within_3_months'],
    ['3-6 months', '3_to_6_months'], ['3_to_6_months', '3_to_6_months'], ['in a few months', '3_to_6_months'], ['next quarter', '3_to_6_months'], ['in 4 months', '3_to_6_months'],
    ['6+ months', 'later'], ['More than 6 months', 'later'], ['next year', 'later'], ['Later', 'later'], ['no rush', 'later'], ['not right now', 'later'], ['in 2 years', 'later'],
    ['Not sure', 'unknown'], ['just researching', 'unknown'], ["I don't know", 'unknown'], ['blue', 'unknown'], ['', 'unknown'], [null, 'unknown'],
  ])('when the timeline answer is %p, then the bucket is %p', (raw, bucket) => {
    expect(parseTimeline(raw)).toBe(bucket);
  });
});
