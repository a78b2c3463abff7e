// Copies non-TypeScript runtime assets (SQL migrations) next to the compiled code in dist/.
import { cpSync, existsSync } from 'node:fs';

const assets = [['src/adapters/db/migrations', 'dist/src/adapters/db/migrations']];
for (const [from, to] of assets) {
  if (existsSync(from)) cpSync(from, to, { recursive: true, filter: (p) => !p.endsWith('.ts') });
}
