import { z } from 'zod';
import { BANDS, OUTCOMES, ROUTES, type Band, type Outcome, type Route } from '../criteria/vocabulary';
import { parseHubSpotDateTime } from '../qualification/inquiry';
import { INTAKE_DISPOSITION_PROPERTY } from './intake-vocabulary';

/**
 * Which HubSpot facts say that an inquiry booked and when intake first reached out (issue 20),
 * per portal. Practices track bookings differently: a meeting booked through HubSpot's meetings
 * tool, a lifecycle stage, a property of their own, or CareQual's intake disposition.
 */
export const OutcomeSignalConfigSchema = z.strictObject({
  /** Booked when intake set the disposition "reached — booked". */
  dispositionBooked: z.boolean().default(true),
  /** Booked when the contact's lifecycle stage is one of these. */
  bookedLifecycleStages: z.array(z.string().min(1)).max(10).default(['opportunity', 'customer']),
  /**
   * Booked when this contact datetime property has a value after the inquiry: by default HubSpot's
   * "Date of last meeting booked in meetings tool" (a meeting engagement on the contact).
   */
  bookedDateProperty: z.string().min(1).nullable().default('engagements_last_meeting_booked'),
  /** Booked when this property holds one of `values` (a practice's own field). */
  bookedProperty: z.strictObject({ name: z.string().min(1), values: z.array(z.string()).min(1).max(20) }).nullable().default(null),
  /**
   * First outreach: this contact datetime property (HubSpot's "Date of first engagement": the first
   * logged call, e-mail or meeting), or the completion of CareQual's follow-up task, whichever is first.
   */
  firstOutreachProperty: z.string().min(1).nullable().default('hs_sa_first_engagement_date'),
  countTaskCompletion: z.boolean().default(true),
});
export type OutcomeSignalConfig = z.infer<typeof OutcomeSignalConfigSchema>;

/** The defaults every portal starts with. */
export const DEFAULT_OUTCOME_SIGNALS: OutcomeSignalConfig = OutcomeSignalConfigSchema.parse({});

/** CareQual's own result properties the job reads besides the signals. */
export const RESULT_PROPERTIES = [
  'carequal_band', 'carequal_outcome', 'carequal_route', 'carequal_rules_version', 'carequal_score',
  'carequal_disqualification_reasons', 'carequal_respond_by', 'carequal_scored_at', 'createdate', 'recent_conversion_date',
] as const;

/** Every contact property the effectiveness job needs for this configuration (names only). */
export function outcomeSignalProperties(config: OutcomeSignalConfig): string[] {
  return [...new Set([
    ...RESULT_PROPERTIES, INTAKE_DISPOSITION_PROPERTY, 'lifecyclestage',
    ...(config.bookedDateProperty ? [config.bookedDateProperty] : []),
    ...(config.bookedProperty ? [config.bookedProperty.name] : []),
    ...(config.firstOutreachProperty ? [config.firstOutreachProperty] : []),
  ])].sort();
}

/**
 * One scored inquiry as the effectiveness figures see it. Lives in memory during a run only:
 * it is folded into counts and dropped (no contact-level data is kept).
 */
export interface LeadObservation {
  readonly criteriaVersion: string;
  readonly band: Band;
  readonly outcome: Outcome;
  readonly route: Route;
  readonly score: number;
  readonly stopReasons: readonly string[];
  readonly arrivedAt: Date;
  readonly respondBy: Date | null;
  readonly firstOutreachAt: Date | null;
  readonly booked: boolean;
  /** Ids of the criteria rules that gave this inquiry points (for lift per condition). */
  readonly ruleIds: readonly string[];
}

type Props = Readonly<Record<string, string | null | undefined>>;

/**
 * Reads one contact's CareQual result and outcome signals, or undefined when CareQual never
 * scored it (or the stored codes are not CareQual's). Pure.
 */
export function observeLead(props: Props, config: OutcomeSignalConfig, extra: { taskCompletedAt?: Date | null; ruleIds?: readonly string[] } = {}): LeadObservation | undefined {
  const band = oneOf(BANDS, props.carequal_band);
  const outcome = oneOf(OUTCOMES, props.carequal_outcome);
  const route = oneOf(ROUTES, props.carequal_route);
  const arrivedAt = parseHubSpotDateTime(props.recent_conversion_date) ?? parseHubSpotDateTime(props.createdate) ?? parseHubSpotDateTime(props.carequal_scored_at);
  if (!band || !outcome || !route || !arrivedAt) return undefined;
  const score = Number(props.carequal_score);
  return {
    criteriaVersion: props.carequal_rules_version || 'unknown',
    band, outcome, route,
    score: Number.isFinite(score) ? score : 0,
    stopReasons: (props.carequal_disqualification_reasons ?? '').split(';').filter((r) => r !== ''),
    arrivedAt,
    respondBy: parseHubSpotDateTime(props.carequal_respond_by),
    firstOutreachAt: firstOutreach(props, config, arrivedAt, extra.taskCompletedAt ?? null),
    booked: isBooked(props, config, arrivedAt),
    ruleIds: extra.ruleIds ?? [],
  };
}

function isBooked(props: Props, config: OutcomeSignalConfig, arrivedAt: Date): boolean {
  if (config.dispositionBooked && props[INTAKE_DISPOSITION_PROPERTY] === 'reached_booked') return true;
  if (props.lifecyclestage && config.bookedLifecycleStages.includes(props.lifecyclestage)) return true;
  if (config.bookedProperty && config.bookedProperty.values.includes(props[config.bookedProperty.name] ?? '')) return true;
  const bookedAt = config.bookedDateProperty ? parseHubSpotDateTime(props[config.bookedDateProperty]) : null;
  return bookedAt !== null && bookedAt.getTime() >= arrivedAt.getTime();
}

function firstOutreach(props: Props, config: OutcomeSignalConfig, arrivedAt: Date, taskCompletedAt: Date | null): Date | null {
  const engaged = config.firstOutreachProperty ? parseHubSpotDateTime(props[config.firstOutreachProperty]) : null;
  const candidates = [engaged, config.countTaskCompletion ? taskCompletedAt : null]
    .filter((d): d is Date => d !== null && d.getTime() >= arrivedAt.getTime());
  return candidates.length === 0 ? null : new Date(Math.min(...candidates.map((d) => d.getTime())));
}

function oneOf<T extends string>(codes: readonly T[], value: string | null | undefined): T | undefined {
  return codes.find((c) => c === value);
}
