import fc from 'fast-check';
import type { AuditActor } from './ports/audit-log.port';
import { actorFromLabel, actorLabel } from './actor-label';

const actors = fc.oneof(
  fc.stringMatching(/^[0-9]{1,12}$/).map((id): AuditActor => ({ kind: 'user', hubspotUserId: id })),
  fc.constantFrom<AuditActor>({ kind: 'system', role: 'web' }, { kind: 'system', role: 'worker' }, { kind: 'system', role: 'cli' }, { kind: 'hubspot' }),
);

describe('actor labels', () => {
  it('when an actor is stored as its label and read back, then it is the same actor', () => {
    fc.assert(fc.property(actors, (actor) => expect(actorFromLabel(actorLabel(actor))).toEqual(actor)));
  });

  it.each([
    ['user:501', { kind: 'user', hubspotUserId: '501' }],
    ['system:web', { kind: 'system', role: 'web' }],
    ['cli', { kind: 'system', role: 'cli' }],
    ['hubspot', { kind: 'hubspot' }],
  ])('when the stored label is %s, then the actor is %j', (label, actor) => {
    expect(actorFromLabel(label)).toEqual(actor);
  });
});
