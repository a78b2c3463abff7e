/**
 * Jest's node environment, with every test and hook timeout (the default and the explicit ones,
 * e.g. `it(…, 120_000)`) stretched by the machine's current slowdown (test/support/wait.ts): a
 * test gets as much wall-clock time as it needs on a busy machine for the same amount of work.
 */
import { TestEnvironment } from 'jest-environment-node';
import type { Circus } from '@jest/types';
import { testSlowdown } from '../support/wait';

export default class LoadTolerantEnvironment extends TestEnvironment {
  private readonly stretched = new WeakSet<object>();

  handleTestEvent(event: Circus.Event, state: Circus.State): void {
    // Hooks and tests read their timeout right after these events; stretch each one once
    // (a beforeEach hook starts once per test, a retried test once per try).
    const target = event.name === 'test_fn_start' ? event.test : event.name === 'hook_start' ? event.hook : undefined;
    if (!target || this.stretched.has(target)) return;
    this.stretched.add(target);
    target.timeout = Math.round((target.timeout ?? state.testTimeout) * testSlowdown());
  }
}
