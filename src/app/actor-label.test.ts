import fc from 'fast-check';
import type { AuditActor } from './ports/audit-log.port';
import { actorFromLabel, actorLabel, describeActor } from './actor-label';

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

describe('actors in words', () => {
  const names = new Map([['501', 'Dana Whitfield']]);
  it.each([
    [{ kind: 'user', hubspotUserId: '501' }, 'Dana Whitfield'],
    [{ kind: 'user', hubspotUserId: '777' }, 'HubSpot user 777'],
    [{ kind: 'system', role: 'cli' }, 'CareQual command line'],
    [{ kind: 'system', role: 'worker' }, 'CareQual background worker'],
    [{ kind: 'hubspot' }, 'HubSpot'],
  ] as Array<[AuditActor, string]>)('when the actor is %j, then it reads "%s"', (actor, words) => {
    expect(describeActor(actor, names)).toBe(words);
  });
});
