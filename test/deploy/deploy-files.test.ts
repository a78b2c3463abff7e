import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigSchema } from '../../src/config/config.schema';
import { buildProgram } from '../../src/main/cli';
import { createMetrics } from '../../src/observability/metrics';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { WORKER_NODE_OPTIONS } from '../../src/main/worker-node-options';

/**
 * The deployment files are configuration a user runs without us: these tests hold them to the
 * code they deploy, so a renamed variable, a new required secret or a removed command breaks
 * the build here instead of a practice's rollout.
 */
const DEPLOY = path.join(__dirname, '../../deploy');
// Parsed YAML is untyped data walked by these assertions; a wrong path fails the test, not the type check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

function readYaml(file: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(path.join(DEPLOY, file), 'utf8'), { merge: true }) // compose uses YAML merge keys (<<);
  for (const doc of docs) if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
  return docs.map((d) => d.toJS() as Doc);
}

const CONFIG_KEYS = new Set(Object.keys(ConfigSchema.shape));
/** Variables start-up refuses to run without (no default, not optional). */
const REQUIRED_KEYS = [...CONFIG_KEYS].filter((key) => !ConfigSchema.shape[key as keyof typeof ConfigSchema.shape].safeParse(undefined).success);
const COMMAND_NAMES = new Set(buildProgram().commands.map((c) => c.name()));

const kubeFiles = readdirSync(path.join(DEPLOY, 'kubernetes')).filter((f) => f.endsWith('.yaml'));
const kube = kubeFiles.flatMap((f) => readYaml(`kubernetes/${f}`).map((doc) => ({ file: f, doc })));
const ofKind = (kind: string) => kube.filter((k) => k.doc.kind === kind).map((k) => k.doc);
const podSpecs = () => [...ofKind('Deployment'), ...ofKind('Job')].map((d) => d.spec.template.spec);
const dotenvKeys = (text: string) => [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

describe('deploy/docker-compose.yml', () => {
  const [compose] = readYaml('docker-compose.yml');
  const services = compose!.services as Record<string, Doc>;
  const envExample = dotenvKeys(readFileSync(path.join(__dirname, '../../.env.example'), 'utf8'));

  it('when read, then it runs two web and two worker processes of the app, after a one-off migrate', () => {
    expect(services.web!.command).toEqual(['web']);
    expect(services.worker!.command).toEqual(['worker']);
    expect(services.web!.deploy.replicas).toBe(2);
    expect(services.worker!.deploy.replicas).toBe(2);
    expect(services.migrate!.command).toEqual(['migrate']);
    for (const role of ['web', 'worker']) expect(services[role]!.depends_on.migrate.condition).toBe('service_completed_successfully');
    for (const role of ['web', 'worker', 'migrate']) expect(COMMAND_NAMES).toContain(services[role]!.command[0]);
  });

  it('when read, then Redis keeps the queue across restarts and never evicts a key', () => {
    const args = (services.redis!.command as string[]).join(' ');
    expect(args).toMatch(/--appendonly yes/);
    expect(args).toMatch(/--maxmemory-policy noeviction/);
    expect(services.redis!.volumes).toEqual(expect.arrayContaining([expect.stringMatching(/:\/data$/)]));
  });

  it('when read, then every variable it sets is one the app reads, and PostgreSQL replaces PGlite', () => {
    for (const role of ['web', 'worker', 'migrate']) {
      const env = services[role]!.environment as Record<string, string>;
      for (const key of Object.keys(env).filter((k) => k !== 'NODE_OPTIONS')) expect(CONFIG_KEYS).toContain(key);
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(env.REDIS_URL).toMatch(/@redis:6379$/);
      expect(services[role]!.env_file).toBe('carequal.env');
    }
  });

  it('when the worker starts, then node runs it with the worker heap limit, and only the worker', () => {
    expect(services.worker!.environment.NODE_OPTIONS).toBe(WORKER_NODE_OPTIONS);
    expect(services.worker!.environment).toMatchObject(services.web!.environment as object);
    for (const role of ['web', 'migrate']) expect(services[role]!.environment.NODE_OPTIONS).toBeUndefined();
  });

  it('when a required variable is not set in the file, then .env.example (its env_file template) names it', () => {
    const setInline = Object.keys(services.web!.environment as object);
    for (const key of REQUIRED_KEYS) expect([...setInline, ...envExample]).toContain(key);
    for (const key of envExample) expect(CONFIG_KEYS).toContain(key);
  });
});

describe('deploy/kubernetes', () => {
  const configMap = ofKind('ConfigMap')[0]!;
  const secret = readYaml('kubernetes/secret.example.yaml')[0]!;
  const provided = [...Object.keys(configMap.data), ...Object.keys(secret.stringData)];

  it('when read, then every file parses and kustomization lists every manifest but the example Secret', () => {
    const [kustomization] = readYaml('kubernetes/kustomization.yaml');
    const listed = new Set(kustomization!.resources as string[]);
    const manifests = kubeFiles.filter((f) => !['kustomization.yaml', 'secret.example.yaml'].includes(f));
    expect([...listed].sort()).toEqual(manifests.sort());
  });

  it('when the ConfigMap and the Secret are combined, then they set only variables the app reads and every required one', () => {
    for (const key of provided) expect(CONFIG_KEYS).toContain(key);
    for (const key of REQUIRED_KEYS) expect(provided).toContain(key);
    for (const secretKey of ['HUBSPOT_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY', 'AUDIT_HMAC_KEY', 'SESSION_SECRET', 'DATABASE_URL', 'REDIS_URL']) {
      expect(Object.keys(secret.stringData)).toContain(secretKey);
      expect(Object.keys(configMap.data)).not.toContain(secretKey);
    }
  });

  it('when a pod starts, then it runs an existing command as non-root with config and secrets from the environment objects', () => {
    for (const spec of podSpecs()) {
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      for (const container of spec.containers) {
        expect(COMMAND_NAMES).toContain(container.args[0]);
        expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }, { secretRef: { name: secret.metadata.name } }]);
        // Node's own flags only: the worker's heap limit (src/main/worker-node-options.ts).
        expect(container.env).toEqual(container.args[0] === 'worker' ? [{ name: 'NODE_OPTIONS', value: WORKER_NODE_OPTIONS }] : undefined);
        expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
      }
    }
    expect(ofKind('Job')[0]!.spec.template.spec.containers[0].args).toEqual(['migrate']);
  });

  it('when web and worker run, then liveness asks /healthz, readiness /readyz, and web scales on CPU while workers scale on queue depth', () => {
    const deployments = ofKind('Deployment');
    expect(deployments.map((d) => d.spec.template.spec.containers[0].args[0]).sort()).toEqual(['web', 'worker']);
    for (const d of deployments) {
      const container = d.spec.template.spec.containers[0];
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(d.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(configMap.data.SHUTDOWN_TIMEOUT_MS));
    }
    const hpa = ofKind('HorizontalPodAutoscaler')[0]!;
    expect(hpa.spec.scaleTargetRef.name).toBe('carequal-web');
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
    const scaled = ofKind('ScaledObject')[0]!;
    expect(scaled.spec.scaleTargetRef.name).toBe('carequal-worker');
    expect(scaled.spec.triggers[0].metadata.query).toMatch(/carequal_queue_depth\{queue="qualify"/);
    // Deliveries HubSpot was already answered for wait in webhook-intake: workers scale on that backlog too.
    expect(scaled.spec.triggers.map((t: { metadata: { query: string } }) => t.metadata.query)).toContainEqual(expect.stringMatching(/carequal_queue_depth\{queue="webhook-intake"/));
  });

  it('when the worker scales on a metric, then the app registers that metric with those labels and samples those queues', async () => {
    for (const trigger of ofKind('ScaledObject')[0]!.spec.triggers as { metadata: { query: string } }[]) {
      const [, name, labels] = /(\w+)\{([^}]*)\}/.exec(trigger.metadata.query)!;
      const metric = createMetrics().registry.getSingleMetric(name!);
      expect(metric).toBeDefined();
      const labelNames = [...labels!.matchAll(/(\w+)\s*=~?/g)].map((m) => m[1]!);
      expect((metric as unknown as { labelNames: string[] }).labelNames).toEqual(expect.arrayContaining(labelNames));
      const queue = /queue="([^"]+)"/.exec(labels!)?.[1];
      expect(Object.values(QUEUE_NAMES)).toContain(queue);
    }
  });
});
