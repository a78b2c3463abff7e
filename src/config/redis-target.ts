import { z } from 'zod';

/** One Redis server or sentinel, as `host:port`. */
export interface RedisNode {
  host: string;
  port: number;
}

/** Credentials and transport shared by every data node: taken from REDIS_URL in every mode. */
export interface RedisAuth {
  username?: string;
  password?: string;
  /** `rediss:` URL: TLS to every node. */
  tls: boolean;
}

/**
 * Where CareQual's Redis is: one server (REDIS_URL), a Redis Cluster (REDIS_CLUSTER_NODES seeds;
 * the rest of the cluster is discovered from them), or a master found through Sentinel
 * (REDIS_SENTINELS + REDIS_SENTINEL_MASTER; failover follows the sentinels).
 */
export type RedisTarget =
  | { mode: 'standalone'; url: string }
  | ({ mode: 'cluster'; nodes: RedisNode[] } & RedisAuth)
  | ({ mode: 'sentinel'; sentinels: RedisNode[]; masterName: string; sentinelPassword?: string; db: number } & RedisAuth);

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

/** `host:port[,host:port…]` (IPv6 hosts in brackets: `[::1]:6379`). */
export const redisNodeList = (what: string) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((value, ctx) => {
        const nodes = value.split(',').map((s) => s.trim()).filter(Boolean).map(parseNode);
        if (nodes.length === 0 || nodes.some((n) => n === undefined)) {
          ctx.addIssue({ code: 'custom', message: `must be ${what}: a comma-separated list of host:port` });
          return z.NEVER;
        }
        return nodes as RedisNode[];
      })
      .optional(),
  );

function parseNode(entry: string): RedisNode | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

export interface RedisVariables {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES?: RedisNode[];
  REDIS_SENTINELS?: RedisNode[];
  REDIS_SENTINEL_MASTER?: string;
  REDIS_SENTINEL_PASSWORD?: string;
}

/** Which variable is wrong and why, when the Redis variables contradict each other. */
export interface RedisTargetProblem {
  variable: string;
  expected: string;
}

/** Derives the Redis target from the parsed variables, or names the variable that makes it ambiguous. */
export function redisTargetOf(vars: RedisVariables): RedisTarget | RedisTargetProblem {
  if (vars.REDIS_CLUSTER_NODES && vars.REDIS_SENTINELS) {
    return { variable: 'REDIS_SENTINELS', expected: 'must not be set together with REDIS_CLUSTER_NODES (a Redis Cluster or Sentinel, not both)' };
  }
  if (vars.REDIS_SENTINELS && !vars.REDIS_SENTINEL_MASTER) {
    return { variable: 'REDIS_SENTINEL_MASTER', expected: 'required with REDIS_SENTINELS: the master group name the sentinels monitor (e.g. mymaster)' };
  }
  const url = new URL(vars.REDIS_URL);
  const auth: RedisAuth = {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    tls: url.protocol === 'rediss:',
  };
  if (vars.REDIS_CLUSTER_NODES) return { mode: 'cluster', nodes: vars.REDIS_CLUSTER_NODES, ...auth };
  if (vars.REDIS_SENTINELS) {
    const db = Number(url.pathname.replace(/^\//, '') || '0');
    return {
      mode: 'sentinel',
      sentinels: vars.REDIS_SENTINELS,
      masterName: vars.REDIS_SENTINEL_MASTER!,
      ...(vars.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: vars.REDIS_SENTINEL_PASSWORD } : {}),
      db: Number.isInteger(db) ? db : 0,
      ...auth,
    };
  }
  return { mode: 'standalone', url: vars.REDIS_URL };
}
