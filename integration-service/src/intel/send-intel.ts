import type { Response } from 'express';
import etag from 'etag';
import type { Intel } from '@partnerforge/shared/schemas';

/** JSON and ETag of the cached cards, kept as long as the card itself is (cards are frozen, so they cannot drift). */
const serialized = new WeakMap<Intel, { body: Buffer; etag: string }>();

/**
 * Answers with intel as JSON (as `res.json` would). A cached card is shared and frozen, so it
 * is serialized (and its ETag hashed) once rather than on every read: serializing was the largest single cost of a
 * `GET /v1/intel/:domain` once the card itself came from memory.
 */
export function sendIntel(res: Response, intel: Intel): void {
  if (!Object.isFrozen(intel)) {
    res.json(intel);
    return;
  }
  let cached = serialized.get(intel);
  if (cached === undefined) {
    // A Buffer: express would otherwise copy a long string into one on every send.
    const body = Buffer.from(JSON.stringify(intel));
    // The ETag express would compute for this body on every send (its default, weak), computed once.
    cached = { body, etag: etag(body, { weak: true }) };
    serialized.set(intel, cached);
  }
  res.type('json').set('ETag', cached.etag).send(cached.body);
}
