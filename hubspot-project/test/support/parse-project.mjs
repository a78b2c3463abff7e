/**
 * Runs HubSpot's own project parser (@hubspot/project-parsing-lib, the library `hs project
 * upload` uses) over a project folder, offline, and prints one JSON report on stdout.
 *
 * Usage: node parse-project.mjs <projectDir> [profileName]
 *
 * Why a separate Node process: the parser ships ES modules only (with ESM-only dependencies)
 * and jest here runs CommonJS; spawning `node` is the simplest faithful way to call it.
 *
 * What runs offline: hsproject.json validation (`parseProjectConfig`), the platform version
 * check, locating and parsing every *-hsmeta.json and the profile (`translate`), and the
 * parser's own structural rules that HubSpot applies before the schema check (uid format,
 * one component per singular type, each component in its expected directory, features
 * attached to the app). What needs a HubSpot account and network: the JSON-schema check,
 * because the parser downloads the schemas per account
 * (`project-components-external/project-schemas/v3/<platformVersion>`); that part runs on
 * `hs project validate` / `hs project upload`.
 */
import path from 'node:path';
import { translate } from '@hubspot/project-parsing-lib/translate';
import {
  parseProjectConfig,
  getProjectMetadata,
  isKnownPlatformVersion,
} from '@hubspot/project-parsing-lib/projects';
import { loadHsProfileFile, validateProfileVariables } from '@hubspot/project-parsing-lib/profiles';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import { mapToUserFacingType } from '@hubspot/project-parsing-lib/transform';
import { Components, APP_KEY } from '@hubspot/project-parsing-lib/constants';

const [projectDir, profileName] = process.argv.slice(2);

async function parseProject() {
  const problems = [];
  const projectConfig = parseProjectConfig(projectDir);
  const projectSourceDir = path.join(projectDir, projectConfig.srcDir);
  if (!isKnownPlatformVersion(projectConfig.platformVersion)) {
    problems.push(`unknown platformVersion ${projectConfig.platformVersion}`);
  }

  if (profileName) {
    const profile = loadHsProfileFile(projectSourceDir, profileName);
    const { errors } = validateProfileVariables(profile.variables ?? {}, `hsprofile.${profileName}.json`);
    problems.push(...errors);
  }

  const { intermediateRepresentation, skippedHsMetaFiles } = await translate(
    { projectSourceDir, platformVersion: projectConfig.platformVersion },
    { skipValidation: true, ...(profileName ? { profile: profileName } : {}) },
  );
  for (const file of skippedHsMetaFiles) problems.push(`${file}: not in a directory HubSpot reads`);

  const nodes = Object.values(intermediateRepresentation.intermediateNodesIndexedByUid);
  const appUid = nodes.find((node) => mapToUserFacingType(node.componentType) === APP_KEY)?.uid;
  for (const node of nodes) problems.push(...checkNode(node, appUid));

  const metadata = await getProjectMetadata(projectSourceDir);
  for (const [type, { count, maxCount }] of Object.entries(metadata.components)) {
    if (count > maxCount) problems.push(`${type}: ${count} components, at most ${maxCount} allowed`);
  }

  return {
    projectConfig,
    problems,
    components: nodes.map((node) => ({
      uid: node.uid,
      type: mapToUserFacingType(node.componentType),
      metaFilePath: node.metaFilePath,
      dependsOnApp: node.componentDeps?.app ?? null,
      config: node.config,
    })),
  };
}

/** The parser's own per-component rules (see validation.js in the library). */
function checkNode(node, appUid) {
  const problems = [];
  const where = node.metaFilePath;
  const uidError = validateUid(node.uid);
  if (uidError) problems.push(`${where}: ${uidError}`);
  if (!node.config) problems.push(`${where}: no config block`);
  const type = mapToUserFacingType(node.componentType);
  const component = Components[type];
  if (!component) {
    problems.push(`${where}: unsupported component type ${type}`);
    return problems;
  }
  const parentDir = component.parentComponent ? Components[component.parentComponent].dir : '';
  const expectedDir = path.posix.join(parentDir, component.dir);
  if (path.posix.dirname(where) !== expectedDir) {
    problems.push(`${where}: a ${type} component must live in ${expectedDir}/`);
  }
  if (component.parentComponent === APP_KEY && node.componentDeps?.app !== appUid) {
    problems.push(`${where}: not attached to the app component`);
  }
  return problems;
}

parseProject().then(
  (report) => process.stdout.write(JSON.stringify(report)),
  (error) => {
    process.stdout.write(JSON.stringify({ fatal: String(error?.message ?? error) }));
  },
);
