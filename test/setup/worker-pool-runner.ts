/**
 * Jest's default runner with a cap of its own on worker processes, for one project:
 * `runner: ['<rootDir>/test/setup/worker-pool-runner.ts', { maxWorkers: 1 }]`.
 * The heavy suites (each starts servers, child processes or a browser, so one of them already
 * keeps two cores busy) run one at a time, after the rest have run in parallel; jest runs the
 * projects' runners one after the other and prints one summary for all.
 */
import type { Config } from '@jest/types';
import TestRunner, { type TestRunnerContext } from 'jest-runner';

export default class WorkerPoolRunner extends TestRunner {
  constructor(globalConfig: Config.GlobalConfig, context: TestRunnerContext, options?: Record<string, unknown>) {
    const cap = Number(options?.maxWorkers);
    const maxWorkers = Number.isInteger(cap) && cap > 0 ? Math.min(cap, globalConfig.maxWorkers) : globalConfig.maxWorkers;
    super({ ...globalConfig, maxWorkers }, context, options);
  }
}
