/**
 * `npm run hubspot:profile -- write [name]`: generates hubspot-project/src/hsprofile.<name>.json
 * (default production) from configuration (HUBSPOT_ACCOUNT_ID, PUBLIC_BASE_URL, SUPPORT_EMAIL),
 * refusing placeholders. `npm run hubspot:profile -- check [name]`: exits 1, naming each
 * problem, when the file is not real, so `hs project upload` never sends a placeholder to HubSpot.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildHsProfile, profileProblems, ProfileConfigError } from './hsprofile';

const PROFILE_DIR = path.resolve(__dirname, '../../hubspot-project/src');

function main(argv: readonly string[]): number {
  const [command, name = 'production'] = argv;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return fail(`not a profile name: ${name}`);
  const file = path.join(PROFILE_DIR, `hsprofile.${name}.json`);
  if (command === 'write') {
    try {
      writeFileSync(file, `${JSON.stringify(buildHsProfile(process.env), null, 2)}\n`);
    } catch (error) {
      if (error instanceof ProfileConfigError) return fail(error.message);
      throw error;
    }
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    return 0;
  }
  if (command === 'check') {
    let problems: string[];
    try {
      problems = profileProblems(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      problems = [`cannot read ${path.basename(file)}: ${(error as Error).message}`];
    }
    if (problems.length > 0) return fail(`${path.basename(file)} is not ready to upload:\n${problems.map((p) => `  - ${p}`).join('\n')}\nRun: npm run hubspot:profile -- write ${name}`);
    process.stdout.write(`${path.basename(file)}: ready to upload\n`);
    return 0;
  }
  return fail('usage: hubspot-profile write|check [profile]');
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
