// What the OAuth logins share: the consent URL shown (and a browser opened on a desktop), and the timing options.
import { interactive, nextLine } from '../../terminal.js';
import type { LoginOptions } from './options.js';

/** Shows the consent URL, with what to do if the app does not list the redirect; opens a browser on a desktop. */
export const showConsent = (options: Pick<LoginOptions, 'browser'>) => async (url: URL) => {
  const redirect = url.searchParams.get('redirect_uri');
  console.error(`Open this URL to authorise jira-auth:\n  ${url.href}`);
  console.error(
    `If the page says the redirect URI is not allowed, add ${redirect} to the app's callback URLs.`,
  );
  if (interactive && options.browser) {
    await import('open').then(({ default: open }) => open(url.href)).catch(() => undefined);
  }
};

/**
 * A machine the browser cannot come back to: an SSH session, or Linux with no display (a container, a Codespace's
 * terminal). The redirect then lands on the user's own machine, so they paste where it landed.
 */
export const headless = (env: NodeJS.ProcessEnv = process.env) =>
  Boolean(env.SSH_CONNECTION || env.SSH_TTY) ||
  (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY);

/** The first line with something on it; undefined when standard input ends first. */
async function pastedLine(): Promise<string | undefined> {
  for (;;) {
    const line = await nextLine();
    if (line === undefined || line.trim() !== '') return line;
  }
}

/** The loopback server's port, how long it waits, how the URL is shown, and (headless, or `--paste`) the paste. */
export const consentOptions = (options: LoginOptions) => {
  const paste = options.paste === true || (options.paste === undefined && headless());
  return {
    port: Number(options.port),
    timeoutMs: Number(options.timeout) * 1000,
    show: async (url: URL) => {
      await showConsent(options)(url);
      if (paste) {
        console.error(
          'If this machine is not the one with the browser, the browser cannot come back here: after you allow access, copy the URL it ends on (the page may not load) and paste it here, or the code in it.',
        );
      }
    },
    pasted: paste ? pastedLine : undefined,
  };
};
