import type { TenantId } from './ids';
/** What the console's health page shows about the shared pipeline (counts and codes only). */

/** Queue figures for the health page. */
export interface QueueFigures {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Error codes of the most recent failed jobs (no messages: they could hold data). */
  recentFailureCodes: Array<{ code: string; at: Date }>;
}

export interface OperationsReader {
  /** Queue counts (shared service) and this portal's most recent failed-job codes. */
  qualifyQueue(portalId: TenantId): Promise<QueueFigures>;
  rateLimit(portalId: TenantId): Promise<{ used: number; budget: number; windowMs: number }>;
}
