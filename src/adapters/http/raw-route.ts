import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { AppError } from '../../app/errors';

/**
 * A route node:http serves directly, in front of Express: for a machine-to-machine path so hot that
 * Express's per-request work (router, middleware chain, body parser) is a measurable share of it.
 * It owns its whole answer: headers, body limit, errors.
 */
export interface RawRoute {
  method: string;
  /** Exact path; the query string is not part of the match. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/** The request listener: a raw route when method and path match, the Express app otherwise. */
export type DispatchingListener = RequestListener & { readonly express: RequestListener; readonly rawRoutes: readonly RawRoute[] };

/** Puts `routes` in front of `fallback` (the Express app), which stays reachable for route listings. */
export function withRawRoutes(routes: readonly RawRoute[], fallback: RequestListener): DispatchingListener {
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const listener: RequestListener = (req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const route = byKey.size ? byKey.get(`${req.method} ${query < 0 ? url : url.slice(0, query)}`) : undefined;
    if (route) route.handle(req, res);
    else fallback(req, res);
  };
  return Object.assign(listener, { express: fallback, rawRoutes: routes });
}

/**
 * The raw body, refused with 413 (`request.too_large`) past `limitBytes` — declared or sent — and
 * with 415 when it is content-encoded (never inflated: the signature covers the bytes as sent).
 */
export function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') return Promise.reject(new AppError('request.unsupported_media_type', 'Unsupported request encoding.', { expose: true }));
  if (Number(req.headers['content-length']) > limitBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume(); // discard the rest; the answer is 413
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', reject);
    // A client that went away before the end: nothing to answer (a settled promise ignores this).
    req.once('close', () => reject(new AppError('request.invalid', 'The request ended early.', { expose: true })));
  });
}

function tooLarge(): AppError {
  return new AppError('request.too_large', 'The request body is too large.', { expose: true });
}
