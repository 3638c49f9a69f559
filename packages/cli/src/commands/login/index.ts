// `jira-auth login`: the options, and which way in they choose.
import { type Command, Option } from 'commander';
import { EXIT, Failure } from '../../exit-codes.js';
import { useNetwork } from '../../network.js';
import { DEFAULT_SCOPES, type LoginOptions, loginNetwork } from './options.js';

export function registerLogin(program: Command): void {
  program
    .command('login')
    .description('verify credentials and store them under a profile (the first one becomes the default)')
    .addOption(
      new Option('--api-token', 'Jira Cloud: an email and an API token (classic or scoped)').conflicts(
        'dataCenter',
      ),
    )
    .addOption(new Option('--data-center', 'Jira Data Center: a personal access token'))
    .option('--site <url>', 'the Cloud site, e.g. https://your-site.atlassian.net')
    .option('--email <email>', 'the Atlassian account email')
    .option(
      '--expires <date>',
      "the API token's expiry date (YYYY-MM-DD, as Atlassian showed it): status warns two weeks ahead",
    )
    .option('--base-url <url>', 'the Data Center base URL, with its context path')
    .option(
      '--client-id <id>',
      'OAuth 2.0 (3LO): the Client ID of your app (the secret is asked for, or read from stdin)',
    )
    .option(
      '--scopes <scopes>',
      `OAuth 2.0: the scopes to ask for (default: "${DEFAULT_SCOPES.cloud.join(' ')}"; Data Center: "${DEFAULT_SCOPES.dataCenter.join(' ')}")`,
    )
    .option(
      '--port <port>',
      'OAuth 2.0: the loopback port; list http://localhost:<port>/callback in the app',
      '0',
    )
    .option('--no-browser', 'OAuth 2.0: print the consent URL without opening a browser')
    .option(
      '--paste',
      'OAuth 2.0: also take the URL the browser ends on, pasted here (the default over SSH and with no display)',
    )
    .option('--no-paste', 'OAuth 2.0: wait for the browser to come back to this machine only')
    .addOption(
      new Option('--timeout <seconds>', 'OAuth 2.0: how long to wait for the consent')
        .default('300')
        .hideHelp(),
    )
    .option(
      '--token-command <command>',
      'a command that prints the API token, PAT or client secret (pass, op read, a vault client): run each time it is needed, nothing stored',
    )
    .option(
      '--ca-file <path>',
      'a PEM file of certificate authorities to trust (a private CA); kept in the profile by path',
    )
    .option('--cert <path>', 'a client certificate (PEM) for mutual TLS; kept in the profile by path')
    .option('--key <path>', "the client certificate's private key (PEM); kept in the profile by path")
    .option('--profile <name>', 'the profile to store them under', 'default')
    .action(async (options: LoginOptions) => {
      // Before the first request: the TLS files, and the proxy variables (HTTPS_PROXY, NO_PROXY).
      await useNetwork(loginNetwork(options));
      // Each way in is loaded when chosen: the OAuth flow (a loopback server, the browser opener) only for OAuth.
      if (options.clientId && options.dataCenter)
        return (await import('./data-center-oauth.js')).dataCenterOAuthLogin(options);
      if (options.clientId)
        return (await import('./oauth.js')).oauthLogin({ ...options, clientId: options.clientId });
      if (options.apiToken) return (await import('./api-token.js')).apiTokenLogin(options);
      if (options.dataCenter) return (await import('./pat.js')).patLogin(options);
      throw new Failure(
        'say how: --client-id <id> (Jira Cloud OAuth 2.0), --api-token (Jira Cloud) or --data-center (a personal access token)',
        EXIT.failed,
      );
    });
}
