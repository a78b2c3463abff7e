import http from 'node:http';
import net from 'node:net';

/**
 * A reverse proxy in front of CareQual that HubSpot (the sandbox) delivers webhooks to, and that
 * lets them arrive out of order: every other delivery is held until the one sent after it has
 * gone through (or for `holdMs` when none follows), so that one overtakes it. Everything else (OAuth redirects, console) passes straight through. CareQual's
 * PUBLIC_BASE_URL is the relay's URL, so signatures are made and checked for the same URL.
 */
export interface ReorderingRelay {
  readonly url: string;
  /** Webhook deliveries in the order CareQual received them (the sandbox's order is in its own records). */
  readonly arrivals: { seq: number; held: boolean }[];
  setTarget(port: number): void;
  close(): Promise<void>;
}

export async function startReorderingRelay(opts: { port: number; holdMs: number }): Promise<ReorderingRelay> {
  let targetPort = 0;
  let seq = 0;
  const arrivals: { seq: number; held: boolean }[] = [];
  let held: { forward: () => void; timer: NodeJS.Timeout } | undefined;
  const release = () => {
    if (!held) return;
    clearTimeout(held.timer);
    const { forward } = held;
    held = undefined;
    forward();
  };
  // Held until the next delivery has gone through (an order, whatever the machine's speed), or
  // for holdMs when no other delivery comes.
  const hold = (forward: () => void) => {
    release();
    held = { forward, timer: setTimeout(release, opts.holdMs) };
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isWebhook = req.method === 'POST' && req.url === '/webhooks/hubspot';
      const n = isWebhook ? ++seq : 0;
      const isHeld = isWebhook && n % 2 === 1;
      const forward = () => {
        if (isWebhook) arrivals.push({ seq: n, held: isHeld });
        const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        upstream.on('error', () => res.writeHead(502).end());
        upstream.end(Buffer.concat(chunks));
      };
      if (isHeld) hold(forward);
      else {
        forward();
        release(); // the held one now arrives after the one that overtook it
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    setTarget: (p) => void (targetPort = p),
    close: () => new Promise<void>((resolve) => {
      if (held) clearTimeout(held.timer);
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
