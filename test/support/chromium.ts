/**
 * How the browser tests start Chromium: Debian's /usr/bin/chromium through playwright-core (no
 * downloaded browser on this machine), headless, with nothing reaching the network on its own.
 */
export const CHROMIUM_LAUNCH: { executablePath: string; headless: boolean; args: string[] } = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
};
