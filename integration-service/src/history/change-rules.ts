import type { ChangeCategory, ModuleId } from '@partnerforge/shared/schemas';
import { CHANGE_RULES } from './change-rule-table.ts';
import type { FieldChange } from './diff-snapshot.ts';
import type { Significance } from './significance.ts';

/**
 * A change rule: which field changes become change events, with a category, a significance
 * and a sentence an AE can read. The rules themselves are the table in change-rule-table.ts.
 * The first rule that matches a change wins; a change no rule matches stays in the stored diff
 * but raises nothing (a 3% traffic wobble is not news).
 */
export interface ChangeRule<C extends FieldChange = FieldChange> {
  /** Stable name, stored with nothing but handy in logs and tests. */
  id: string;
  module: ModuleId;
  /** The field, or a keyed field's prefix ending with a dot (`executives.`). */
  field: string;
  kind: C['kind'];
  when?: (change: C) => boolean;
  /** Also applies to a module's first version, compared with nothing (default false). */
  onFirstVersion?: boolean;
  category: ChangeCategory;
  significance: Significance | ((change: C) => Significance);
  summary: (change: C) => string;
  whyItMatters: string | ((change: C) => string);
}

/** A change event before it is stored. */
export interface ChangeEventDraft {
  ruleId: string;
  module: string;
  field: string;
  category: ChangeCategory;
  significance: Significance;
  /** Value changes: the old value. Set changes: the items removed (null when none). */
  oldValue: string | number | string[] | null;
  /** Value changes: the new value. Set changes: the items added (null when none). */
  newValue: string | number | string[] | null;
  summary: string;
  whyItMatters: string;
}

function ruleFor(module: string, change: FieldChange, firstVersion: boolean, rules: readonly ChangeRule[]): ChangeRule | undefined {
  return rules.find(
    (rule) =>
      rule.module === module &&
      rule.kind === change.kind &&
      (rule.field.endsWith('.') ? change.field.startsWith(rule.field) : change.field === rule.field) &&
      (!firstVersion || rule.onFirstVersion === true) &&
      (rule.when?.(change) ?? true),
  );
}

/**
 * Turns a module's field changes into change events by the first matching rule. On a module's
 * first version (nothing to compare with) only rules marked `onFirstVersion` apply. Pure.
 */
export function classifyChanges(
  module: string,
  changes: readonly FieldChange[],
  options: { firstVersion: boolean; rules?: readonly ChangeRule[] },
): ChangeEventDraft[] {
  const drafts: ChangeEventDraft[] = [];
  for (const change of changes) {
    const rule = ruleFor(module, change, options.firstVersion, options.rules ?? CHANGE_RULES);
    if (!rule) continue;
    const pick = <T>(x: T | ((c: FieldChange) => T)) => (typeof x === 'function' ? (x as (c: FieldChange) => T)(change) : x);
    drafts.push({
      ruleId: rule.id,
      module,
      field: change.field,
      category: rule.category,
      significance: pick(rule.significance),
      oldValue: change.kind === 'value' ? change.oldValue : change.removed.length ? change.removed : null,
      newValue: change.kind === 'value' ? change.newValue : change.added.length ? change.added : null,
      summary: rule.summary(change),
      whyItMatters: pick(rule.whyItMatters),
    });
  }
  return drafts;
}
