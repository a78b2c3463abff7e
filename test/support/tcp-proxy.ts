import net from 'node:net';

/**
 * A TCP proxy a test puts between CareQual and a server (PostgreSQL) to cut the line: `pause()`
 * drops every open connection and refuses new ones (as a failed-over or restarting database
 * looks to its clients), `resume()` lets connections through again. The server itself is
 * untouched, so the fault is the same whatever the server is.
 */
export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far (to see that traffic really went through). */
  readonly connections: number;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let paused = false;
  let connections = 0;
  const server = net.createServer((client) => {
    if (paused) return void client.destroy();
    connections++;
    const upstream = net.connect(target);
    open.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    get connections() {
      return connections;
    },
    pause() {
      paused = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    resume() {
      paused = false;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
