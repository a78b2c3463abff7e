/**
 * qualify-throughput of two checkouts in ONE process, round by round in turn, so both see the
 * same load: on a busy shared machine two benchmark runs one after the other can differ by 2 ×
 * from the neighbours alone. Prints CPU µs per contact (best and median round) for each.
 *
 *   git archive main | tar -x -C /tmp/main-copy && ln -s "$PWD/node_modules" /tmp/main-copy/node_modules
 *   npx tsx scripts/bench/ab-qualify.ts /tmp/main-copy [secondsPerRound=0.1] [rounds=60]
 *
 * Caution: the checkout loaded second runs slower in one process (two identical copies of main:
 * 11.3 against 14.0 µs per contact at load 16, 2026-12-03), so read a difference only when it
 * holds when the script is also run from the other checkout, or compare in separate processes run
 * in turn.
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import type { ContactRecord } from '../../src/core/testing/contact.factory';
import { buildMixedContacts } from './mixed-contacts';

interface Variant {
  readonly root: string;
  readonly criteria: unknown;
  readonly qualify: (props: ContactRecord, criteria: unknown, now: Date) => unknown;
  readonly rounds: number[];
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function load(root: string): Promise<Variant> {
  const reference = await import(path.join(root, 'src/adapters/reference/reference-data.loader'));
  reference.installReferenceData();
  const core = await import(path.join(root, 'src/core'));
  return { root, criteria: core.buildDefaultCriteria(), qualify: core.qualifyContact, rounds: [] };
}

function runRound(v: Variant, contacts: readonly ContactRecord[], seconds: number, now: Date): number {
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  let n = 0;
  const started = cpuMicros();
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 100; i++) v.qualify(contacts[(n + i) % contacts.length] as ContactRecord, v.criteria, now);
    n += 100;
  }
  return (cpuMicros() - started) / n;
}

async function main(): Promise<void> {
  const [other, secondsArg, roundsArg] = process.argv.slice(2);
  if (other === undefined) throw new Error('usage: ab-qualify.ts <other checkout> [secondsPerRound] [rounds]');
  const seconds = Number(secondsArg ?? 0.1);
  const rounds = Number(roundsArg ?? 60);
  const variants = [await load(path.resolve(other)), await load(path.resolve(__dirname, '../..'))];
  const contacts = buildMixedContacts(20_000);
  const now = new Date();
  for (const v of variants) for (let i = 0; i < 2; i++) runRound(v, contacts, seconds, now); // warm-up
  for (let r = 0; r < rounds; r++) for (const v of r % 2 === 0 ? variants : [...variants].reverse()) v.rounds.push(runRound(v, contacts, seconds, now));
  for (const v of variants) {
    const sorted = [...v.rounds].sort((a, b) => a - b);
    const best = sorted[0] as number;
    console.log(`${v.root}: best ${best.toFixed(1)} µs per contact (${Math.round(1e6 / best)} per CPU-second), median ${(sorted[Math.floor(sorted.length / 2)] as number).toFixed(1)} µs`);
  }
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

void main();
