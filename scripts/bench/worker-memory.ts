/**
 * What bench-worker-rss reads from the worker besides its RSS: V8's heap figures from the
 * worker's own Prometheus exposition (prom-client's default metrics on METRICS_PORT) and, on
 * request, heap snapshots written by the worker on SIGUSR2 (`--heapsnapshot-signal`), to compare
 * retainers between checkpoints (`npx tsx scripts/bench/heap-snapshot-summary.ts a b`).
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** V8's view of the worker at one moment, in MB. */
export interface WorkerHeap {
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Old space, new space, code space… as V8 reports them (`nodejs_heap_space_size_used_bytes`). */
  spacesUsedMb: Record<string, number>;
}

/** A TCP port nothing listens on right now (for the worker's metrics listener). */
export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** Scrapes the worker's /metrics and picks out the heap figures; undefined if it does not answer. */
export async function readWorkerHeap(metricsUrl: string): Promise<WorkerHeap | undefined> {
  const text = await fetch(metricsUrl).then((r) => (r.ok ? r.text() : undefined), () => undefined);
  if (!text) return undefined;
  const gauge = (name: string) => Number(new RegExp(`^carequal_${name} (\\S+)$`, 'm').exec(text)?.[1]);
  const spacesUsedMb: Record<string, number> = {};
  for (const m of text.matchAll(/^carequal_nodejs_heap_space_size_used_bytes\{space="([^"]+)"\} (\S+)$/gm)) spacesUsedMb[m[1]!] = mb(Number(m[2]));
  return {
    heapUsedMb: mb(gauge('nodejs_heap_size_used_bytes')),
    heapTotalMb: mb(gauge('nodejs_heap_size_total_bytes')),
    externalMb: mb(gauge('nodejs_external_memory_bytes')),
    spacesUsedMb,
  };
}

/** Resolves with the worker's first heap figures, once its metrics listener answers (it starts after the queue workers). */
export async function waitForWorkerHeap(metricsUrl: string, worker: ChildProcess, timeoutMs: number): Promise<WorkerHeap> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}`);
    const heap = await readWorkerHeap(metricsUrl);
    if (heap) return heap;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the worker did not start');
}

/**
 * Asks the worker for a heap snapshot (it runs with `--heapsnapshot-signal=SIGUSR2` and
 * `--diagnostic-dir=dir`) and resolves with its path once the file has stopped growing.
 */
export async function takeHeapSnapshot(pid: number, dir: string, timeoutMs = 300_000): Promise<string> {
  const before = new Set(listSnapshots(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const file = listSnapshots(dir).find((f) => !before.has(f));
    if (!file) continue;
    const size = statSync(file).size;
    if (size > 0 && size === last) return file;
    last = size;
  }
  throw new Error(`no heap snapshot from the worker within ${timeoutMs / 1000} s`);
}

function listSnapshots(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')).map((f) => path.join(dir, f));
}

/** User + system CPU seconds of a Linux process so far (/proc/<pid>/stat at Linux's 100 ticks a second), or undefined elsewhere. */
export function readCpuS(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Math.round(Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
