/**
 * For each of many items (rule patterns, selectors), groups of numbered literals, kept in three
 * flat integer arrays. A page checks every item of the dataset (~5,000 patterns, ~1,500
 * selectors); as nested arrays of objects that walk was pointer chasing over ~1 MB of heap,
 * which a busy worker had evicted from the CPU caches by the next page (3x slower there than
 * in a loop on its own). Flat, it is ~100 KB read in order.
 */
export class LiteralGroups {
  private constructor(
    /** Item i's groups are `groupStarts` positions itemStarts[i] .. itemStarts[i + 1]. */
    private readonly itemStarts: Int32Array,
    /** Group g's literals are `literals[groupStarts[g] .. groupStarts[g + 1]]`. */
    private readonly groupStarts: Int32Array,
    private readonly literals: Int32Array,
  ) {}

  /** Collects items (each with its groups) in order; `build` packs them. */
  static builder(): { add(groups: readonly (readonly number[])[]): number; build(): LiteralGroups } {
    const itemStarts = [0];
    const groupStarts = [0];
    const literals: number[] = [];
    return {
      add(groups) {
        for (const group of groups) {
          literals.push(...group);
          groupStarts.push(literals.length);
        }
        itemStarts.push(groupStarts.length - 1);
        return itemStarts.length - 2;
      },
      build: () => new LiteralGroups(Int32Array.from(itemStarts), Int32Array.from(groupStarts), Int32Array.from(literals)),
    };
  }

  get size(): number {
    return this.itemStarts.length - 1;
  }

  /** Every group of the item has a present literal (true for an item with no groups). */
  everyGroupHasOne(item: number, present: (literal: number) => boolean): boolean {
    const groupStarts = this.groupStarts;
    const literals = this.literals;
    for (let group = this.itemStarts[item] as number, end = this.itemStarts[item + 1] as number; group < end; group++) {
      let found = false;
      for (let at = groupStarts[group] as number, stop = groupStarts[group + 1] as number; at < stop; at++) {
        if (present(literals[at] as number)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  /** Some group of the item has all its literals present (false for an item with no groups). */
  someGroupHasAll(item: number, present: (literal: number) => boolean): boolean {
    const groupStarts = this.groupStarts;
    const literals = this.literals;
    for (let group = this.itemStarts[item] as number, end = this.itemStarts[item + 1] as number; group < end; group++) {
      let all = true;
      for (let at = groupStarts[group] as number, stop = groupStarts[group + 1] as number; at < stop; at++) {
        if (!present(literals[at] as number)) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }
}
