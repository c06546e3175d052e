import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEED_ADMIN_PASSWORD, SEED_PASSWORD, SEED_TOKENS } from './seed-credentials.ts';

const SEED_PY = fileURLToPath(new URL('../test/monolith/accounts/management/commands/seed.py', import.meta.url));

// The seed command's module-level constants, read by Python's own parser (no Django needed).
const READ = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
names = {'PASSWORD', 'ADMIN_PASSWORD', 'TOKENS'}
print(json.dumps({t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if getattr(t, 'id', None) in names}))
`;

describe('seed credentials', () => {
  it('are the ones the seed command writes', () => {
    const run = spawnSync('/usr/bin/python3', ['-c', READ, SEED_PY], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ PASSWORD: SEED_PASSWORD, ADMIN_PASSWORD: SEED_ADMIN_PASSWORD, TOKENS: SEED_TOKENS });
  });
});
