import type { IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { FetchRefusedError } from './fetch-refused-error.ts';

/**
 * Reads a response body into a string, refusing (`body_too_large`) as soon as more than
 * `maxBytes` arrive, counted after decompression so a small gzip bomb is caught too. Decodes
 * with the Content-Type charset when the runtime knows it, else UTF-8.
 */
export async function readCappedBody(
  body: Readable,
  headers: IncomingHttpHeaders,
  maxBytes: number,
  url: string,
): Promise<string> {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discardBody(body);
    throw tooLarge(url, maxBytes, `declares ${declared} bytes`);
  }

  const decoder = decompressorFor(headers['content-encoding']);
  const source: AsyncIterable<Buffer> = decoder ?? body;
  const piping = decoder ? pipeline(body, decoder) : Promise.resolve();
  piping.catch(() => undefined); // the same error surfaces from the loop below

  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > maxBytes) {
      discardBody(body);
      decoder?.destroy();
      throw tooLarge(url, maxBytes, 'sent more');
    }
    chunks.push(chunk);
  }
  await piping;
  return decodeText(Buffer.concat(chunks), headers['content-type']);
}

/**
 * Drops a response body without reading it. undici's body emits an AbortError when destroyed,
 * so a listener is attached first or the error would be uncaught.
 */
export function discardBody(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function decompressorFor(contentEncoding: string | undefined) {
  switch (contentEncoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

function decodeText(bytes: Buffer, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function tooLarge(url: string, maxBytes: number, detail: string): FetchRefusedError {
  return new FetchRefusedError('body_too_large', `Response body of ${url} is over the ${maxBytes}-byte cap (${detail})`, url);
}
