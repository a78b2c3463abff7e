import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildHsProfile, profileProblems, ProfileConfigError } from '../../scripts/hubspot-profile/hsprofile';
import { configOf, copyProject, parseProject } from '../../hubspot-project/test/support/project';

const REAL = { HUBSPOT_ACCOUNT_ID: '48213377', PUBLIC_BASE_URL: 'https://carequal.eastside-clinic.com/', SUPPORT_EMAIL: 'it@eastside-clinic.com' };

function refusal(env: Record<string, string | undefined>): string[] {
  try {
    buildHsProfile(env);
  } catch (error) {
    if (error instanceof ProfileConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the profile was built');
}

describe('the HubSpot production profile, made from configuration', () => {
  it('when the configuration is real, then the profile points the listing at CareQual\'s public pages and passes the check', () => {
    const profile = buildHsProfile(REAL);
    expect(profile).toEqual({
      accountId: 48213377,
      variables: {
        PUBLIC_BASE_URL: 'https://carequal.eastside-clinic.com', SUPPORT_EMAIL: 'it@eastside-clinic.com',
        DOCUMENTATION_URL: 'https://carequal.eastside-clinic.com/setup-guide', SUPPORT_URL: 'https://carequal.eastside-clinic.com/support',
      },
    });
    expect(profileProblems(profile)).toEqual([]);
  });

  it.each([
    ['account 0', { HUBSPOT_ACCOUNT_ID: '0' }, 'HUBSPOT_ACCOUNT_ID'],
    ['no account', { HUBSPOT_ACCOUNT_ID: undefined }, 'HUBSPOT_ACCOUNT_ID'],
    ['an example.com URL', { PUBLIC_BASE_URL: 'https://carequal.example.com' }, 'PUBLIC_BASE_URL'],
    ['a plain http URL', { PUBLIC_BASE_URL: 'http://carequal.eastside-clinic.com' }, 'PUBLIC_BASE_URL'],
    ['localhost', { PUBLIC_BASE_URL: 'https://localhost:3000' }, 'PUBLIC_BASE_URL'],
    ['a placeholder address', { SUPPORT_EMAIL: 'support@carequal.example.com' }, 'SUPPORT_EMAIL'],
    ['no support address', { SUPPORT_EMAIL: undefined }, 'SUPPORT_EMAIL'],
  ])('when the configuration has %s, then no profile is made and the message names the variable', (_what, override, variable) => {
    const problems = refusal({ ...REAL, ...override });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('when a profile still holding the placeholders is checked, then every placeholder is named', () => {
    const placeholder = {
      accountId: 0,
      variables: {
        PUBLIC_BASE_URL: 'https://carequal.example.com', SUPPORT_EMAIL: 'support@carequal.example.com',
        DOCUMENTATION_URL: 'https://carequal.example.com/setup-guide', SUPPORT_URL: 'https://carequal.example.com/support',
      },
    };
    expect(profileProblems(placeholder).map((p) => p.split(':')[0]).sort()).toEqual(
      ['accountId', 'variables.DOCUMENTATION_URL', 'variables.PUBLIC_BASE_URL', 'variables.SUPPORT_EMAIL', 'variables.SUPPORT_URL'],
    );
  });

  it('when the generated profile replaces the shipped one, then HubSpot\'s parser accepts the project with the real URLs', () => {
    const dir = copyProject();
    writeFileSync(path.join(dir, 'src/hsprofile.production.json'), JSON.stringify(buildHsProfile(REAL)));
    const report = parseProject(dir, 'production');
    expect(report.fatal).toBeUndefined();
    const app = configOf<{ auth: { redirectUrls: string[] }; support: Record<string, string> }>(report, 'app');
    expect(app.auth.redirectUrls).toContain('https://carequal.eastside-clinic.com/oauth/callback');
    expect(app.support).toEqual({
      supportEmail: 'it@eastside-clinic.com', documentationUrl: 'https://carequal.eastside-clinic.com/setup-guide', supportUrl: 'https://carequal.eastside-clinic.com/support',
    });
  });
});
