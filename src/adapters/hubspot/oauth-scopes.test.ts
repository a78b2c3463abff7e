import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from './oauth-scopes';

describe('install scopes', () => {
  it('when CareQual builds the authorize URL, then it asks for exactly the scopes of the HubSpot app manifest', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../hubspot-project/src/app/app-hsmeta.json'), 'utf8')) as {
      config: { auth: { requiredScopes: string[]; optionalScopes: string[] } };
    };
    expect([...REQUIRED_SCOPES].sort()).toEqual([...manifest.config.auth.requiredScopes].sort());
    expect([...OPTIONAL_SCOPES].sort()).toEqual([...manifest.config.auth.optionalScopes].sort());
  });
});
