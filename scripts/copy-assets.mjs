// Copies non-TypeScript runtime assets (SQL migrations, the config/ data: safety lexicon) next to the compiled code in dist/.
import { cpSync, existsSync } from 'node:fs';

const assets = [['src/adapters/db/migrations', 'dist/src/adapters/db/migrations'], ['config', 'dist/config']];
for (const [from, to] of assets) {
  if (existsSync(from)) cpSync(from, to, { recursive: true, filter: (p) => !p.endsWith('.ts') });
}
