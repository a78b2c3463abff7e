import { DEFAULT_OUTCOME_SIGNALS, OutcomeSignalConfigSchema, observeLead, outcomeSignalProperties } from './outcome-signals';

const SCORED = {
  carequal_band: 'high', carequal_outcome: 'care_ready', carequal_route: 'intake_call_now', carequal_score: '82',
  carequal_rules_version: 'v3', carequal_respond_by: '2026-11-02T15:05:00.000Z', createdate: '2026-11-02T15:00:00.000Z',
};

describe('observeLead', () => {
  it('when a scored contact has no outcome signal, then it is not booked and has no outreach', () => {
    expect(observeLead(SCORED, DEFAULT_OUTCOME_SIGNALS)).toEqual({
      criteriaVersion: 'v3', band: 'high', outcome: 'care_ready', route: 'intake_call_now', score: 82, stopReasons: [],
      arrivedAt: new Date('2026-11-02T15:00:00.000Z'), respondBy: new Date('2026-11-02T15:05:00.000Z'), firstOutreachAt: null, booked: false, ruleIds: [],
    });
  });

  it.each([
    ['disposition "reached — booked"', { carequal_intake_disposition: 'reached_booked' }, true],
    ['disposition "reached — not booked"', { carequal_intake_disposition: 'reached_not_booked' }, false],
    ['lifecycle stage opportunity', { lifecyclestage: 'opportunity' }, true],
    ['lifecycle stage customer', { lifecyclestage: 'customer' }, true],
    ['lifecycle stage lead', { lifecyclestage: 'lead' }, false],
    ['a meeting booked after the inquiry', { engagements_last_meeting_booked: '2026-11-03T09:00:00.000Z' }, true],
    ['a meeting booked before the inquiry', { engagements_last_meeting_booked: '2026-10-01T09:00:00.000Z' }, false],
  ])('when the contact has %s, then booked is %s', (_what, extra, booked) => {
    expect(observeLead({ ...SCORED, ...extra }, DEFAULT_OUTCOME_SIGNALS)?.booked).toBe(booked);
  });

  it('when a portal maps its own property and turns lifecycle stages off, then only that property books', () => {
    const config = OutcomeSignalConfigSchema.parse({ bookedLifecycleStages: [], bookedProperty: { name: 'appointment_status', values: ['scheduled', 'attended'] } });
    expect(observeLead({ ...SCORED, appointment_status: 'attended' }, config)?.booked).toBe(true);
    expect(observeLead({ ...SCORED, lifecyclestage: 'customer' }, config)?.booked).toBe(false);
    expect(outcomeSignalProperties(config)).toContain('appointment_status');
  });

  it('when both a first engagement and the CareQual task completion exist, then first outreach is the earlier one after arrival', () => {
    const props = { ...SCORED, hs_sa_first_engagement_date: '2026-11-02T15:20:00.000Z' };
    expect(observeLead(props, DEFAULT_OUTCOME_SIGNALS, { taskCompletedAt: new Date('2026-11-02T15:04:00.000Z') })?.firstOutreachAt).toEqual(new Date('2026-11-02T15:04:00.000Z'));
    expect(observeLead(props, DEFAULT_OUTCOME_SIGNALS, { taskCompletedAt: new Date('2026-11-02T14:00:00.000Z') })?.firstOutreachAt).toEqual(new Date('2026-11-02T15:20:00.000Z'));
    const noTasks = OutcomeSignalConfigSchema.parse({ countTaskCompletion: false });
    expect(observeLead(props, noTasks, { taskCompletedAt: new Date('2026-11-02T15:04:00.000Z') })?.firstOutreachAt).toEqual(new Date('2026-11-02T15:20:00.000Z'));
  });

  it('when the contact was re-submitted, then arrival is the latest conversion date', () => {
    expect(observeLead({ ...SCORED, recent_conversion_date: '2026-11-10T08:00:00.000Z' }, DEFAULT_OUTCOME_SIGNALS)?.arrivedAt).toEqual(new Date('2026-11-10T08:00:00.000Z'));
  });

  it('when a disqualified contact lists reasons, then they are split from HubSpot\'s ";"-separated checkbox value', () => {
    const props = { ...SCORED, carequal_outcome: 'disqualified', carequal_route: 'refer_out', carequal_disqualification_reasons: 'out_of_service_area;payer_not_accepted' };
    expect(observeLead(props, DEFAULT_OUTCOME_SIGNALS)?.stopReasons).toEqual(['out_of_service_area', 'payer_not_accepted']);
  });

  it.each([
    ['never scored', { createdate: '2026-11-02T15:00:00.000Z' }],
    ['an unknown band', { ...SCORED, carequal_band: 'scorching' }],
    ['no date at all', { ...SCORED, createdate: null }],
  ])('when the contact has %s, then it is not observed', (_what, props) => {
    expect(observeLead(props, DEFAULT_OUTCOME_SIGNALS)).toBeUndefined();
  });

  it('when the defaults are used, then the job reads the result, disposition, lifecycle, meeting and engagement properties', () => {
    expect(outcomeSignalProperties(DEFAULT_OUTCOME_SIGNALS)).toEqual(expect.arrayContaining([
      'carequal_band', 'carequal_intake_disposition', 'lifecyclestage', 'engagements_last_meeting_booked', 'hs_sa_first_engagement_date',
    ]));
  });

  it('when a configuration has an unknown key, then it is refused', () => {
    expect(OutcomeSignalConfigSchema.safeParse({ bookedStages: ['customer'] }).success).toBe(false);
  });
});
