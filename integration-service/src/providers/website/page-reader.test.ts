import { afterAll, describe, expect, it } from 'vitest';
import { type PageReader, inlinePageReader, startPageReaderThread } from './page-reader.ts';
import { SAMPLE_HOMEPAGE } from './sample-homepage.ts';

const threads: PageReader[] = [];
afterAll(async () => {
  await Promise.all(threads.map((reader) => reader.close()));
});

describe('page reader on a thread of its own', () => {
  it('reads a page exactly as the inline reader does: the same technologies, classification and company context', async () => {
    const thread = await startPageReaderThread();
    threads.push(thread);
    const fetchedAt = new Date('2026-12-04T05:00:00Z');
    const [onThread, inline] = await Promise.all([thread.read({ page: SAMPLE_HOMEPAGE, fetchedAt }), inlinePageReader.read({ page: SAMPLE_HOMEPAGE, fetchedAt })]);
    expect(onThread).toEqual(inline);
    expect(onThread.fetchedAt).toBeInstanceOf(Date);
    expect(onThread.fingerprint.ok && onThread.fingerprint.value.technologies.length).toBeGreaterThan(3);
  });

  it('answers many pages at once, each with its own reading', async () => {
    const thread = await startPageReaderThread();
    threads.push(thread);
    const pages = Array.from({ length: 20 }, (_, i) => ({ ...SAMPLE_HOMEPAGE, url: `https://www${i}.example.com/` }));
    const readings = await Promise.all(pages.map((page) => thread.read({ page, fetchedAt: new Date(0) })));
    expect(readings.map((reading) => reading.sourceUrl)).toEqual(pages.map((page) => page.url));
  });

  it('keeps reading, on the main thread, after its thread is gone', async () => {
    const thread = await startPageReaderThread();
    await thread.close(); // as a crash would: the thread exits
    const reading = await thread.read({ page: SAMPLE_HOMEPAGE, fetchedAt: new Date(0) });
    expect(reading.companyContext.ok && reading.companyContext.value.name).toBe('Example Outdoor Co.');
  });
});
