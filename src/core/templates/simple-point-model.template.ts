import type { Criteria } from '../criteria/criteria.schema';
import { buildBasicHardStops, buildPracticeBasics, SAFETY_PHRASES } from './template-parts';

/**
 * The playbooks' simple point model: +25 a specific procedure, +20 an appointment request, +15
 * insurance information given, +5 a guide download; 30 points or more is "Care-Ready" and gets
 * an intake call within one hour, anything lower goes to a nurture sequence. Points add up as
 * they are (`sum_of_points`), so the threshold reads exactly as in the playbook.
 */
export function buildSimplePointModelCriteria(): Criteria {
  return {
    schemaVersion: 1,
    name: 'Simple point model (Care-Ready at 30)',
    ...buildPracticeBasics(),
    rules: {
      fit: [
        { id: 'specific-procedure', when: { signal: 'serviceLine.status', op: 'is', value: 'offered' }, points: 25, reason: 'specific procedure requested' },
        { id: 'insurance-given', when: { signal: 'payer.provided', op: 'is', value: true }, points: 15, reason: 'insurance information provided' },
      ],
      intent: [
        {
          id: 'appointment-request',
          when: { any: [{ signal: 'inquiry.bookingRequest', op: 'is', value: true }, { signal: 'engagement.appointmentForm', op: 'is', value: true }] },
          points: 20,
          reason: 'appointment requested',
        },
        { id: 'guide-download', when: { signal: 'engagement.guideDownload', op: 'is', value: true }, points: 5, reason: 'downloaded a guide' },
      ],
      readiness: [],
    },
    scoring: { combine: 'sum_of_points', weights: { fit: 0.4, intent: 0.3, readiness: 0.3 } },
    hardStops: buildBasicHardStops(),
    bands: [
      { band: 'high', minScore: 30, outcome: 'care_ready', route: 'intake_call_now', slaMinutes: 60 },
      { band: 'low', minScore: 0, outcome: 'nurture', route: 'nurture_sequence', slaMinutes: null },
    ],
    missingInfo: { track: ['service_interest', 'insurance', 'phone', 'contact_method'], reviewWhenMissing: [], reviewSlaMinutes: 1440 },
    safety: { phrases: [...SAFETY_PHRASES], slaMinutes: 15 },
  };
}
