// `jira-auth completion <shell>` installed in real bash (with Debian's bash-completion), zsh and fish, each in a real
// terminal (tmux): Tab completes a command and a stored profile's name, as a person would see it on the screen.
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { terminal } from './tmux.js';

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const { start, waitFor, type, press, stop } = terminal('jira-auth-completion');
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jira-auth-completion-'));
  // `jira-auth` on the PATH, as an install puts it there: the scripts call it by name.
  await writeFile(join(home, 'jira-auth'), `#!/bin/sh\nexec '${process.execPath}' '${cli}' "$@"\n`);
  await chmod(join(home, 'jira-auth'), 0o755);
  const profile = { method: 'pat', baseUrl: 'https://jira.example.com', token: 'not-used' };
  await writeFile(
    join(home, 'profiles.json'),
    JSON.stringify({ default: 'work', profiles: { work: profile } }),
    { mode: 0o600 },
  );
});
afterEach(stop);

const SHELLS = {
  bash: {
    start: 'bash --norc --noprofile',
    install: 'source /usr/share/bash-completion/bash_completion; source <(jira-auth completion bash)',
  },
  zsh: {
    start: 'zsh -f',
    install: 'autoload -U compinit; compinit -u; source <(jira-auth completion zsh)',
  },
  fish: { start: 'fish --no-config', install: 'jira-auth completion fish | source' },
} as const;

describe.each(Object.keys(SHELLS) as (keyof typeof SHELLS)[])('%s', (shell) => {
  it('installs, then Tab completes a command and a stored profile', async () => {
    const { start: shellStart, install } = SHELLS[shell];
    const env = [
      `HOME=${home}`,
      `PATH=${home}:${process.env.PATH}`,
      `JIRA_AUTH_CONFIG_DIR=${home}`,
      'PS1=$ ',
      'TERM=xterm',
    ];
    await start(['env', ...env, ...shellStart.split(' ')]);
    // The line as typed shows `installed-$n`; only the shell's run of it prints 42.
    await type(`${install}; ${shell === 'fish' ? 'set n 42' : 'n=42'}; echo installed-$n`);
    await press('Enter');
    await waitFor(/^installed-42$/m);
    await type('jira-auth stat');
    await press('Tab');
    await waitFor(/jira-auth status\s*$/m);
    await press('C-u');
    await type('jira-auth use ');
    await press('Tab');
    const shown = await waitFor(/jira-auth use work\s*$/m);
    expect(shown).not.toContain('not-used');
  });
});
