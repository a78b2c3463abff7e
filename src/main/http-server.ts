import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningHttpServer {
  server: http.Server;
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish, and force-closes what is left at the deadline. */
  close(deadlineMs: number): Promise<void>;
}

/** Listens on host:port (port 0 picks a free one) and resolves once listening. */
export async function listen(app: http.RequestListener, port: number, host: string): Promise<RunningHttpServer> {
  const server = http.createServer(app);
  // HubSpot waits 5 s for a webhook answer; nothing we serve should take longer than this.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    server,
    port: actualPort,
    url: `http://${shownHost}:${actualPort}`,
    close: (deadlineMs) => closeGracefully(server, deadlineMs),
  };
}

async function closeGracefully(server: http.Server, deadlineMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, deadlineMs);
  });
  await Promise.race([closed, deadline]);
  clearTimeout(timer);
}
