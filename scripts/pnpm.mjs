#!/usr/bin/env node
// Runs a pnpm script on any machine with Node 20.19+: uses the pnpm pinned in package.json's
// `packageManager` (through `npx -y pnpm@<version>`, which avoids corepack's signature check that fails
// on registries without signatures), installs dependencies when the lockfile changed, then runs the script.
// Usage: node scripts/pnpm.mjs run <script> [args...]   |   node scripts/pnpm.mjs <any pnpm args>
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const wanted = String(pkg.packageManager ?? '').replace(/^pnpm@/, '').split('+')[0];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Emporium needs Node.js 20.19 or newer (this is ${process.versions.node}).`);
  process.exit(1);
}

function pnpm(args) {
  const local = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  const useLocal = local.status === 0 && local.stdout.trim() === wanted;
  const [cmd, cmdArgs] = useLocal ? ['pnpm', args] : ['npx', ['-y', `pnpm@${wanted}`, ...args]];
  const res = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, env: { ...process.env, COREPACK_ENABLE_STRICT: '0' } });
  return res.status ?? 1;
}

const lock = join(root, 'pnpm-lock.yaml');
const marker = join(root, 'node_modules', '.pnpm', 'lock.yaml');
const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  const code = pnpm(['install', '--frozen-lockfile', '--reporter=append-only']);
  if (code !== 0) process.exit(code);
}
process.exit(pnpm(process.argv.slice(2)));
