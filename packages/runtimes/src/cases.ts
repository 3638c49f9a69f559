// One suite of real cases, runnable in any runtime with fetch, WebCrypto and ES modules (Deno, Bun, workerd,
// Node): core's strategies through ky 2 and through openapi-fetch, against the emulator that a Node process runs
// on loopback. The runtime reports what it saw; the Node test reads the emulator's log for what went on the wire.
import { type AuthStrategy, basicAuth, oauth2, type TokenSet } from '@jira-auth/core';
import { ForgeInvocationError, forgeRemote } from '@jira-auth/forge-remote';
import { jiraAuth, type KyInstance } from '@jira-auth/ky';
import { createJiraClient } from '@jira-auth/openapi-fetch';
import ky from 'ky';

export interface RuntimeConfig {
  client: 'ky' | 'openapi-fetch';
  site: string;
  foreign: string;
  endpoints: { api: string; auth: string };
  cloud: { email: string; classicToken: string; scopedToken: string };
  oauth: { clientId: string; clientSecret: string; account: string; tokens: TokenSet };
  /** Forge Remote: the app's id, the JWKS, and the headers of two invocations (one whose FIT was tampered with). */
  forge: {
    appId: string;
    jwksUrl: string;
    invocation: Record<string, string>;
    tampered: Record<string, string>;
  };
}

export interface CaseResult {
  name: string;
  ok: boolean;
  detail: string;
}

interface Sent {
  status: number;
  body: unknown;
}

/** The one request shape the cases need, sent by the client under test. */
type Send = (method: 'GET' | 'POST', path: string, form?: FormData) => Promise<Sent>;

function clientFor(config: RuntimeConfig, strategy: AuthStrategy): Send {
  if (config.client === 'ky') {
    // The workspace's @jira-auth/ky is typed against its own ky 1 dev copy; an installed one is typed by your ky.
    const auth = jiraAuth(strategy, { ky: ky as unknown as KyInstance }) as object;
    const jira = ky.create({ ...auth, throwHttpErrors: false, retry: 0 });
    return async (method, path, form) => {
      const response = await jira(path, { method, ...(form ? { body: form } : {}) });
      return { status: response.status, body: await response.json().catch(() => undefined) };
    };
  }
  // Paths outside the typed surface (the emulator's redirect helper) go through the same client and middleware.
  const jira = createJiraClient({ auth: strategy }) as unknown as {
    request(
      method: string,
      path: string,
      init?: object,
    ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  };
  return async (method, path, form) => {
    const result = await jira.request(
      method,
      path,
      form ? { body: form, bodySerializer: (body: FormData) => body } : {},
    );
    return { status: result.response.status, body: result.data ?? result.error };
  };
}

export async function runCases(config: RuntimeConfig): Promise<CaseResult[]> {
  const { site, endpoints, cloud } = config;
  const classic = () => basicAuth({ site, email: cloud.email, apiToken: cloud.classicToken, endpoints });
  const cases: Record<string, () => Promise<string>> = {
    async 'classic API token'() {
      const { status, body } = await clientFor(config, classic())('GET', '/rest/api/3/myself');
      return expectStatus(status, 200, (body as { emailAddress?: string })?.emailAddress);
    },
    async 'scoped API token through the gateway'() {
      const strategy = basicAuth({
        site,
        email: cloud.email,
        apiToken: cloud.scopedToken,
        scoped: true,
        endpoints,
      });
      const { status, body } = await clientFor(config, strategy)('GET', '/rest/api/3/myself');
      return expectStatus(status, 200, (body as { emailAddress?: string })?.emailAddress);
    },
    async 'oauth2: a forced expiry and one refresh'() {
      let offset = 0;
      const renewed: string[] = [];
      const strategy = oauth2({
        ...config.oauth,
        site,
        endpoints,
        // The strategy's clock: moved two hours on to expire the access token without waiting.
        now: () => Date.now() + offset,
        onTokens: (tokens) => void renewed.push(tokens.accessToken),
      });
      const send = clientFor(config, strategy);
      const first = await send('GET', '/rest/api/3/myself');
      if (first.status !== 200) throw new Error(`first call: ${first.status}`);
      offset = 2 * 3600_000;
      const second = await send('GET', '/rest/api/3/myself');
      if (second.status !== 200) throw new Error(`after the expiry: ${second.status}`);
      if (renewed.length !== 1) throw new Error(`expected one renewal, saw ${renewed.length}`);
      return `renewed once`;
    },
    async 'no credentials across a redirect to another origin'() {
      const target = `${config.foreign}/__emulator/echo`;
      const { status } = await clientFor(config, classic())(
        'GET',
        `/__emulator/redirect?to=${encodeURIComponent(target)}`,
      );
      return expectStatus(status, 200, 'followed');
    },
    async 'an upload gets X-Atlassian-Token'() {
      const form = new FormData();
      form.append('file', new Blob(['hello from a runtime'], { type: 'text/plain' }), 'hello.txt');
      const { status, body } = await clientFor(config, classic())(
        'POST',
        '/rest/api/3/issue/DEMO-1/attachments',
        form,
      );
      return expectStatus(status, 200, JSON.stringify(body));
    },
    async 'forge remote: a verified invocation as the app and the user; a tampered one refused'() {
      const forge = forgeRemote({ appId: config.forge.appId, jwksUrl: config.forge.jwksUrl });
      const invocation = await forge.verify(
        new Request('http://remote.invalid/', { method: 'POST', headers: config.forge.invocation }),
      );
      const seen: string[] = [];
      for (const auth of [invocation.asApp(), invocation.asUser()]) {
        const { status, body } = await clientFor(config, auth)('GET', '/rest/api/3/myself');
        expectStatus(status, 200, '');
        seen.push(String((body as { accountId?: string })?.accountId));
      }
      const refused = await forge
        .verify(new Request('http://remote.invalid/', { headers: config.forge.tampered }))
        .then(
          () => 'accepted',
          (error: unknown) => (error instanceof ForgeInvocationError ? error.reason : String(error)),
        );
      if (refused !== 'signature') throw new Error(`the tampered FIT: ${refused}`);
      return seen.join(' ');
    },
  };

  const results: CaseResult[] = [];
  for (const [name, run] of Object.entries(cases)) {
    try {
      results.push({ name, ok: true, detail: await run() });
    } catch (error) {
      results.push({
        name,
        ok: false,
        detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return results;
}

function expectStatus(actual: number, expected: number, detail: unknown): string {
  if (actual !== expected) throw new Error(`status ${actual}, expected ${expected}`);
  return String(detail);
}
