/**
 * The node flags a `carequal worker` process runs with, as NODE_OPTIONS where the worker is
 * started: deploy/docker-compose.yml and deploy/kubernetes/worker.yaml (a test holds both to this
 * value) and scripts/bench-worker-rss.ts. V8 fixes its heap limits when the process starts, so
 * they cannot be set from inside the CLI.
 *
 * Why (issue 22, measured with `bench-worker-rss.ts --checkpoints 5000,15000,30000 --heap-snapshots`):
 * the worker's live heap is ~82 MB and does not grow (heap snapshots after 1,000 and 3,000
 * contacts: 81.6 and 82.5 MB, no constructor grew by more than 0.3 MB), but with V8's default
 * limit on a large machine (4 GB here) old space filled with garbage for thousands of contacts
 * before a full collection: heap used 84 → 216 MB and RSS 189 → 401 MB over 5,000 contacts.
 * An old-space limit makes V8 collect before that: with 192 MB it marks at ~110–120 MB and
 * compacts back to 82–85 MB every 10–20 s (--trace-gc, mutator utilisation 0.98), RSS 233 / 238 / 236 MB
 * after 5,000 / 15,000 / 30,000 contacts (249 / 466 / 329 MB without the flag). 192 MB leaves room for up to
 * PUBLISHED_CACHE_MAX_PORTALS portals' compiled criteria (~50 MB) and the jobs in flight; a run
 * at 128 MB slowed to 5,400 contacts in 480 s (load 20, not repeated).
 */
export const WORKER_NODE_OPTIONS = '--max-old-space-size=192';
