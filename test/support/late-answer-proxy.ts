import http from 'node:http';
import net from 'node:net';

/**
 * An HTTP proxy between CareQual and HubSpot (the sandbox) that forwards every request at once
 * but, for requests matching `lateFor`, holds HubSpot's answer for `holdMs` before passing it
 * on: HubSpot has done the work, CareQual only hears about it late (or, past its timeout,
 * never). That is the case a request timeout cannot tell apart from "nothing happened".
 */
export interface LateAnswerProxy {
  readonly url: string;
  setTarget(url: string): void;
  /** Answers to matching requests are held this long (0 = pass through). */
  lateFor(match: (method: string, path: string) => boolean, holdMs: number): void;
  /** Matching requests HubSpot answered while the answer was held. */
  readonly held: number;
  close(): Promise<void>;
}

export async function startLateAnswerProxy(): Promise<LateAnswerProxy> {
  let target: URL | undefined;
  let rule: { match: (method: string, path: string) => boolean; holdMs: number } | undefined;
  let held = 0;
  const server = http.createServer((req, res) => {
    if (!target) return void res.writeHead(502).end();
    const late = rule && rule.holdMs > 0 && rule.match(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!) ? rule.holdMs : 0;
    const upstream = http.request({ host: target.hostname, port: Number(target.port), method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const answer = () => {
          if (res.destroyed) return;
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(Buffer.concat(chunks));
        };
        if (late) {
          held++;
          setTimeout(answer, late);
        } else answer();
      });
    });
    upstream.on('error', () => !res.headersSent && res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget: (url) => void (target = new URL(url)),
    lateFor: (match, holdMs) => void (rule = { match, holdMs }),
    get held() {
      return held;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
