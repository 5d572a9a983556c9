/**
 * The page reader's thread (see `page-reader.ts`): loads the rules, compiles the readers, says it
 * is ready, then answers each page with its reading.
 */
import { parentPort } from 'node:worker_threads';
import { prepareFingerprint } from './fingerprint.ts';
import type { PageReaderAnswer, PageToRead } from './page-reader.ts';
import { readHomepage } from './read-homepage.ts';
import { warmUpReaders } from './warm-up-readers.ts';

const port = parentPort;
if (!port) throw new Error('page-reader-thread.ts runs as a worker thread');
// oxlint-disable-next-line unicorn/require-post-message-target-origin -- a worker thread's port, not a window
const answer = (message: PageReaderAnswer) => port.postMessage(message);

prepareFingerprint();
warmUpReaders();
port.on('message', ({ id, homepage }: { id: number; homepage: PageToRead }) => {
  try {
    answer({ id, reading: readHomepage(homepage) });
  } catch (error) {
    answer({ id, error });
  }
});
answer({ ready: true });
