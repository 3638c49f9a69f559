// What the OAuth logins share: the consent URL shown (and a browser opened on a desktop), and the timing options.
import { interactive } from '../../terminal.js';
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

/** The loopback server's port, how long it waits, and how the URL is shown. */
export const consentOptions = (options: LoginOptions) => ({
  port: Number(options.port),
  timeoutMs: Number(options.timeout) * 1000,
  show: showConsent(options),
});
