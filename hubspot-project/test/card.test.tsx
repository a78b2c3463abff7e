import {
  Alert,
  EmptyState,
  ErrorState,
  Link,
  List,
  LoadingSpinner,
  StatisticsItem,
  StatusTag,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { CrmPropertyList } from '@hubspot/ui-extensions/crm';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import {
  buildDefaultCriteria,
  CODE_LABELS,
  DISQUALIFICATION_REASONS,
  INTAKE_PROPERTY_NAMES,
  MISSING_INFO_CODES,
  qualifyContact,
  ROUTES,
} from '../../src/core';
import { CAREQUAL_PROPERTY_NAMES, toCarequalPropertyValues } from '../../src/adapters/hubspot/carequal-values';
import { buildContact } from '../../src/core/testing/contact.factory';
import { CareQualCard } from '../src/app/cards/CareQualCard';
import { INTAKE_DISPOSITION_PROPERTY } from '../src/app/cards/carequal-result';

const NOW_MS = Date.parse('2026-11-24T19:03:00Z'); // Tue 2:03 PM in New York
let clockMs = NOW_MS;
const clock = () => clockMs;
const PORTAL_ID = 4417;

/** A contact as CareQual leaves it after scoring a care-ready inquiry (raw CRM values). */
function scoredContact(overrides: Record<string, string | null> = {}): Record<string, string | null> {
  return {
    carequal_score: '87',
    carequal_fit_score: '90',
    carequal_intent_score: '85',
    carequal_readiness_score: '70',
    carequal_band: 'high',
    carequal_outcome: 'care_ready',
    carequal_route: 'intake_call_now',
    carequal_disqualification_reasons: null,
    carequal_reasons: '+25 consultation requested · +20 within 12 mi of Midtown · −10 timeline over 6 months',
    carequal_missing_info: 'insurance;contact_consent',
    carequal_respond_by: '2026-11-24T19:15:00.000Z',
    carequal_recheck_at: null,
    carequal_rules_version: 'v7',
    carequal_scored_at: String(Date.parse('2026-11-24T19:00:00Z')),
    ...overrides,
  };
}

function renderCard(properties: Record<string, string | null> | 'loading' | Error, publicBaseUrl?: string) {
  const renderer = createRenderer('crm.record.sidebar');
  renderer.mocks.context.portal.id = PORTAL_ID;
  renderer.mocks.context.variables = publicBaseUrl ? { PUBLIC_BASE_URL: publicBaseUrl } : {};
  renderer.mocks.useCrmProperties.willCall(() => ({
    properties: properties instanceof Error || properties === 'loading' ? {} : properties,
    error: properties instanceof Error ? properties : null,
    isLoading: properties === 'loading',
    isRefetching: false,
    refetch: async () => {},
  }));
  renderer.render(<CareQualCard now={clock} />);
  return renderer;
}

const texts = (renderer: ReturnType<typeof createRenderer>, testId: string) =>
  renderer.findByTestId(List, testId).findAll(Text).map((node) => node.text);

// The card re-renders every 30 s to keep "in 12 minutes" fresh. The test renderer cannot
// unmount and React starts effects after a test returns, so interval timers stay faked for
// the whole file (nothing else about time is faked).
beforeAll(() => {
  jest.useFakeTimers({
    doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
      'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'],
  });
});
beforeEach(() => {
  clockMs = NOW_MS;
});
afterEach(async () => {
  await effectsSettled();
  jest.clearAllTimers();
});

/** React runs effects on a later turn (setImmediate); wait for them. */
const effectsSettled = () => new Promise((resolve) => setImmediate(resolve));

describe('the CareQual card on a contact record', () => {
  it('when a care-ready inquiry was scored, then the coordinator sees the outcome, band and score', () => {
    const card = renderCard(scoredContact(), 'https://carequal.example.com');
    expect(card.findByTestId(StatusTag, 'outcome').text).toBe('Call now');
    expect(card.findByTestId(Tag, 'band').text).toBe('High band');
    expect(card.findByTestId(StatisticsItem, 'score').props.number).toBe('87 / 100');
    const dimensions = card.findAll(StatisticsItem).map((item) => `${item.props.label} ${item.props.number}`);
    expect(dimensions).toEqual(['CareQual score 87 / 100', 'Fit 90', 'Intent 85', 'Readiness 70']);
  });

  it('when a respond-by time is set, then it shows how long is left and the time in the portal time zone', () => {
    const card = renderCard(scoredContact(), 'https://carequal.example.com');
    expect(card.findByTestId(Text, 'respond-by-relative').text).toBe('in 12 minutes');
    expect(card.findByTestId(Text, 'respond-by-absolute').text).toBe('Tue, Nov 24, 2:15 PM EST');
  });

  it('when the record stays open, then the time left keeps counting down', async () => {
    const card = renderCard(scoredContact(), 'https://carequal.example.com');
    await effectsSettled();
    clockMs = NOW_MS + 5 * 60_000;
    jest.advanceTimersByTime(5 * 60_000);
    await card.waitFor(() => expect(card.findByTestId(Text, 'respond-by-relative').text).toBe('in 7 minutes'));
  });

  it('when the respond-by time has passed, then the card says it is overdue', () => {
    const card = renderCard(scoredContact({ carequal_respond_by: '2026-11-24T18:48:00.000Z' }), 'https://carequal.example.com');
    expect(card.findByTestId(Text, 'respond-by-relative').text).toBe('Overdue — was due 15 minutes ago');
  });

  it('when CareQual gave reasons and found missing info, then both read as plain lists', () => {
    const card = renderCard(scoredContact(), 'https://carequal.example.com');
    expect(texts(card, 'reasons')).toEqual([
      '+25 consultation requested',
      '+20 within 12 mi of Midtown',
      '−10 timeline over 6 months',
    ]);
    expect(texts(card, 'missing-info')).toEqual(['Insurance or self-pay', 'Consent to contact']);
    expect(card.findByTestId(Text, 'next-step').text).toBe('Intake call now');
  });

  it('when the card is shown, then it links to the console of this portal and says when and by which criteria it scored', () => {
    const card = renderCard(scoredContact(), 'https://carequal.example.com/');
    expect(card.findByTestId(Link, 'console-link').props.href).toEqual({
      url: `https://carequal.example.com/console?portalId=${PORTAL_ID}`,
      external: true,
    });
    expect(card.findByTestId(Text, 'scored').text).toBe('Scored 3 minutes ago (Tue, Nov 24, 2:00 PM EST) · criteria v7');
  });

  it.each([
    ['care_ready', 'intake_call_now', null, 'Call now'],
    ['care_ready', 'schedule_consult', null, 'Schedule consult'],
    ['needs_review', 'clinical_review', null, 'Clinical review — possible emergency'],
    ['needs_review', 'request_missing_info', null, 'Ask for missing information'],
    ['nurture', 'nurture_sequence', null, 'Nurture'],
    ['disqualified', 'refer_out', 'out_of_service_area', 'Refer out — out of service area'],
    ['disqualified', 'no_outreach', 'spam_or_test;payer_not_accepted', 'No outreach — spam or test submission, payer not accepted'],
  ])('when the outcome is %s with route %s (reasons %s), then the card wording follows the route: "%s"', (outcome, route, reasons, label) => {
    const card = renderCard(
      scoredContact({ carequal_outcome: outcome, carequal_route: route, carequal_disqualification_reasons: reasons }),
      'https://carequal.example.com',
    );
    expect(card.findByTestId(StatusTag, 'outcome').text).toBe(label);
  });

  it('when the card says "Care-ready — call now" for a schedule-consult lead, then that is fixed: it says "Schedule consult"', () => {
    const card = renderCard(scoredContact({ carequal_band: 'medium', carequal_route: 'schedule_consult' }), 'https://carequal.example.com');
    expect(card.findByTestId(StatusTag, 'outcome').text).toBe('Schedule consult');
    expect(card.findByTestId(Text, 'next-step').text).toBe('Schedule consult');
  });

  it('when a disqualified lead has a score and a high band on the contact, then the card shows neither (no band on disqualified leads)', () => {
    const card = renderCard(
      scoredContact({ carequal_outcome: 'disqualified', carequal_route: 'no_outreach', carequal_disqualification_reasons: 'no_contact_consent', carequal_band: 'high' }),
      'https://carequal.example.com',
    );
    expect(card.findAll(Tag).filter((t) => t.props.testId === 'band')).toHaveLength(0);
    expect(card.findAll(StatisticsItem).filter((t) => t.props.testId === 'score')).toHaveLength(0);
  });

  it('when CareQual wrote a one-line why, then the card shows it', () => {
    const card = renderCard(scoredContact({ carequal_why: 'Care-ready: score 87, high band — wants care as soon as possible.' }), 'https://carequal.example.com');
    expect(card.findByTestId(Text, 'why').text).toBe('Care-ready: score 87, high band — wants care as soon as possible.');
  });

  it('when the inquiry was safety-flagged, then a banner names the category and language and the reasons list does not repeat it', () => {
    const card = renderCard(scoredContact({
      carequal_outcome: 'needs_review', carequal_route: 'clinical_review',
      carequal_reasons: 'possible emergency: breathing (Spanish) · +25 consultation requested',
    }));
    const alert = card.findByTestId(Alert, 'safety-alert');
    expect(alert.props).toMatchObject({ variant: 'danger', title: 'Possible emergency — review now' });
    expect(alert.text).toContain('breathing (Spanish)');
    expect(texts(card, 'reasons')).toEqual(['+25 consultation requested']);
  });

  it('when the inquiry was not flagged, then no safety banner is shown', () => {
    expect(renderCard(scoredContact()).findAll(Alert)).toHaveLength(0);
  });

  it('when a nurture lead has a re-check date, then the card shows that day', () => {
    const card = renderCard(
      scoredContact({ carequal_outcome: 'nurture', carequal_recheck_at: String(Date.parse('2027-01-15T00:00:00Z')) }),
      'https://carequal.example.com',
    );
    expect(card.findByTestId(Text, 'recheck-on').text).toBe('Jan 15, 2027');
  });

  it('when CareQual has not scored the contact yet, then an empty state points to the console', () => {
    const card = renderCard(
      Object.fromEntries(Object.keys(scoredContact()).map((name) => [name, null])),
      'https://carequal.example.com',
    );
    expect(card.find(EmptyState).props.title).toBe('Not scored by CareQual yet');
    expect(card.maybeFind(StatusTag)).toBeNull();
    expect(card.findByTestId(Link, 'console-link').props.href).toEqual({
      url: `https://carequal.example.com/console?portalId=${PORTAL_ID}`,
      external: true,
    });
  });

  it('when the properties are still loading, then a spinner says so', () => {
    const card = renderCard('loading', 'https://carequal.example.com');
    expect(card.find(LoadingSpinner).props.label).toBe('Loading CareQual result');
  });

  it('when HubSpot cannot load the properties, then the card says so instead of showing stale numbers', () => {
    const card = renderCard(new Error('boom'), 'https://carequal.example.com');
    expect(card.find(ErrorState).props.title).toBe("CareQual's result could not be loaded");
    expect(card.maybeFind(StatisticsItem)).toBeNull();
  });

  it('when the build has no console address configured, then the card shows no broken link', () => {
    const card = renderCard(scoredContact());
    expect(card.maybeFind(Link)).toBeNull();
    expect(card.findByTestId(Text, 'console-missing').text).toBe('Ask your HubSpot admin for the CareQual console address.');
  });

  it('when the card loads, then it asks HubSpot only for the carequal_* properties', () => {
    const card = renderCard(scoredContact(), 'https://carequal.example.com');
    const requested = card.mocks.useCrmProperties.calls.flatMap(([names]) => names);
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((name) => !name.startsWith('carequal_'))).toEqual([]);
  });
});

describe('the card speaks the core\'s vocabulary', () => {
  it('when the card loads, then it reads every property CareQual writes, and the intake disposition staff set', () => {
    const card = renderCard(scoredContact(), 'https://carequal.example.com');
    const requested = new Set(card.mocks.useCrmProperties.calls.flatMap(([names]) => names));
    expect([...requested].sort()).toEqual([...CAREQUAL_PROPERTY_NAMES, 'carequal_intake_disposition'].sort());
  });

  it.each([...DISQUALIFICATION_REASONS])('when an inquiry is disqualified for %s, then the card uses the option label HubSpot shows', (code) => {
    const card = renderCard(scoredContact({ carequal_outcome: 'disqualified', carequal_route: 'no_outreach', carequal_disqualification_reasons: code }), 'https://x.example');
    expect(card.findByTestId(StatusTag, 'outcome').text).toBe(`No outreach — ${CODE_LABELS[code]!.toLowerCase()}`);
  });

  it.each([...MISSING_INFO_CODES])('when %s is missing, then the card uses the option label HubSpot shows', (code) => {
    const card = renderCard(scoredContact({ carequal_missing_info: code }), 'https://x.example');
    expect(texts(card, 'missing-info')).toEqual([CODE_LABELS[code]]);
  });

  it.each([...ROUTES])('when the next step is %s, then the card uses the option label HubSpot shows', (code) => {
    const card = renderCard(scoredContact({ carequal_route: code }), 'https://x.example');
    expect(card.findByTestId(Text, 'next-step').text).toBe(CODE_LABELS[code]);
  });
});

describe('the card shows what the worker writes', () => {
  it('when the core scores a realistic inquiry and its values land on the contact, then the card shows that result', () => {
    const now = new Date(NOW_MS);
    const result = qualifyContact(buildContact(), buildDefaultCriteria(), now);
    const written = toCarequalPropertyValues(result, now);
    const card = renderCard(written, 'https://carequal.example.com');

    expect(card.findByTestId(StatisticsItem, 'score').props.number).toBe(`${result.score} / 100`);
    expect(card.findByTestId(StatusTag, 'outcome').text).not.toBe('No outcome yet');
    expect(texts(card, 'reasons')).toEqual(written.carequal_reasons!.split(' · '));
    expect(card.findByTestId(Text, 'scored').text).toContain('Scored now');
    expect(result.respondBy).not.toBeNull();
    expect(card.findByTestId(Text, 'respond-by-relative').text).toMatch(/^in \d+ (minutes|hours)$|^tomorrow$/);
    expect(card.findByTestId(Text, 'respond-by-absolute').text).toMatch(/^\w{3}, Nov \d{1,2}, \d{1,2}:\d{2} (AM|PM) EST$/);
  });
});

describe('intake disposition on the card', () => {
  const intakeList = (card: ReturnType<typeof createRenderer>) => card.findByTestId(CrmPropertyList, 'intake-outcome');

  it('when a scored inquiry has no disposition yet, then the card offers CareQual\'s disposition property to set in place (HubSpot saves it), without the rejection reason', () => {
    const card = renderCard(scoredContact(), 'https://carequal.example.com');
    expect(intakeList(card).props.properties).toEqual([INTAKE_DISPOSITION_PROPERTY]);
    expect(INTAKE_DISPOSITION_PROPERTY).toBe(INTAKE_PROPERTY_NAMES[0]);
  });

  it('when intake set "not a fit", then the card also asks for the rejection reason', () => {
    const card = renderCard(scoredContact({ carequal_intake_disposition: 'not_a_fit' }), 'https://carequal.example.com');
    expect(intakeList(card).props.properties).toEqual(['carequal_intake_disposition', 'carequal_rejection_reason']);
    expect(intakeList(card).props.properties).toEqual([...INTAKE_PROPERTY_NAMES]);
  });

  it.each(['reached_booked', 'reached_not_booked', 'not_reached'])('when intake set %s, then no rejection reason is asked for', (disposition) => {
    const card = renderCard(scoredContact({ carequal_intake_disposition: disposition }), 'https://carequal.example.com');
    expect(intakeList(card).props.properties).toEqual(['carequal_intake_disposition']);
  });

  it('when the contact was never scored, then there is no disposition to set', () => {
    const card = renderCard({}, 'https://carequal.example.com');
    expect(card.findAll(CrmPropertyList)).toHaveLength(0);
  });
});
