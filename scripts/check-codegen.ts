/**
 * Fails when committed generated code is stale: regenerates the event types and the GraphQL codegen output, and
 * compares every generated file before and after. Stale files are left regenerated on disk, so committing them is
 * the fix. Works without git (content comparison).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const generatedDirs = [
  ...readdirSync(join(root, 'subgraphs')).map((s) => join(root, 'subgraphs', s, 'src', '__generated__')),
  join(root, 'web', 'src', 'gql'),
  join(root, 'packages', 'events', 'src', '__generated__'),
];

function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else files.set(relative(root, file), readFileSync(file, 'utf8'));
    }
  };
  generatedDirs.forEach(walk);
  return files;
}

const before = snapshot();
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
for (const [cmd, args] of [
  [bin('tsx'), ['scripts/event-types.ts']],
  [bin('graphql-codegen'), ['--config', 'codegen.ts', '--silent']],
] as const) {
  const res = spawnSync(cmd, [...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (res.status !== 0) {
    console.error(`${relative(root, cmd)} ${args.join(' ')} failed.`);
    process.exit(1);
  }
}
const after = snapshot();
const stale = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();
if (stale.length) {
  console.error('Generated files are stale (regenerated now — review and commit them):');
  for (const f of stale) console.error(`- ${f}`);
  process.exit(1);
}
console.log(`Generated code is up to date (${after.size} files).`);
