// A real terminal for the tests that read the screen as a person would: one tmux session, its pane read and typed
// into.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function terminal(name: string) {
  const session = `${name}-${process.pid}`;
  const screen = async () => (await run('tmux', ['capture-pane', '-p', '-t', session])).stdout;
  return {
    /** Starts the command in a 120 × 30 pane. */
    start: (command: readonly string[]) =>
      run('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '30', ...command]),
    /** The screen once it shows `expected` (up to 15 s), or an error with what it showed instead. */
    async waitFor(expected: string | RegExp): Promise<string> {
      for (let i = 0; i < 300; i++) {
        const shown = await screen();
        if (typeof expected === 'string' ? shown.includes(expected) : expected.test(shown)) return shown;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`${String(expected)} never appeared on the screen:\n${await screen()}`);
    },
    screen,
    /** Types the text as it is. */
    type: (text: string) => run('tmux', ['send-keys', '-t', session, '-l', text]),
    /** Presses keys by tmux's names (`Enter`, `Tab`, `C-u`). */
    press: (...keys: string[]) => run('tmux', ['send-keys', '-t', session, ...keys]),
    stop: () => run('tmux', ['kill-session', '-t', session]).catch(() => undefined),
  };
}
