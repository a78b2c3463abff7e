import { tenantId } from '../ports/ids';
import { buildCriteriaDeps } from '../../../test/fakes/criteria.fakes';
import { buildDefaultCriteria, buildSimplePointModelCriteria } from '../../core';
import type { CriteriaRequester } from './criteria-deps';
import { publishCriteria, rollBackCriteria } from './publish-criteria';
import { startRescore, tryGetRescoreProgress } from './rescore';

const PORTAL = tenantId(71_000_002);
const editor: CriteriaRequester = { portalId: tenantId(PORTAL), actor: { kind: 'user', hubspotUserId: '502' }, requestId: 'req-2' };

async function twoVersions() {
  const world = buildCriteriaDeps();
  await world.versions.saveVersion(tenantId(PORTAL), buildDefaultCriteria(), { actor: editor.actor });
  await world.versions.saveVersion(tenantId(PORTAL), buildSimplePointModelCriteria(), { actor: editor.actor });
  return world;
}

describe('publishCriteria and rollBackCriteria', () => {
  it('when a version is published without asking for a re-score, then it is live, audited with its hash, and a re-score is only offered', async () => {
    const { deps, versions, audit, runs } = await twoVersions();
    const outcome = await publishCriteria(editor, 2, 'offer', deps);
    expect(outcome).toEqual({ version: 2, hash: versions.versions[1]!.hash, rescore: { kind: 'offered' } });
    expect((await versions.tryGetPublished(tenantId(PORTAL)))?.version).toBe(2);
    expect(audit.entries).toEqual([expect.objectContaining({ action: 'criteria.published', actor: editor.actor, requestId: 'req-2', objectId: 'v2', criteriaVersion: outcome.hash })]);
    expect(runs.runs).toEqual([]);
  });

  it('when rolling back to an earlier version, then it is live again and audited as criteria.rolled_back', async () => {
    const { deps, versions, audit } = await twoVersions();
    await publishCriteria(editor, 2, 'offer', deps);
    await rollBackCriteria(editor, 1, 'offer', deps);
    expect((await versions.tryGetPublished(tenantId(PORTAL)))?.version).toBe(1);
    expect(audit.actions()).toEqual(['criteria.published:v2', 'criteria.rolled_back:v1']);
  });

  it('when the version does not exist for this portal, then the answer is the console 404 and nothing is audited or moved', async () => {
    const { deps, versions, audit } = await twoVersions();
    await expect(publishCriteria({ ...editor, portalId: tenantId(PORTAL + 1) }, 1, 'start', deps)).rejects.toMatchObject({ code: 'not_found', expose: true, message: 'No such version.' });
    await expect(rollBackCriteria(editor, 9, 'offer', deps)).rejects.toMatchObject({ code: 'not_found' });
    expect(versions.live.size).toBe(0);
    expect(audit.entries).toEqual([]);
  });

  it('when a re-score is asked for while one is running, then the running one is reported and no second run starts', async () => {
    const { deps, runs, audit } = await twoVersions();
    const first = await startRescore(editor, deps.rescore);
    const outcome = await publishCriteria(editor, 2, 'start', deps);
    expect(first.alreadyRunning).toBe(false);
    expect(outcome.rescore).toMatchObject({ kind: 'already_running', progress: { runId: first.progress.runId } });
    expect(runs.runs).toHaveLength(1);
    expect(audit.actions()).toEqual([`backfill.started:${first.progress.runId}`, 'criteria.published:v2']);
    expect(await tryGetRescoreProgress(tenantId(PORTAL), deps.rescore)).toMatchObject({ runId: first.progress.runId, status: 'running', finishedAt: undefined });
    expect(await tryGetRescoreProgress(tenantId(PORTAL + 1), deps.rescore)).toBeUndefined();
  });
});
