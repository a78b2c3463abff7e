import type { Circus } from '@jest/types';
import LoadTolerantEnvironment from './load-tolerant-environment';

/** The environment's event handler, run on a stand-in for the environment (only its own state matters). */
function handlerOn() {
  const self = { stretched: new WeakSet<object>() };
  return (event: unknown, state: Partial<Circus.State>) => LoadTolerantEnvironment.prototype.handleTestEvent.call(self as never, event as Circus.Event, state as Circus.State);
}

describe('the load-tolerant jest environment', () => {
  const saved = process.env.CAREQUAL_TEST_SLOWDOWN;
  beforeEach(() => void (process.env.CAREQUAL_TEST_SLOWDOWN = '2.5'));
  afterEach(() => {
    if (saved === undefined) delete process.env.CAREQUAL_TEST_SLOWDOWN;
    else process.env.CAREQUAL_TEST_SLOWDOWN = saved;
  });

  it('when a test without its own timeout starts, then it gets the default timeout times the slowdown, once even if retried', () => {
    const handle = handlerOn();
    const test = { timeout: undefined as number | undefined };
    handle({ name: 'test_fn_start', test }, { testTimeout: 30_000 });
    expect(test.timeout).toBe(75_000);
    handle({ name: 'test_fn_start', test }, { testTimeout: 30_000 });
    expect(test.timeout).toBe(75_000);
  });

  it('when a hook with an explicit timeout starts for each test, then its timeout is stretched once', () => {
    const handle = handlerOn();
    const hook = { timeout: 120_000 };
    for (let i = 0; i < 3; i++) handle({ name: 'hook_start', hook }, { testTimeout: 30_000 });
    expect(hook.timeout).toBe(300_000);
  });

  it('when another event passes, then nothing changes', () => {
    const handle = handlerOn();
    const test = { timeout: 10 };
    handle({ name: 'test_done', test }, { testTimeout: 30_000 });
    expect(test.timeout).toBe(10);
  });
});
