import { SAMPLE_HOMEPAGE } from './sample-homepage.ts';
import { readHomepage } from './read-homepage.ts';

/**
 * Reads {@link SAMPLE_HOMEPAGE} `rounds` times, so that parsing, fingerprinting and the company
 * context run compiled code from the first prospect's page on. Cold, the first jobs' page reads
 * were several times slower and held the event loop 50–100 ms each, which both slowed a run's
 * first seconds and sent rate-limited calls late. ~0.2 s at a worker's start.
 */
export function warmUpReaders(rounds = 30): void {
  for (let round = 0; round < rounds; round++) readHomepage({ page: SAMPLE_HOMEPAGE, fetchedAt: new Date() });
}
