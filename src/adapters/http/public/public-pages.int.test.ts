import { startSandboxedApp, type SandboxedApp } from '../../../../test/support/sandbox-app';
import { CONSOLE_ACCESS } from '../console/access-table';
import { PUBLIC_PAGES } from './public-pages.routes';

/** What each page must say, so a page cannot turn into an empty shell unnoticed. */
const MUST_SAY: Record<string, RegExp[]> = {
  '/privacy': [/never stored/, /no contact data is sent to any third party/i, /Kept 6 years/],
  '/terms': [/not clinical advice/i, /does not diagnose/],
  '/support': [/help@practice-support\.example/, /Re-score all/],
  '/setup-guide': [/Install/, /Configure your criteria/, /Data modes/, /export the audit log/i, /Connected apps/, /What is deleted, and when/, /Kept 6 years/],
};

describe('the public pages of the marketplace listing', () => {
  let app: SandboxedApp;

  beforeAll(async () => {
    app = await startSandboxedApp({ role: 'web', env: { SUPPORT_EMAIL: 'help@practice-support.example' } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each(Object.keys(PUBLIC_PAGES))('when %s is fetched without any cookie, then it answers 200 with its content, the strict CSP and no cookie', async (path) => {
    const res = await fetch(`${app.baseUrl}${path}`, { redirect: 'manual' });
    const body = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(body).toContain(`<title>${PUBLIC_PAGES[path]!.title} · CareQual</title>`);
    for (const phrase of MUST_SAY[path]!) expect(body).toMatch(phrase);
    expect(body).not.toContain('Sign out');
  });

  it('when the access table is read, then every public page is listed as public', () => {
    for (const path of Object.keys(PUBLIC_PAGES)) expect(CONSOLE_ACCESS[`GET ${path}`]).toEqual({ permission: 'public' });
  });

  it('when the setup guide links to the install, then the link is this deployment\'s install route and it answers', async () => {
    const guide = await (await fetch(`${app.baseUrl}/setup-guide`)).text();
    expect(guide).toContain(`href="${app.baseUrl}/oauth/install"`);
    const install = await fetch(`${app.baseUrl}/oauth/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
  });
});
