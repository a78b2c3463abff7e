import type http from 'node:http';

/** One route the Express app answers: method and full path as declared (`:param` kept). */
export interface DeclaredRoute {
  method: string;
  path: string;
}

interface LayerLike {
  rawPath?: string | RegExp | (string | RegExp)[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/**
 * Every route of the Express app serving `server` (and the raw routes in front of it), found by walking its router stack (Express 5 /
 * router 2: layers keep their `rawPath`; a mounted router is a layer whose handle has a stack).
 * Middleware without a route (error handlers, parsers) is not a route and is left out.
 */
export function listRoutes(server: http.Server): DeclaredRoute[] {
  // Routes served by node:http in front of Express (raw-route.ts) are listed too.
  const listener = server.listeners('request')[0] as unknown as { express?: unknown; rawRoutes?: readonly DeclaredRoute[] };
  const app = (listener?.express ?? listener) as { router?: { stack: LayerLike[] } };
  if (!app?.router) throw new Error('the server does not serve an Express 5 app');
  const routes: DeclaredRoute[] = (listener.rawRoutes ?? []).map(({ method, path }) => ({ method, path }));
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path: join(prefix, p) });
      } else if (layer.handle?.stack) {
        const raw = Array.isArray(layer.rawPath) ? layer.rawPath[0] : layer.rawPath;
        if (raw instanceof RegExp) throw new Error(`a router mounted on a regular expression (${raw}) cannot be listed`);
        walk(layer.handle.stack, join(prefix, raw ?? '/'));
      }
    }
  };
  walk(app.router.stack, '');
  const seen = new Set<string>();
  return routes.filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

function join(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}
