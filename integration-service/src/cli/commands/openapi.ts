import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../../openapi/openapi-document.ts';
import type { CliIo } from '../cli-context.ts';

export const OPENAPI_PATH = fileURLToPath(new URL('../../../openapi.json', import.meta.url));
export const openapiUsage = 'pf openapi                               regenerate integration-service/openapi.json from the zod schemas';

export async function openapiCommand(io: CliIo): Promise<void> {
  await writeFile(OPENAPI_PATH, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
  io.out(`Wrote ${OPENAPI_PATH}`);
}
