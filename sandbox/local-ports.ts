import net from 'node:net';

/** A port asked for on the command line is already in use; the message says what to do. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly port: number, readonly what: string) {
    super(`port ${port} (${what}) is already in use on 127.0.0.1: stop what listens there, or choose another port (0 = any free port)`);
  }
}

/** A free TCP port on 127.0.0.1 (the app's URL must be known before it starts: webhooks are signed for it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * Resolves `port` to one that can be listened on: 0 → a free port; otherwise checks that
 * nothing listens there yet and throws {@link PortInUseError} when something does.
 */
export async function claimPort(port: number, what: string): Promise<number> {
  if (port === 0) return freePort();
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port, what);
    throw error;
  }
  await new Promise((r) => server.close(r));
  return port;
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const endAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > endAt) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
