/**
 * Jest's default runner, split into lanes that run side by side: each project named in the
 * options gets a worker pool of its own with its own cap, the other projects share one pool of
 * `maxWorkers`. Give every project the same runner and options, so jest hands all tests to one
 * runner (it runs different runners one after the other):
 * `runner: ['<rootDir>/test/setup/lane-runner.ts', { lanes: { heavy: 2 } }]`.
 *
 * Why: the heavy suites (servers, child processes, a browser) spend most of their wall time
 * waiting on those, so they overlap well with the CPU-bound unit and integration suites, but two
 * many of them at once would only crowd each other out; the cap keeps that bounded.
 * A serial run (`--runInBand`, or jest's own choice for a few tests) runs the lanes in turn.
 */
import type { Test, TestEvents } from '@jest/test-result';
import type { Config } from '@jest/types';
import TestRunner, { type TestRunnerContext, type TestRunnerOptions, type TestWatcher, type UnsubscribeFn } from 'jest-runner';

type LaneCaps = Record<string, number>;

function laneCapsOf(options: Record<string, unknown> | undefined, maxWorkers: number): LaneCaps {
  const lanes = (options?.lanes ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(lanes).map(([name, cap]) => [name, Number.isInteger(cap) && Number(cap) > 0 ? Math.min(Number(cap), maxWorkers) : maxWorkers]));
}

function projectOf(test: Test): string {
  const name = test.context.config.displayName;
  return typeof name === 'string' ? name : (name?.name ?? '');
}

export default class LaneRunner {
  readonly supportsEventEmitters = true as const;
  private readonly caps: LaneCaps;
  private readonly runners = new Map<string, TestRunner>();

  constructor(globalConfig: Config.GlobalConfig, context: TestRunnerContext, options?: Record<string, unknown>) {
    this.caps = laneCapsOf(options, globalConfig.maxWorkers);
    for (const [lane, maxWorkers] of [['', globalConfig.maxWorkers] as const, ...Object.entries(this.caps)]) {
      this.runners.set(lane, new TestRunner({ ...globalConfig, maxWorkers }, context));
    }
  }

  async runTests(tests: Test[], watcher: TestWatcher, options: TestRunnerOptions): Promise<void> {
    const byLane = new Map<string, Test[]>();
    for (const test of tests) {
      const lane = projectOf(test) in this.caps ? projectOf(test) : '';
      byLane.set(lane, [...(byLane.get(lane) ?? []), test]);
    }
    // The shared lane first in the list only matters for a serial run: the quick suites report first.
    const lanes = [...byLane].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
    if (options.serial) {
      for (const [lane, laneTests] of lanes) await this.runners.get(lane)!.runTests(laneTests, watcher, options);
      return;
    }
    await Promise.all(lanes.map(([lane, laneTests]) => this.runners.get(lane)!.runTests(laneTests, watcher, options)));
  }

  on<Name extends keyof TestEvents>(eventName: Name, listener: (eventData: TestEvents[Name]) => void | Promise<void>): UnsubscribeFn {
    const unsubscribes = [...this.runners.values()].map((r) => r.on(eventName, listener));
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }
}
