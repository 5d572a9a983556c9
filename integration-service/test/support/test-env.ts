import { randomBytes } from 'node:crypto';

/** Where the test suite finds real PostgreSQL and Redis (the compose file starts both). */
export const TEST_REDIS_URL = process.env.PF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis key prefix no other test uses, so tests never see each other's queues. */
export function randomPrefix(): string {
  return `pftest-${randomBytes(6).toString('hex')}`;
}
