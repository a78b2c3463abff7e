import { tenantId } from './ports/ids';
import { createBatchingAuditLog } from './audit-batcher';
import type { AuditEntryInput } from './ports/audit-log.port';

const entry = (objectId: string): AuditEntryInput => ({ portalId: tenantId(1), action: 'webhook.accepted', actor: { kind: 'hubspot' }, objectId, outcome: 'success' });

describe('createBatchingAuditLog', () => {
  it('when appends arrive while one is being written, then they are written together and each resolves after its own write', async () => {
    const calls: string[][] = [];
    let release: () => void = () => undefined;
    const inner = {
      append: (entries: readonly AuditEntryInput[]) => {
        calls.push(entries.map((e) => e.objectId!));
        return calls.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
    };
    const log = createBatchingAuditLog(inner);
    const settled: string[] = [];
    const first = log.append([entry('a')]).then(() => settled.push('a'));
    const second = log.append([entry('b')]).then(() => settled.push('b'));
    const third = log.append([entry('c'), entry('d')]).then(() => settled.push('cd'));
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([['a']]);
    expect(settled).toEqual([]);
    release();
    await Promise.all([first, second, third]);
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
    expect(settled).toEqual(['a', 'b', 'cd']);
  });

  it('when a batch fails, then exactly its callers reject and the next batch is still written', async () => {
    let fail = true;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const inner = {
      append: async (entries: readonly AuditEntryInput[]) => {
        if (entries[0]!.objectId === 'a') await gate;
        if (fail && entries[0]!.objectId === 'b') throw new Error('database unreachable');
      },
    };
    const log = createBatchingAuditLog(inner);
    const a = log.append([entry('a')]);
    const b = log.append([entry('b')]);
    release();
    await expect(a).resolves.toBeUndefined();
    await expect(b).rejects.toThrow('database unreachable');
    fail = false;
    await expect(log.append([entry('e')])).resolves.toBeUndefined();
  });

  it('when a batch would exceed the entry cap, then it is split', async () => {
    const sizes: number[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const log = createBatchingAuditLog({ append: async (entries) => { sizes.push(entries.length); if (sizes.length === 1) await gate; } }, { maxEntries: 3 });
    const all = [log.append([entry('x')]), log.append([entry('1'), entry('2')]), log.append([entry('3'), entry('4')]), log.append([entry('5')])];
    release();
    await Promise.all(all);
    expect(sizes).toEqual([1, 2, 3]);
  });
});

describe('createBatchingAuditLog with a wait window', () => {
  it('when appends arrive within the window, then they are written in one append', async () => {
    jest.useFakeTimers(); // the window is measured on the clock, not on how busy the machine is
    try {
      const calls: number[] = [];
      const log = createBatchingAuditLog({ append: async (entries) => void calls.push(entries.length) }, { maxWaitMs: 20 });
      const all = [log.append([entry('a')]), log.append([entry('b')])];
      await jest.advanceTimersByTimeAsync(5);
      all.push(log.append([entry('c')]));
      expect(calls).toEqual([]);
      await jest.advanceTimersByTimeAsync(20);
      await Promise.all(all);
      expect(calls).toEqual([3]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('when the entry cap is reached, then it writes without waiting for the window', async () => {
    const calls: number[] = [];
    const log = createBatchingAuditLog({ append: async (entries) => void calls.push(entries.length) }, { maxWaitMs: 60_000, maxEntries: 2 });
    await Promise.all([log.append([entry('a')]), log.append([entry('b')])]);
    expect(calls).toEqual([2]);
  });
});
