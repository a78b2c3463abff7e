import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataModeFor, OPTIONAL_SCOPES, REQUIRED_SCOPES } from './oauth-scopes';

describe('install scopes', () => {
  it('when CareQual builds the authorize URL, then it asks for exactly the scopes of the HubSpot app manifest', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../hubspot-project/src/app/app-hsmeta.json'), 'utf8')) as {
      config: { auth: { requiredScopes: string[]; optionalScopes: string[] } };
    };
    expect([...REQUIRED_SCOPES].sort()).toEqual([...manifest.config.auth.requiredScopes].sort());
    expect([...OPTIONAL_SCOPES].sort()).toEqual([...manifest.config.auth.optionalScopes].sort());
  });
});

describe('data mode from the granted scopes', () => {
  it.each([
    [[], 'standard'],
    [['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'], 'standard'],
    [['crm.objects.contacts.sensitive.read.v2'], 'standard'],
    [['crm.objects.contacts.sensitive.write.v2'], 'standard'],
    [['crm.objects.contacts.sensitive.read.v2', 'crm.objects.contacts.sensitive.write.v2'], 'sensitive'],
  ])('when the granted scopes are %j, then the mode is %s', (scopes, mode) => {
    expect(dataModeFor(scopes)).toBe(mode);
  });
});
