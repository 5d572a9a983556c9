import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXTENSION_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where `wxt build -b chrome --mv3` writes the unpacked extension. */
export const EXTENSION_DIR = path.join(EXTENSION_ROOT, '.output/chrome-mv3');

/** Everything the build reads: a change in any of these makes the built extension stale. */
const SOURCES = ['entrypoints', 'components', 'utils', 'wxt.config.ts', 'package.json', '../shared/src', '../shared/package.json'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** Builds the extension unless `.output/chrome-mv3` is newer than every source; returns its folder. */
export async function ensureExtensionBuilt(): Promise<string> {
  const manifest = path.join(EXTENSION_DIR, 'manifest.json');
  const builtAt = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((source) => newestMtime(path.join(EXTENSION_ROOT, source))));
  if (builtAt > sourcesAt) return EXTENSION_DIR;

  await runWxt(['build', '-b', 'chrome', '--mv3']);
  // A missing extension folder makes Chromium start without it, silently.
  if (!existsSync(manifest)) throw new Error(`wxt build wrote no ${manifest}`);
  return EXTENSION_DIR;
}

/**
 * Runs the WXT CLI in the extension folder (`['zip', '-b', 'chrome', '--mv3']` is `pnpm build`).
 * NODE_ENV is set to production: under vitest it is `test`, which builds a different (larger)
 * extension than the one shipped.
 */
export async function runWxt(args: string[]): Promise<void> {
  const wxt = path.join(EXTENSION_ROOT, 'node_modules/.bin/wxt');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(wxt, args, { cwd: EXTENSION_ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`wxt ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}
