import { buildContact } from '../../src/core/testing/contact.factory';
import { waitForQueuesIdle } from '../support/pipeline-probes';
import { eventually, installThroughOAuth, startSandboxedApp, type SandboxedApp } from '../support/sandbox-app';

let serial = 0;
function formValues(overrides: Record<string, string | null>): Record<string, string> {
  const email = `safety.${++serial}.${Date.now()}@example-mail.com`;
  return Object.fromEntries(Object.entries(buildContact({ email, ...overrides })).filter((e): e is [string, string] => e[1] !== null));
}

const FLAGGED: { props: Record<string, string>; expect: string }[] = [
  { props: { message: 'zqxmark tengo dolor en el pecho y me falta el aire' }, expect: 'chest pain or heart, breathing' },
  // Out of area and do-not-contact: would be disqualified on its own merits.
  { props: { message: 'zqxmark my brother took too many pills', zip: '99501', state: 'AK', do_not_contact: 'true' }, expect: 'overdose or poisoning' },
  { props: { message: `${'My knee has bothered me for years and I would like an appointment. '.repeat(800)} zqxmark now my face is drooping` }, expect: 'stroke signs' },
];

describe('safety-flagged inquiries end to end (local HubSpot sandbox)', () => {
  let app: SandboxedApp;
  let portalId: number;
  beforeAll(async () => {
    app = await startSandboxedApp();
    ({ portalId } = await installThroughOAuth(app));
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('when flagged inquiries arrive and are re-qualified, then each has exactly one HIGH task naming its category, quoting nothing, and is never disqualified', async () => {
    const ids = await app.sandbox.createContacts(portalId, FLAGGED.map((f) => formValues(f.props)));
    for (const id of ids) await eventually(() => app.sandbox.getContact(portalId, id)?.properties.carequal_outcome, 30_000, 'write-back');
    const tasksOf = (id: string) => app.sandbox.listTasks(portalId).filter((t) => (t.associations.contacts ?? []).includes(id));
    await eventually(() => (ids.every((id) => tasksOf(id).length > 0) ? true : undefined), 15_000, 'safety tasks');

    // A re-qualification (an intake edit) must not add a second task.
    for (const id of ids) await app.sandbox.updateContact(portalId, id, { treatment_timeline: '6+ months', decision_maker: 'No' });
    await app.sandbox.flushWebhooks();
    await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix);
    // The edit did reach CareQual (intake-form fields come through the webhooks journal's
    // per-install subscription): the re-score changed the readiness score it wrote.
    for (const id of ids) await eventually(() => ((app.sandbox.getContact(portalId, id)!.history.carequal_readiness_score?.length ?? 0) >= 2 ? true : undefined), 15_000, 're-score after the intake edit');
    await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix);

    ids.forEach((id, i) => {
      const contact = app.sandbox.getContact(portalId, id)!.properties;
      expect(contact).toMatchObject({ carequal_outcome: 'needs_review', carequal_route: 'clinical_review' });
      expect(contact.carequal_reasons).toMatch(/^possible emergency: /);
      const tasks = tasksOf(id);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]!.properties).toMatchObject({ hs_task_priority: 'HIGH', hs_task_subject: `CareQual: urgent — possible emergency (${FLAGGED[i]!.expect}) — review now` });
      expect(`${tasks[0]!.properties.hs_task_subject} ${tasks[0]!.properties.hs_task_body} ${contact.carequal_reasons}`).not.toMatch(/zqxmark|pecho|pills|drooping/);
    });
  }, 120_000);
});
