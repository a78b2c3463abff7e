import { Alert, Button, Link, List, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { SettingsPage } from '../src/app/settings/SettingsPage';

const PORTAL_ID = 4417;

function renderSettings(variables: Record<string, string>) {
  const renderer = createRenderer('settings');
  renderer.mocks.context.portal.id = PORTAL_ID;
  renderer.mocks.context.variables = variables;
  renderer.render(<SettingsPage />);
  return renderer;
}

describe('CareQual\'s settings page in HubSpot', () => {
  it('when an admin opens the settings page, then it says CareQual is installed in this account', () => {
    const page = renderSettings({ PUBLIC_BASE_URL: 'https://carequal.example.com' });
    expect(page.findByTestId(Text, 'installed').text).toContain(`installed in this HubSpot account (ID ${PORTAL_ID})`);
  });

  it('when an admin wants to see install health, then one button opens the console health page of this portal', () => {
    const page = renderSettings({ PUBLIC_BASE_URL: 'https://carequal.example.com/' });
    const button = page.findByTestId(Button, 'health-link');
    expect(button.text).toBe('Check install health in the console');
    expect(button.props.href).toEqual({ url: `https://carequal.example.com/console/health?portalId=${PORTAL_ID}`, external: true });
  });

  it('when an admin wants to change criteria or review the audit log, then a link opens the console of this portal', () => {
    const page = renderSettings({ PUBLIC_BASE_URL: 'https://carequal.example.com' });
    const link = page.findByTestId(Link, 'console-link');
    expect(link.text).toBe('Open the CareQual console');
    expect(link.props.href).toEqual({ url: `https://carequal.example.com/console?portalId=${PORTAL_ID}`, external: true });
  });

  it('when an admin reads the page, then it lists what CareQual adds to the HubSpot account', () => {
    const page = renderSettings({ PUBLIC_BASE_URL: 'https://carequal.example.com' });
    const items = page.findByTestId(List, 'what-it-adds').findAll(Text).map((node) => node.text);
    expect(items).toHaveLength(3);
    expect(items.join(' ')).toMatch(/property group.*call task.*CareQual card/);
  });

  it('when an admin installs CareQual, then the page lists the setup steps in order, including where the card goes in the contact sidebar', () => {
    const page = renderSettings({ PUBLIC_BASE_URL: 'https://carequal.example.com' });
    const list = page.findByTestId(List, 'setup-steps');
    expect(list.props.variant).toBe('ordered-styled');
    const steps = list.findAll(Text).map((node) => node.text);
    expect(steps).toHaveLength(4);
    expect(steps[0]).toMatch(/set up your practice/);
    expect(steps[1]).toMatch(/simulate.*publish/);
    expect(steps[2]).toMatch(/Record customization.*right sidebar.*Add cards.*CareQual/);
    expect(steps[3]).toMatch(/Re-score all contacts/);
  });

  it('when the build has no console address, then the page warns instead of showing broken links', () => {
    const page = renderSettings({});
    expect(page.findByTestId(Alert, 'console-missing').props.title).toBe('The CareQual console address is missing');
    expect(page.maybeFind(Link)).toBeNull();
    expect(page.maybeFind(Button)).toBeNull();
  });
});
