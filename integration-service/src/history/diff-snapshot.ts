import type { ModuleId } from '@partnerforge/shared/schemas';
import { WATCHED_FIELDS, type WatchedValue } from './watched-fields.ts';

/** A changed single value (`field` may name a key inside a field: `executives.cfo`). Null = absent. */
export interface ValueChange {
  field: string;
  kind: 'value';
  oldValue: string | number | null;
  newValue: string | number | null;
}

/** A changed list of names: what appeared and what disappeared. */
export interface SetChange {
  field: string;
  kind: 'set';
  added: string[];
  removed: string[];
}

export type FieldChange = ValueChange | SetChange;

/** What `intel_snapshots.diff_from_previous` stores. */
export interface SnapshotDiff {
  /** Version compared with (null when there was none). */
  previousVersion: number | null;
  changes: FieldChange[];
}

/** Case, surrounding and repeated whitespace never make a different name. */
const normalized = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

function sameScalar(a: string | number | null, b: string | number | null): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number') {
    // Equal up to float noise (a recomputed growth rate may differ in the 15th digit).
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return normalized(String(a)) === normalized(String(b));
}

/** Items of `next` not in `previous` and the reverse, compared by `identity`; each listed once. */
function setDifference(previous: readonly string[], next: readonly string[], identity: (item: string) => string) {
  const before = new Map(previous.map((item) => [identity(item), item]));
  const after = new Map(next.map((item) => [identity(item), item]));
  const added = [...after].filter(([key]) => !before.has(key)).map(([, item]) => item);
  const removed = [...before].filter(([key]) => !after.has(key)).map(([, item]) => item);
  return { added: added.sort(), removed: removed.sort() };
}

/** Co-holders of one key read as one value: "Ada Byron & Charles Babbage"; none is null. */
const joined = (items: readonly string[]) => (items.length === 0 ? null : [...items].sort().join(' & '));

function diffField(field: string, previous: WatchedValue | undefined, next: WatchedValue): FieldChange[] {
  if (next.kind === 'scalar') {
    const oldValue = previous?.kind === 'scalar' ? previous.value : null;
    return sameScalar(oldValue, next.value) ? [] : [{ field, kind: 'value', oldValue, newValue: next.value }];
  }
  if (next.kind === 'set') {
    const { added, removed } = setDifference(previous?.kind === 'set' ? previous.items : [], next.items, next.identity ?? normalized);
    return added.length === 0 && removed.length === 0 ? [] : [{ field, kind: 'set', added, removed }];
  }
  // Keyed: each key is one value (its holders, joined), compared as a set of identities.
  const identity = next.identity ?? normalized;
  const before = previous?.kind === 'keyed' ? previous.entries : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(next.entries)])].sort();
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const oldItems = before[key] ?? [];
    const newItems = next.entries[key] ?? [];
    const { added, removed } = setDifference(oldItems, newItems, identity);
    if (added.length === 0 && removed.length === 0) continue;
    changes.push({ field: `${field}.${key}`, kind: 'value', oldValue: joined(oldItems), newValue: joined(newItems) });
  }
  return changes;
}

/**
 * What changed in a module's data between two versions, field by field, ignoring what is
 * noise: reordering, casing, spacing, equal values, and fields neither version has. `previous`
 * undefined compares with nothing (every present value is "added"). Pure.
 */
export function diffSnapshot(module: string, previous: unknown, next: unknown): FieldChange[] {
  const read = WATCHED_FIELDS[module as ModuleId];
  if (!read) return [];
  const before = previous === undefined ? {} : read(previous);
  const after = read(next);
  return Object.entries(after).flatMap(([field, value]) => diffField(field, before[field], value));
}
