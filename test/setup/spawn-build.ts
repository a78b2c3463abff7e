/**
 * One build of the code that tests run as child processes (the `carequal` CLI, the demo script),
 * made once by the global setup: every spawn then starts plain JavaScript instead of compiling
 * the sources through tsx again (seconds of CPU per spawn on a busy machine).
 *
 * swc (already jest's transformer) compiles src/, sandbox/ and scripts/ file by file into
 * node_modules/.cache/ of this checkout, so that packages resolve as from the sources; the SQL
 * migrations are copied beside the compiled migrator and hubspot-project/ is linked where the
 * sandbox looks for it.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformFile } from '@swc/core';

const SOURCE_DIRS = ['src', 'sandbox', 'scripts'];

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full) : [full];
  });
}

/** Compiles the spawnable code of `repoRoot` into a fresh folder under its node_modules/.cache and returns that folder. */
export async function buildSpawnEntries(repoRoot: string): Promise<string> {
  const outDir = path.join(repoRoot, 'node_modules', '.cache', 'carequal-test-build', `${process.pid}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  const files = SOURCE_DIRS.flatMap((d) => listFiles(path.join(repoRoot, d)));
  const sources = files.filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
  await Promise.all(sources.map(async (file) => {
    const { code, map } = await transformFile(file, {
      jsc: { parser: { syntax: 'typescript', tsx: file.endsWith('.tsx') }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: true,
    });
    const target = path.join(outDir, path.relative(repoRoot, file)).replace(/\.tsx?$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
    if (map) writeFileSync(`${target}.map`, map);
  }));
  cpSync(path.join(repoRoot, 'src/adapters/db/migrations'), path.join(outDir, 'src/adapters/db/migrations'), { recursive: true });
  symlinkSync(path.join(repoRoot, 'hubspot-project'), path.join(outDir, 'hubspot-project'), 'dir');
  // The clinical-safety lexicon is read from config/safety beside src/ at start (as in the built image).
  symlinkSync(path.join(repoRoot, 'config'), path.join(outDir, 'config'), 'dir');
  return outDir;
}

/** Removes a build made by buildSpawnEntries. */
export function removeSpawnBuild(outDir: string | undefined): void {
  if (outDir?.includes(`${path.sep}carequal-test-build${path.sep}`)) rmSync(outDir, { recursive: true, force: true });
}
