import type { RecordSnapshot } from '../../sandbox/hubspot-sandbox';
import type { DemoEffectiveness } from './demo-history';

/** One sample lead's result, as the demo's `--json` writes it (DESIGN.md §10). */
export interface DemoContactResult {
  contactId: string;
  label: string;
  score: number;
  band: string;
  outcome: string;
  route: string;
  reasons: string;
  disqualificationReasons: string[];
  respondBy: string | null;
  latencyMs: number;
}

/** The whole `--json` document. */
export interface DemoResults {
  portalId: number;
  consoleUrl: string;
  contacts: DemoContactResult[];
  /** The installation's data mode: `sensitive` only on Enterprise with Sensitive Data. */
  dataMode: 'sensitive' | 'standard';
  /** With `--history N`: the effectiveness headline of the seeded history (raw counts: sandbox data). */
  effectiveness?: DemoEffectiveness;
}

/**
 * What CareQual wrote onto a contact, read back from the sandbox as HubSpot holds it; undefined
 * until the first write-back. Latency is creation → write-back, both on HubSpot's own record
 * (the first history entry of `email` and of `carequal_outcome`), so polling does not blur it.
 */
export function readDemoResult(contact: RecordSnapshot | undefined, label: string): DemoContactResult | undefined {
  const p = contact?.properties;
  if (!contact || !p?.carequal_outcome) return undefined;
  const createdAt = Date.parse(firstTimestamp(contact, 'email') ?? '');
  const writtenAt = Date.parse(firstTimestamp(contact, 'carequal_outcome') ?? '');
  return {
    contactId: contact.id,
    label,
    score: Number(p.carequal_score),
    band: p.carequal_band ?? '',
    outcome: p.carequal_outcome,
    route: p.carequal_route ?? '',
    reasons: p.carequal_reasons ?? '',
    disqualificationReasons: p.carequal_disqualification_reasons ? p.carequal_disqualification_reasons.split(';').filter(Boolean) : [],
    respondBy: p.carequal_respond_by ? toIso(p.carequal_respond_by) : null,
    latencyMs: Number.isFinite(createdAt) && Number.isFinite(writtenAt) ? writtenAt - createdAt : NaN,
  };
}

function firstTimestamp(contact: RecordSnapshot, property: string): string | undefined {
  const history = contact.history[property] ?? [];
  // HubSpot lists history newest first; the oldest entry is the creation (or first write-back).
  return [...history].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))[0]?.timestamp;
}

/** HubSpot datetime values come as ISO strings or epoch milliseconds; the JSON always says ISO. */
function toIso(value: string): string {
  const asNumber = Number(value);
  return new Date(Number.isFinite(asNumber) && /^\d+$/.test(value) ? asNumber : Date.parse(value)).toISOString();
}
