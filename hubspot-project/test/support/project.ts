import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PROJECT_DIR = path.resolve(__dirname, '../..');
export const SRC_DIR = path.join(PROJECT_DIR, 'src');
const PARSER_SCRIPT = path.join(__dirname, 'parse-project.mjs');

export interface ParsedComponent {
  uid: string;
  type: string;
  metaFilePath: string;
  dependsOnApp: string | null;
  config: Record<string, unknown>;
}

export interface ParseReport {
  fatal?: string;
  projectConfig?: { name: string; srcDir: string; platformVersion: string };
  problems: string[];
  components: ParsedComponent[];
}

/** Parses a project folder with HubSpot's own parser (in a child Node process, offline). */
export function parseProject(projectDir: string, profile?: string): ParseReport {
  const args = [PARSER_SCRIPT, projectDir, ...(profile ? [profile] : [])];
  const stdout = execFileSync(process.execPath, args, { cwd: PROJECT_DIR, encoding: 'utf8' });
  const report = JSON.parse(stdout) as Partial<ParseReport>;
  return { problems: [], components: [], ...report };
}

/** The config of the one component of a type, as HubSpot would receive it. */
export function configOf<T>(report: ParseReport, type: string): T {
  const component = report.components.find((c) => c.type === type);
  if (!component) throw new Error(`no ${type} component in the parsed project`);
  return component.config as T;
}

/** A throw-away copy of the project to break on purpose. */
export function copyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'carequal-hsproject-'));
  cpSync(PROJECT_DIR, dir, {
    recursive: true,
    filter: (src) => {
      const parts = path.relative(PROJECT_DIR, src).split(path.sep);
      return parts[0] !== 'test' && !parts.includes('node_modules');
    },
  });
  return dir;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The config profiles (`src/hsprofile.<name>.json`) the project ships. */
export function profileNames(): string[] {
  return readdirSync(SRC_DIR)
    .map((file) => /^hsprofile\.([^.]+)\.json$/.exec(file)?.[1])
    .filter((name): name is string => Boolean(name));
}
