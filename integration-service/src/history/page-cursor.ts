import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/**
 * Keyset paging over (time, id) newest first: the cursor names the last row of a page, so a
 * row inserted meanwhile neither repeats nor hides one. Opaque to clients (base64url JSON).
 */
export interface PageCursor {
  at: Date;
  id: string;
}

const CursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.at.toISOString(), cursor.id])).toString('base64url');
}

/** The cursor a client sent back, or a 400 when it is not one of ours. */
export function decodeCursor(text: string | undefined): PageCursor | undefined {
  if (text === undefined) return undefined;
  try {
    const [at, id] = CursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { at: new Date(at), id };
  } catch {
    throw new AppError('validation_failed', 400, 'Invalid cursor: pass the nextCursor of the previous page', { issues: [{ path: 'cursor', code: 'custom', message: 'not a cursor' }] });
  }
}

/** Cuts a page fetched with `limit + 1` rows: the rows to return and the cursor of the next page. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => PageCursor): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
