import type { InstallationRecorder, RecordInstallInput, RecordInstallResult } from '../../app/ports/install.port';
import { resetConsoleAuthority } from './console-user.repository';
import type { CriteriaRepository } from './criteria.repository';
import type { Database } from './database';
import { purgeEffectiveness } from './effectiveness.repository';
import { purgeFollowUps } from './follow-up-task.repository';
import type { InstallationRepository } from './installation.repository';

/**
 * Stores a completed install in ONE transaction: the installation row (sealed tokens, active,
 * properties version) and, when the portal has no live criteria, the default criteria saved and
 * published. Either both are there or neither is.
 */
export function createInstallationRecorder(db: Database, installations: InstallationRepository, criteria: CriteriaRepository): InstallationRecorder {
  return {
    recordInstall: (input: RecordInstallInput): Promise<RecordInstallResult> =>
      db.transaction(async (tx) => {
        const { firstInstall } = await installations.saveInstalled(input, tx);
        const published = await criteria.publishIfNone(tx, input.portalId, input.defaultCriteria, { actor: input.actor, note: 'default criteria, published at install' });
        return { firstInstall, criteria: { created: published.created, version: published.record.version, hash: published.record.hash } };
      }),
    tryGetDataMode: (portalId) => installations.tryGetDataMode(portalId),
    async isInstalled(portalId) {
      const status = await installations.tryGetStatus(portalId);
      return status !== undefined && status !== 'uninstalled';
    },
  };
}

/**
 * Erases a portal's tokens (status uninstalled, with the reason), every criteria version, its
 * console authority (users, passkeys, invitations, sessions), its follow-up bookkeeping (which
 * contact has which HubSpot task, owner rotation: contact ids tied to a medical inquiry) and its
 * effectiveness figures and signal settings, in one transaction. The audit log is not touched:
 * retention keeps it. A re-install starts afresh: a re-score then creates new tasks rather than
 * updating ones the earlier install made.
 */
export function createPortalPurge(db: Database, installations: InstallationRepository, criteria: CriteriaRepository) {
  return (portalId: number, reason: string): Promise<{ wasInstalled: boolean; criteriaVersionsDeleted: number }> =>
    db.transaction(async (tx) => {
      const wasInstalled = await installations.markUninstalled(portalId, reason, tx);
      const criteriaVersionsDeleted = await criteria.purge(portalId, tx);
      await resetConsoleAuthority(tx, portalId);
      await purgeEffectiveness(tx, portalId);
      await purgeFollowUps(tx, portalId);
      return { wasInstalled, criteriaVersionsDeleted };
    });
}
