// Builds the service to plain JavaScript for production: `node dist/pf.js` instead of
// `node --import tsx src/cli/pf.ts`. tsx's loader runs on its own thread with its own V8 heap and
// transpiles every module at start; a worker then idled at ~230 MB, ~105 MB of it tsx.
// Tests, `pnpm pf` and the bench's stand-ins still run the TypeScript sources.
//
// One bundle (dist/pf.js) with our code and the workspace packages (they export `.ts`), the
// service's own dependencies left as imports; migrations are built next to it, one file each,
// since the migration runner reads them from `./migrations/` beside the code (the bundle).
import { readdir, readFile, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, 'dist');
const manifest = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
// Imports that stay imports must resolve from dist/: only the service's own dependencies do.
const dependencies = new Set(Object.keys({ ...manifest.dependencies }).filter((name) => !name.startsWith('@partnerforge/')));
const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const migrationsRunner = fileURLToPath(import.meta.resolve('@partnerforge/migrations'));

/** @type {import('esbuild').Plugin} */
const placement = {
  name: 'partnerforge-placement',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => {
      if (isBuiltin(specifier) || dependencies.has(packageName(specifier))) return { path: specifier, external: true };
      return undefined; // bundled: workspace packages and what only they depend on (tldts)
    });
    // Files that find their assets by `import.meta.url` (the default scoring profile, openapi.json,
    // wappalyzer's rules) keep finding them where the sources are, relative to the bundle so the
    // checkout can move. The migration runner alone means the bundle's own folder.
    pluginBuild.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => {
      const source = await readFile(file, 'utf8');
      if (!source.includes('import.meta.url') || file === migrationsRunner) return undefined;
      const fromBundle = path.relative(outdir, file).split(path.sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: 'linked', logLevel: 'warning', plugins: [placement] };

await rm(outdir, { recursive: true, force: true });
const migrationsFolder = path.join(path.dirname(migrationsRunner), 'migrations');
const migrations = (await readdir(migrationsFolder)).filter((file) => /^\d{12}_[a-z0-9_]+\.ts$/.test(file));
await Promise.all([
  build({
    ...common,
    // The page reader's thread is a bundle of its own beside pf.js (see page-reader.ts).
    entryPoints: { pf: path.join(here, 'src/cli/pf.ts'), 'page-reader-thread': path.join(here, 'src/providers/website/page-reader-thread.ts') },
    outdir,
    // Bundled CommonJS (none of ours today) would otherwise lack `require` in an ES module;
    // `PF_BUNDLE_URL` tells code whose `import.meta.url` names its source where the bundle is.
    banner: {
      js: "import { createRequire as __pfCreateRequire } from 'node:module'; const require = __pfCreateRequire(import.meta.url); const PF_BUNDLE_URL = import.meta.url;",
    },
  }),
  build({ ...common, entryPoints: migrations.map((file) => path.join(migrationsFolder, file)), outdir: path.join(outdir, 'migrations') }),
]);
