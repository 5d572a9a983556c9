import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { OPENAPI_PATH } from '../cli/commands/openapi.ts';
import { buildOpenApiDocument } from './openapi-document.ts';

it('matches the committed openapi.json (run "pnpm pf openapi" after changing a schema)', async () => {
  const committed = JSON.parse(await readFile(OPENAPI_PATH, 'utf8')) as unknown;
  expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
});

it('describes the enrichment request with its constraints', () => {
  const doc = buildOpenApiDocument();
  const schema = doc.paths['/v1/enrichments'].post.requestBody.content['application/json'].schema as { required: string[]; properties: Record<string, { items?: { enum?: string[] } }> };
  expect(schema.required).toEqual(['domain']);
  expect(schema.properties.modules?.items?.enum).toContain('website.fingerprint');
});
