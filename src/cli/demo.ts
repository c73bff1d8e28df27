/** `anaf-postman demo` (what `npm start` runs): the whole flow on the built-in mock, printed as it goes. */
import type { CommandModule } from 'yargs';
import type { DemoStep } from '../demo';

/** Widest step name before the detail column (longer names push their detail along). */
const NAME_WIDTH = 58;

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One line per step: mark, name, detail, timing. */
export function stepLine(step: DemoStep): string {
  const mark = step.ok ? '✓' : '✗';
  return `  ${mark} ${step.name.padEnd(NAME_WIDTH)} ${step.detail}  (${seconds(step.ms)})\n`;
}

/** The `demo` command; Newman and the mock load only when it runs. */
export const command: CommandModule<object, object> = {
  command: 'demo',
  describe:
    'Run the whole flow on the built-in ANAF mock, no certificate needed: authorize, exchange, ' +
    'e-Factura calls, an expired access token auto-refreshed and rotated. Exits 1 naming a failed step.',
  builder: (y) =>
    y.example('$0 demo', 'the flow in a few seconds; nothing is written, nothing stays running'),
  handler: async () => {
    const { runDemo } = await import('../demo');
    const out = (text: string) => process.stdout.write(text);
    out('anaf-postman demo: the real collection, run by Newman against the built-in ANAF mock\n\n');
    const result = await runDemo({ onStep: (step) => out(stepLine(step)) });
    out(
      `\nAll ${result.steps.length} steps passed in ${seconds(result.totalMs)}; the mock is closed. ` +
        'Tokens are shown as a 10-character prefix and a hash, never whole.\n',
    );
  },
};
