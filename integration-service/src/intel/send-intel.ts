import type { Response } from 'express';
import type { Intel } from '@partnerforge/shared/schemas';

/** JSON of the cached cards, kept as long as the card itself is (cards are frozen, so it cannot drift). */
const serialized = new WeakMap<Intel, string>();

/**
 * Answers with intel as JSON (as `res.json` would). A cached card is shared and frozen, so it
 * is serialized once rather than on every read: serializing was the largest single cost of a
 * `GET /v1/intel/:domain` once the card itself came from memory.
 */
export function sendIntel(res: Response, intel: Intel): void {
  if (!Object.isFrozen(intel)) {
    res.json(intel);
    return;
  }
  let body = serialized.get(intel);
  if (body === undefined) {
    body = JSON.stringify(intel);
    serialized.set(intel, body);
  }
  res.type('json').send(body);
}
