/** The demo's step list: each step is reported as it ends, and the first failed one stops the demo. */
import { AnafPostmanError } from '../errors';
import type { ItemOutcome } from './newman-items';
import type { DemoStep } from './types';

/** Collects steps, tells the caller, and stops the demo at the first failed one. */
export class Steps {
  readonly list: DemoStep[] = [];
  constructor(private readonly onStep?: (step: DemoStep) => void) {}

  add(step: DemoStep): void {
    this.list.push(step);
    this.onStep?.(step);
    if (!step.ok) {
      throw new AnafPostmanError('ASSERTIONS_FAILED', `demo: "${step.name}" failed: ${step.detail}`, {
        steps: this.list,
      });
    }
  }

  /** Times `action`, which returns the step's detail (or throws its failure as an Error). */
  async timed(name: string, action: () => Promise<string> | string): Promise<void> {
    const started = Date.now();
    let detail: string;
    try {
      detail = await action();
    } catch (e) {
      if (e instanceof AnafPostmanError) throw e;
      this.add({
        name,
        ok: false,
        detail: e instanceof Error ? e.message : String(e),
        ms: Date.now() - started,
      });
      return;
    }
    this.add({ name, ok: true, detail, ms: Date.now() - started });
  }
}

/** The outcome of request `endpoint` in a run. */
export function find(items: ItemOutcome[], endpoint: string): ItemOutcome | undefined {
  return items.find((i) => i.endpoint === endpoint);
}
