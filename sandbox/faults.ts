import type { NextFunction, Request, Response } from 'express';
import type { RandomSource } from './clock';
import { lockedError, migrationInProgressError, rateLimitError, serverError } from './hubspot-errors';

/** Faults injected into requests that match one endpoint pattern. Rates are 0..1. */
export interface FaultRule {
  /** fixed delay before answering */
  latencyMs?: number;
  /** extra random delay in [0, jitterMs) */
  jitterMs?: number;
  /** share of requests answered with a 5xx */
  errorRate?: number;
  /** status used for injected 5xx (default 500) */
  errorStatus?: number;
  /** true (= every request) or a share of requests answered with HubSpot's 429 */
  rateLimitStorm?: boolean | number;
  /** share of requests whose socket is destroyed without an answer */
  dropConnectionRate?: number;
  /** share of requests that are never answered (the client's timeout fires) */
  timeoutRate?: number;
  /** share of requests answered 423 Locked (Retry-After: 2), as HubSpot does under heavy sync load */
  lockedRate?: number;
  /** share of requests answered 477 Migration in Progress, with Retry-After */
  migrationRate?: number;
  /** Retry-After (seconds) of injected 477s (default 1; HubSpot's can run up to 24 h) */
  migrationRetryAfterSeconds?: number;
  /** the rule injects at most this many faults (any kind), then lets requests through */
  maxHits?: number;
}

/**
 * Fault rules by endpoint pattern: `"[METHOD ]path-glob"`, where `*` matches any run of
 * characters, e.g. `"POST /crm/*\/contacts/batch/*"`, `"/oauth/*"` or `"*"`. The first
 * matching pattern (in insertion order) applies.
 */
export type FaultSpec = Record<string, FaultRule>;

interface CompiledRule { method?: string; path: RegExp; rule: FaultRule; hits: number }

/** Holds the current fault spec and applies it as express middleware. */
export class FaultInjector {
  private rules: CompiledRule[] = [];
  private readonly hanging = new Set<Response>();

  constructor(private readonly random: RandomSource) {}

  /** Replaces the fault spec (an empty object clears all faults). */
  set(spec: FaultSpec): void {
    this.rules = Object.entries(spec).map(([pattern, rule]) => compile(pattern, rule));
  }

  /** The rule that applies to a request, if any. */
  match(method: string, path: string): FaultRule | undefined {
    return this.matchCompiled(method, path)?.rule;
  }

  private matchCompiled(method: string, path: string): CompiledRule | undefined {
    return this.rules.find((r) => (!r.method || r.method === method.toUpperCase()) && r.path.test(path));
  }

  /**
   * Middleware: delays, then maybe drops, hangs, or answers 429/5xx. `onRateLimited` lets
   * the caller count storm 429s like real ones.
   */
  middleware(onRateLimited: (req: Request) => void = () => {}) {
    return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      const compiled = this.matchCompiled(req.method, req.originalUrl.split('?')[0]!);
      if (!compiled) return next();
      const rule = compiled.rule;
      const delay = (rule.latencyMs ?? 0) + (rule.jitterMs ? this.random() * rule.jitterMs : 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (rule.maxHits !== undefined && compiled.hits >= rule.maxHits) return next();
      const hit = (rate: number | undefined) => {
        const yes = this.hit(rate);
        if (yes) compiled.hits++;
        return yes;
      };
      if (hit(rule.dropConnectionRate)) {
        req.socket.destroy();
        return;
      }
      if (hit(rule.timeoutRate)) {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      const storm = rule.rateLimitStorm === true ? 1 : rule.rateLimitStorm === false ? 0 : rule.rateLimitStorm;
      if (hit(storm)) {
        onRateLimited(req);
        return next(rateLimitError('TEN_SECONDLY_ROLLING', {}));
      }
      if (hit(rule.lockedRate)) return next(lockedError());
      if (hit(rule.migrationRate)) return next(migrationInProgressError(rule.migrationRetryAfterSeconds ?? 1));
      if (hit(rule.errorRate)) return next(serverError(rule.errorStatus ?? 500));
      next();
    };
  }

  /** Ends requests left hanging by `timeoutRate` (on reset/close). */
  releaseHanging(): void {
    for (const res of this.hanging) res.socket?.destroy();
    this.hanging.clear();
  }

  private hit(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && (rate >= 1 || this.random() < rate);
  }
}

function compile(pattern: string, rule: FaultRule): CompiledRule {
  const match = /^([A-Za-z]+)\s+(.*)$/.exec(pattern.trim());
  const method = match ? match[1]!.toUpperCase() : undefined;
  const glob = match ? match[2]! : pattern.trim();
  const source = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return { method, path: new RegExp(`^${source}$`), rule, hits: 0 };
}
