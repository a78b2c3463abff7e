import { existsSync, renameSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildDefaultCriteria, requiredContactProperties } from '../../src/core';
import { NEVER_SUBSCRIBED_PROPERTIES } from '../../src/adapters/hubspot/subscribed-properties';
import { CUSTOM_INTAKE_FIELDS, DEFAULT_CRITERIA_PROPERTIES, STATIC_SUBSCRIBED_PROPERTIES } from './default-criteria-properties';
import {
  configOf,
  copyProject,
  parseProject,
  profileNames,
  readJson,
  SRC_DIR,
  type ParseReport,
} from './support/project';

interface AppConfig {
  name: string;
  distribution: string;
  auth: { type: string; redirectUrls: string[]; requiredScopes: string[]; optionalScopes: string[] };
  permittedUrls: { fetch: string[] };
}
interface Subscription {
  subscriptionType: string;
  objectType?: string;
  propertyName?: string;
  active: boolean;
}
interface WebhooksConfig {
  settings: { targetUrl: string; maxConcurrentRequests: number };
  subscriptions: { crmObjects: Subscription[]; hubEvents?: Subscription[]; legacyCrmObjects?: Subscription[] };
}
interface CardConfig {
  entrypoint: string;
  location: string;
  objectTypes: string[];
}

const profiles = profileNames();
const reports = new Map<string, ParseReport>();
beforeAll(() => {
  for (const profile of profiles) reports.set(profile, parseProject(path.dirname(SRC_DIR), profile));
});
const production = (): ParseReport => reports.get('production')!;
const publicBaseUrl = (profile: string): string =>
  readJson<{ variables: Record<string, string> }>(path.join(SRC_DIR, `hsprofile.${profile}.json`)).variables
    .PUBLIC_BASE_URL!;

function activeSubscriptions(): Subscription[] {
  const { subscriptions } = configOf<WebhooksConfig>(production(), 'webhooks');
  const all = [...subscriptions.crmObjects, ...(subscriptions.hubEvents ?? []), ...(subscriptions.legacyCrmObjects ?? [])];
  return all.filter((s) => s.active);
}

describe('the HubSpot project, read by HubSpot\'s own parser', () => {
  it('when the project ships config profiles, then there is a production one', () => {
    expect(profiles).toContain('production');
  });

  it.each(profiles)('when parsed with the %s profile, then it is a clean 2026.03 project with app, card, settings, webhooks and two workflow actions', (profile) => {
    const report = reports.get(profile)!;
    expect(report.fatal).toBeUndefined();
    expect(report.problems).toEqual([]);
    expect(report.projectConfig?.platformVersion).toBe('2026.03');
    expect(report.components.map((c) => c.type).sort()).toEqual(['app', 'card', 'settings', 'webhooks', 'workflow-action', 'workflow-action']);
    const app = report.components.find((c) => c.type === 'app')!;
    for (const feature of report.components.filter((c) => c.type !== 'app')) {
      expect(feature.dependsOnApp).toBe(app.uid);
    }
  });

  it.each(profiles)('when parsed with the %s profile, then OAuth returns to <PUBLIC_BASE_URL>/oauth/callback (install) and /console/auth/callback (console sign-in) and webhooks go to <PUBLIC_BASE_URL>/webhooks/hubspot', (profile) => {
    const report = reports.get(profile)!;
    const base = publicBaseUrl(profile);
    expect(base).toMatch(/^https:\/\/[^/]+$/);
    expect(configOf<AppConfig>(report, 'app').auth.redirectUrls).toEqual([`${base}/oauth/callback`, `${base}/console/auth/callback`]);
    expect(configOf<WebhooksConfig>(report, 'webhooks').settings.targetUrl).toBe(`${base}/webhooks/hubspot`);
  });
});

describe('a parser check that can fail', () => {
  it('when a card definition sits outside app/cards, then the check reports where it must live', () => {
    const dir = copyProject();
    mkdirSync(path.join(dir, 'src/app/cards/extra'));
    renameSync(path.join(dir, 'src/app/cards/carequal-card-hsmeta.json'), path.join(dir, 'src/app/cards/extra/carequal-card-hsmeta.json'));
    const report = parseProject(dir, 'production');
    expect(report.problems).toEqual(['app/cards/extra/carequal-card-hsmeta.json: not in a directory HubSpot reads']);
  });

  it('when a component has an invalid uid and a stray top-level field, then the check names the file', () => {
    const dir = copyProject();
    writeFileSync(
      path.join(dir, 'src/app/settings/settings-hsmeta.json'),
      JSON.stringify({ uid: 'care qual settings!', type: 'settings', config: { entrypoint: '/app/settings/SettingsPage.tsx' } }),
    );
    const report = parseProject(dir, 'production');
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(/^app\/settings\/settings-hsmeta\.json: /);
  });

  it('when a profile lacks a variable the definitions use, then parsing fails naming the variable', () => {
    const dir = copyProject();
    writeFileSync(path.join(dir, 'src/hsprofile.broken.json'), JSON.stringify({ accountId: 1, variables: { SUPPORT_EMAIL: 'a@b.c' } }));
    expect(parseProject(dir, 'broken').fatal).toMatch(/PUBLIC_BASE_URL/);
  });
});

describe('the app manifest', () => {
  it('when a practice installs CareQual from the marketplace, then it signs in with OAuth', () => {
    const app = configOf<AppConfig>(production(), 'app');
    expect(app.distribution).toBe('marketplace');
    expect(app.auth.type).toBe('oauth');
  });

  it('when a practice installs CareQual, then it grants only contacts read/write, contact property schema write, owners read and oauth', () => {
    // Tasks are created with crm.objects.contacts.write (HubSpot's 2026-03 tasks spec); owners read
    // lets the criteria editor offer the practice's users and teams as follow-up owners.
    expect(configOf<AppConfig>(production(), 'app').auth.requiredScopes.sort()).toEqual(
      ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'crm.schemas.contacts.write', 'oauth'].sort(),
    );
  });

  it('when a portal uses HubSpot Sensitive Data, then CareQual can ask for the sensitive scopes without requiring them', () => {
    const { requiredScopes, optionalScopes } = configOf<AppConfig>(production(), 'app').auth;
    expect(optionalScopes).toEqual(expect.arrayContaining(['crm.objects.contacts.sensitive.read.v2', 'crm.objects.contacts.sensitive.write.v2']));
    // Besides the sensitive scopes, only settings.users.read is optional (it tells CareQual who is a Super Admin).
    expect(optionalScopes.filter((scope) => !scope.includes('sensitive'))).toEqual(['settings.users.read']);
    expect(requiredScopes.filter((scope) => scope.includes('sensitive'))).toEqual([]);
  });

  it('when the app holds sensitive-data scopes, then it asks to fetch no outside URL (HubSpot forbids hubspot.fetch for such apps)', () => {
    expect(configOf<AppConfig>(production(), 'app').permittedUrls.fetch).toEqual([]);
  });
});

describe('the webhook subscriptions', () => {
  it.each(['object.creation', 'object.deletion', 'object.merge'])('when a contact event %s happens, then HubSpot tells CareQual', (type) => {
    expect(activeSubscriptions()).toContainEqual(expect.objectContaining({ subscriptionType: type, objectType: 'contact' }));
  });

  it('when a contact is deleted for privacy, then HubSpot tells CareQual', () => {
    expect(activeSubscriptions()).toContainEqual(expect.objectContaining({ subscriptionType: 'contact.privacyDeletion' }));
  });

  const watched = () => activeSubscriptions()
    .filter((s) => s.subscriptionType === 'object.propertyChange' && s.objectType === 'contact')
    .map((s) => s.propertyName!);

  it('when a standard property the default criteria read changes, then HubSpot tells CareQual (the rest follow per install)', () => {
    expect(watched().sort()).toEqual([...STATIC_SUBSCRIBED_PROPERTIES].sort());
  });

  it('when a fresh portal lacks a custom intake field, then the app-wide file does not subscribe to it', () => {
    expect(watched().filter((p) => (CUSTOM_INTAKE_FIELDS as readonly string[]).includes(p))).toEqual([]);
  });

  it('when a contact merely visits the website, then no subscription fires: analytics counters are never subscribed', () => {
    expect(watched().filter((p) => NEVER_SUBSCRIBED_PROPERTIES.includes(p) || p.startsWith('hs_analytics_num_'))).toEqual([]);
  });

  it('when CareQual writes its own carequal_* properties, then no subscription fires back (no re-scoring loop)', () => {
    expect(activeSubscriptions().filter((s) => s.propertyName?.startsWith('carequal_'))).toEqual([]);
  });

  it('when HubSpot delivers, then it sends at most 10 concurrent requests per account', () => {
    expect(configOf<WebhooksConfig>(production(), 'webhooks').settings.maxConcurrentRequests).toBe(10);
  });
});

describe('the UI extensions', () => {
  it('when a user opens a contact record, then the CareQual card sits in its right sidebar, at a glance (not on a tab)', () => {
    const card = configOf<CardConfig>(production(), 'card');
    // App cards reference: location is one of crm.record.tab | crm.record.sidebar | crm.preview | helpdesk.sidebar.
    expect(card.location).toBe('crm.record.sidebar');
    expect(card.objectTypes).toEqual(['CONTACT']);
  });

  it.each(['card', 'settings'])('when HubSpot builds the %s, then its entrypoint file exists', (type) => {
    const { entrypoint } = configOf<{ entrypoint: string }>(production(), type);
    expect(existsSync(path.join(SRC_DIR, entrypoint))).toBe(true);
  });
});

describe('alignment with the core', () => {
  it('when the default criteria read a contact property, then the list the static subscriptions derive from names exactly those', () => {
    const needed = requiredContactProperties(buildDefaultCriteria());
    expect([...DEFAULT_CRITERIA_PROPERTIES].sort()).toEqual([...needed].sort());
  });
});
