/**
 * CareQual's app registration as its HubSpot project declares it (hubspot-project/): the webhook
 * subscriptions and the OAuth redirect URLs and scopes. The sandbox registers the app from these
 * files the way HubSpot does on upload, so there is one source of truth for what HubSpot sends.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SubscriptionSpec } from './oauth';
import { workflowActionFromHsMeta, type WorkflowActionDefinition } from './workflow-actions';

/** hubspot-project/ seen from sandbox/ (tsx) or from dist/sandbox/ (compiled). */
function hubspotProjectFile(relative: string): string {
  const candidates = [path.resolve(__dirname, '..', 'hubspot-project', relative), path.resolve(__dirname, '..', '..', 'hubspot-project', relative)];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/**
 * The app's webhook subscriptions exactly as the HubSpot project declares them (generic
 * `object.*` on contacts → objectTypeId `0-1`; `contact.privacyDeletion` as a hub event), so the
 * sandbox sends CareQual the shapes HubSpot will. One source of truth for what HubSpot sends.
 */
export function subscriptionsFromHubSpotProject(): SubscriptionSpec[] {
  const file = JSON.parse(readFileSync(hubspotProjectFile('src/app/webhooks/webhooks-hsmeta.json'), 'utf8')) as {
    config: { subscriptions: Record<string, { subscriptionType: string; objectType?: string; propertyName?: string; active?: boolean }[]> };
  };
  return Object.values(file.config.subscriptions)
    .flat()
    .filter((s) => s.active !== false)
    .map((s) => ({
      eventType: s.subscriptionType,
      ...(s.subscriptionType.startsWith('object.') ? { objectTypeId: objectTypeIdOf(s.objectType) } : {}),
      ...(s.propertyName ? { propertyName: s.propertyName } : {}),
    }));
}

/** HubSpot's object type ids of the objects the project subscribes to. */
function objectTypeIdOf(objectType: string | undefined): string {
  const ids: Record<string, string> = { contact: '0-1', contacts: '0-1', task: '0-27', tasks: '0-27' };
  const id = ids[String(objectType).toLowerCase()];
  if (!id) throw new Error(`webhooks-hsmeta.json: unsupported objectType ${String(objectType)}`);
  return id;
}

/**
 * The app's custom workflow actions exactly as the HubSpot project defines them (every
 * src/app/workflow-actions/*-hsmeta.json), with `${PUBLIC_BASE_URL}` filled in.
 */
export function workflowActionsFromHubSpotProject(publicBaseUrl: string): WorkflowActionDefinition[] {
  const dir = hubspotProjectFile('src/app/workflow-actions');
  return readdirSync(dir)
    .filter((file) => file.endsWith('-hsmeta.json'))
    .map((file) => workflowActionFromHsMeta(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), { PUBLIC_BASE_URL: publicBaseUrl }));
}

/** The `auth` block of hubspot-project/src/app/app-hsmeta.json. */
interface AppAuthDefinition { redirectUrls: string[]; requiredScopes: string[]; optionalScopes?: string[] }

/**
 * The OAuth part of CareQual's app registration as the HubSpot project declares it (one source of
 * truth): every redirect URL (with `${PUBLIC_BASE_URL}` filled in), the required and the optional
 * scopes. HubSpot refuses an authorize request whose redirect URL the app does not declare.
 */
export function oauthFromHubSpotProject(publicBaseUrl: string): { redirectUris: string[]; scopes: string[]; optionalScopes: string[] } {
  const file = JSON.parse(readFileSync(hubspotProjectFile('src/app/app-hsmeta.json'), 'utf8')) as { config: { auth: AppAuthDefinition } };
  const { auth } = file.config;
  return {
    redirectUris: auth.redirectUrls.map((u) => u.replace('${PUBLIC_BASE_URL}', publicBaseUrl)),
    scopes: [...auth.requiredScopes],
    optionalScopes: [...(auth.optionalScopes ?? [])],
  };
}
