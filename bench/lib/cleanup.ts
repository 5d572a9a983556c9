/**
 * Undo steps registered as resources are created, run newest first exactly once: at the end of
 * a run, after a failure, or on Ctrl-C. A failing step is reported and the others still run, so
 * a crashed service never leaves its database or Redis keys behind.
 */
export interface CleanupStack {
  defer(label: string, undo: () => Promise<void>): void;
  run(): Promise<void>;
}

export function createCleanupStack(report: (line: string) => void): CleanupStack {
  const steps: Array<{ label: string; undo: () => Promise<void> }> = [];
  let running: Promise<void> | undefined;
  return {
    defer(label, undo) {
      steps.push({ label, undo });
    },
    run() {
      running ??= (async () => {
        for (const step of steps.toReversed()) {
          try {
            await step.undo();
          } catch (error) {
            report(`cleanup: ${step.label} failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      })();
      return running;
    },
  };
}
