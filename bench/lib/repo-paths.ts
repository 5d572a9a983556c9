import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root: services are started from here, as `pnpm start` does. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The built `pf` CLI (`pnpm build`, as `pnpm start` runs it), relative to {@link REPO_ROOT}. */
export const PF_CLI = 'integration-service/dist/pf.js';

/** Builds {@link PF_CLI} from the sources, relative to {@link REPO_ROOT}. */
export const PF_BUILD_SCRIPT = 'integration-service/build.mjs';

const providers = path.join(REPO_ROOT, 'integration-service/src/providers');

/**
 * Saved vendor answers and homepages the stand-ins serve. They are read as files, not imported:
 * they belong to the service's tests, and the bench must not depend on app code.
 */
export const FIXTURES = {
  builtwithLookup: path.join(providers, 'builtwith/__fixtures__/domain-lookup.json'),
  similarwebVisits: path.join(providers, 'similarweb/__fixtures__/visits-monthly.json'),
  sitesDir: path.join(providers, 'website/__fixtures__'),
} as const;
