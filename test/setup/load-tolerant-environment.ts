/**
 * Jest's node environment, with every test and hook timeout (the default and the explicit ones,
 * e.g. `it(…, 120_000)`) stretched by the machine's current slowdown (test/support/wait.ts): a
 * test gets as much wall-clock time as it needs on a busy machine for the same amount of work.
 * It also records each suite's CPU seconds for the slowest-suites reporter.
 */
import { TestEnvironment } from 'jest-environment-node';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { testSlowdown } from '../support/wait';
import { cpuSecondsSoFar, recordSuiteCpu } from './suite-cpu';

export default class LoadTolerantEnvironment extends TestEnvironment {
  private readonly stretched = new WeakSet<object>();
  private readonly rootDir: string;
  private readonly testPath: string;
  private cpuAtSetup = 0;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.rootDir = config.projectConfig.rootDir;
    this.testPath = context.testPath;
  }

  /** Also notes the CPU time spent so far, so that teardown can record the suite's (test/setup/suite-cpu.ts). */
  override async setup(): Promise<void> {
    this.cpuAtSetup = cpuSecondsSoFar();
    await super.setup();
  }

  override async teardown(): Promise<void> {
    await super.teardown();
    recordSuiteCpu(this.rootDir, this.testPath, cpuSecondsSoFar() - this.cpuAtSetup);
  }

  handleTestEvent(event: Circus.Event, state: Circus.State): void {
    // Hooks and tests read their timeout right after these events; stretch each one once
    // (a beforeEach hook starts once per test, a retried test once per try).
    const target = event.name === 'test_fn_start' ? event.test : event.name === 'hook_start' ? event.hook : undefined;
    if (!target || this.stretched.has(target)) return;
    this.stretched.add(target);
    target.timeout = Math.round((target.timeout ?? state.testTimeout) * testSlowdown());
  }
}
