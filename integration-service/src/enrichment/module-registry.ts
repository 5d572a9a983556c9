import type { EnrichmentModule, ModuleId } from './module-types.ts';

export interface ModuleRegistry {
  get(id: ModuleId): EnrichmentModule;
  all(): EnrichmentModule[];
  /** `ids` plus everything they depend on, transitively. */
  withDependencies(ids: readonly ModuleId[]): Set<ModuleId>;
  /** Splits modules into waves: each wave depends only on earlier ones and runs in parallel. */
  waves(ids: Iterable<ModuleId>): ModuleId[][];
}

/** Checks the module graph once (unknown dependencies, cycles) and answers questions about it. */
export function createModuleRegistry(modules: readonly EnrichmentModule[]): ModuleRegistry {
  const byId = new Map<ModuleId, EnrichmentModule>();
  for (const module of modules) {
    if (byId.has(module.id)) throw new Error(`Module ${module.id} is registered twice`);
    byId.set(module.id, module);
  }
  for (const module of modules) {
    for (const dependency of module.dependsOn) {
      if (!byId.has(dependency)) throw new Error(`Module ${module.id} depends on unknown module ${dependency}`);
    }
  }
  const get = (id: ModuleId) => {
    const module = byId.get(id);
    if (!module) throw new Error(`Unknown module ${id}`);
    return module;
  };

  function waves(ids: Iterable<ModuleId>): ModuleId[][] {
    const remaining = new Set(ids);
    const done = new Set<ModuleId>();
    const result: ModuleId[][] = [];
    while (remaining.size > 0) {
      // A dependency outside the selection counts as satisfied: its cached data is read.
      const wave = [...remaining].filter((id) => get(id).dependsOn.every((d) => done.has(d) || !remaining.has(d)));
      if (wave.length === 0) throw new Error(`Module dependency cycle among ${[...remaining].join(', ')}`);
      for (const id of wave) {
        remaining.delete(id);
        done.add(id);
      }
      result.push(wave);
    }
    return result;
  }
  // Fails at start, not in the middle of a job.
  waves(byId.keys());

  return {
    get,
    all: () => [...byId.values()],
    withDependencies(ids) {
      const selected = new Set<ModuleId>();
      const visit = (id: ModuleId) => {
        if (selected.has(id)) return;
        selected.add(id);
        for (const dependency of get(id).dependsOn) visit(dependency);
      };
      for (const id of ids) visit(id);
      return selected;
    },
    waves,
  };
}
