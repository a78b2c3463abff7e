/**
 * Where a new inquiry's latency goes, stage by stage, for the benchmarks that run the app and the
 * sandbox in one process (bench-portals). Aggregates only: ids are used to join the stages, never
 * reported, and no property value is read except CareQual's own outcome's history timestamp.
 *
 *   created    the contact's creation in HubSpot (first `email` history entry)
 *   delivered  the sandbox's first webhook delivery attempt carrying its creation event
 *   enqueued   its first qualify job added (the intake worker took the delivery in)
 *   started    that job's processing began (BullMQ processedOn: the last attempt's start)
 *   written    CareQual's first `carequal_outcome` write (first history entry)
 *
 * Plus a sampler of what the process was doing meanwhile: event-loop delay (is this process
 * starved of CPU?), its CPU share, and the queues' depths (is the inquiry waiting behind jobs?).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { HubSpotSandbox, RecordSnapshot } from '../../sandbox/hubspot-sandbox';
import { percentile } from './bench-result';

export interface InquiryRef {
  portalId: number;
  id: string;
}

type Stage = 'created' | 'delivered' | 'enqueued' | 'started' | 'written';
const STAGES: Stage[] = ['created', 'delivered', 'enqueued', 'started', 'written'];

/** p50/p95/max in ms of each step between consecutive stages, over the inquiries that reached both. */
export async function measureInquiryStages(sandbox: HubSpotSandbox, redis: Redis, queuePrefix: string, inquiries: InquiryRef[]): Promise<{ steps: Record<string, Spread>; qualifyJobs: Record<string, unknown> }> {
  const delivered = new Map<string, number>();
  for (const d of sandbox.webhookDeliveries()) {
    for (const e of d.events) {
      const key = `${e.portalId}:${String(e.objectId)}`;
      if (!delivered.has(key)) delivered.set(key, d.at);
    }
  }
  const qualify = new Queue('qualify', { connection: redis.duplicate(), prefix: queuePrefix });
  qualify.on('error', () => undefined); // reconnects by itself; the figures come after the run
  const firstJob = new Map<string, { enqueued: number; started?: number; attempts: number }>();
  const byReason: Record<string, number> = {};
  const runMs: number[] = [];
  let retried = 0;
  try {
    for (const job of await qualify.getJobs(['completed', 'failed', 'active', 'wait', 'prioritized', 'delayed'])) {
      const data = job?.data as { portalId?: number; contactIds?: string[]; reason?: string } | undefined;
      if (!job || !data?.contactIds) continue;
      byReason[data.reason ?? '?'] = (byReason[data.reason ?? '?'] ?? 0) + 1;
      if (job.attemptsMade > 1) retried++;
      if (job.finishedOn && job.processedOn) runMs.push(job.finishedOn - job.processedOn);
      for (const id of data.contactIds) {
        const key = `${data.portalId}:${id}`;
        const seen = firstJob.get(key);
        if (!seen || job.timestamp < seen.enqueued) firstJob.set(key, { enqueued: job.timestamp, started: job.processedOn, attempts: job.attemptsMade });
      }
    }
  } finally {
    await qualify.close();
  }
  const steps: Record<string, number[]> = {};
  for (const { portalId, id } of inquiries) {
    const key = `${portalId}:${id}`;
    const contact = sandbox.getContact(portalId, id);
    const at: Partial<Record<Stage, number>> = {
      created: firstAt(contact, 'email'),
      delivered: delivered.get(key),
      enqueued: firstJob.get(key)?.enqueued,
      started: firstJob.get(key)?.started,
      written: firstAt(contact, 'carequal_outcome'),
    };
    for (let i = 1; i < STAGES.length; i++) {
      const from = at[STAGES[i - 1]!];
      const to = at[STAGES[i]!];
      if (from !== undefined && to !== undefined) (steps[`${STAGES[i - 1]}→${STAGES[i]}`] ??= []).push(to - from);
    }
  }
  return {
    steps: Object.fromEntries(Object.entries(steps).map(([step, ms]) => [step, spread(ms)])),
    qualifyJobs: { byReason, retried, inquiriesWhoseFirstJobRetried: [...firstJob.values()].filter((j) => j.attempts > 1).length, lastAttemptRunMs: spread(runMs) },
  };
}

interface Spread { n: number; p50: number; p95: number; max: number }

function spread(ms: number[]): Spread {
  return { n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms.length ? Math.max(...ms) : NaN };
}

function firstAt(contact: RecordSnapshot | undefined, property: string): number | undefined {
  const times = (contact?.history[property] ?? []).map((h) => Date.parse(h.timestamp)).filter(Number.isFinite);
  return times.length ? Math.min(...times) : undefined;
}

export interface ProcessSample {
  atS: number;
  eventLoopDelayP99Ms: number;
  cpuShare: number;
  queues: Record<string, number>;
}

/**
 * Samples every `intervalMs`: the event loop's p99 delay over the interval, this process's CPU
 * over wall time (1.0 = one core), and the qualify/intake/backfill queue depths (waiting +
 * prioritized + delayed, and active). stop() resolves with the samples.
 */
export function sampleProcess(redis: Redis, queuePrefix: string, intervalMs = 1000): { stop(): Promise<{ samples: ProcessSample[]; cpuMs: number; wallMs: number }> } {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const queues = ['qualify', 'webhook-intake', 'backfill'].map((name) => new Queue(name, { connection: redis.duplicate(), prefix: queuePrefix }));
  for (const q of queues) q.on('error', () => undefined); // a missed sample is fine
  const samples: ProcessSample[] = [];
  const t0 = Date.now();
  const cpuAtStart = process.cpuUsage();
  let cpu = process.cpuUsage();
  let wall = Date.now();
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = (async () => {
      const used = process.cpuUsage(cpu);
      const now = Date.now();
      const cpuShare = (used.user + used.system) / 1000 / Math.max(1, now - wall);
      cpu = process.cpuUsage();
      wall = now;
      const depths: Record<string, number> = {};
      for (const q of queues) {
        const c = await q.getJobCounts('wait', 'prioritized', 'delayed', 'active');
        depths[`${q.name}.waiting`] = (c.wait ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
        depths[`${q.name}.active`] = c.active ?? 0;
      }
      samples.push({ atS: Math.round((now - t0) / 100) / 10, eventLoopDelayP99Ms: Math.round(loop.percentile(99) / 1e6), cpuShare: Math.round(cpuShare * 100) / 100, queues: depths });
      loop.reset();
    })().catch(() => undefined);
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      loop.disable();
      await Promise.all(queues.map((q) => q.close()));
      const used = process.cpuUsage(cpuAtStart);
      return { samples, cpuMs: Math.round((used.user + used.system) / 1000), wallMs: Date.now() - t0 };
    },
  };
}

/** The samples' summary: p50/p95/max of event-loop delay, mean CPU share, max depth of each queue. */
export function summariseSamples({ samples, cpuMs, wallMs }: { samples: ProcessSample[]; cpuMs: number; wallMs: number }, inquiries: number): Record<string, unknown> {
  const delays = samples.map((s) => s.eventLoopDelayP99Ms);
  const maxDepth: Record<string, number> = {};
  for (const s of samples) for (const [q, n] of Object.entries(s.queues)) maxDepth[q] = Math.max(maxDepth[q] ?? 0, n);
  return {
    wallMs,
    processCpuMs: cpuMs,
    processCpuMsPerInquiry: Math.round(cpuMs / Math.max(1, inquiries)),
    samples: samples.length,
    eventLoopDelayP99Ms: { p50: percentile(delays, 50), p95: percentile(delays, 95), max: Math.max(...delays) },
    meanCpuShare: Math.round((samples.reduce((a, s) => a + s.cpuShare, 0) / Math.max(1, samples.length)) * 100) / 100,
    maxQueueDepth: maxDepth,
  };
}

/**
 * Profiles this process's CPU from now until stop() (node:inspector), writing a .cpuprofile to
 * `file` (open it in Chrome DevTools) and resolving with the share of samples by owner: the app
 * (a src/ frame on the stack), the sandbox, the benchmark, PGlite (its JS and WebAssembly, whose
 * queries run detached from the caller's stack), other libraries, node internals and GC.
 */
export async function profileCpu(file: string): Promise<{ stop(): Promise<Record<string, number>> }> {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      return shareByOwner(profile);
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

function shareByOwner(profile: CpuProfile): Record<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owned: Record<string, number> = {};
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const dt = profile.timeDeltas?.[i] ?? 0;
    total += dt;
    const owner = ownerOf(id, byId, parent);
    owned[owner] = (owned[owner] ?? 0) + dt;
  });
  return Object.fromEntries(Object.entries(owned).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / Math.max(1, total)) * 1000) / 1000]));
}

function ownerOf(id: number, byId: Map<number, CpuProfile['nodes'][number]>, parent: Map<number, number>): string {
  const leaf = byId.get(id)!.callFrame;
  if (leaf.functionName === '(garbage collector)') return 'gc';
  if (leaf.functionName === '(idle)' || leaf.functionName === '(program)') return 'idle/program';
  if (leaf.url.includes('@electric-sql') || leaf.url.startsWith('wasm://')) return 'pglite';
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const url = byId.get(at)!.callFrame.url;
    if (url.includes('/src/')) return 'app';
    if (url.includes('/sandbox/')) return 'sandbox';
    if (url.includes('/scripts/')) return 'bench';
  }
  return leaf.url === '' || leaf.url.startsWith('node:') ? 'node internals' : 'other libraries';
}
