// Defects that only show under concurrency, cancellation, faults and hostile input: each case failed before its
// fix. Real strategies against the emulator's real HTTP servers; what is asserted is what a user sees: token
// requests made, what the store holds, which error with which advice.
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthStrategy,
  basicAuth,
  bearerAuth,
  ConfigurationError,
  clientCredentials,
  memoryStore,
  oauth2,
  RefreshFailedError,
  TokenResponseError,
  type TokenSet,
  type TokenStore,
  tokenKey,
} from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const app = DEFAULT_OAUTH_CLIENT;
const key = tokenKey('atlassian', app.clientId, DEFAULT_CLOUD_USER.accountId);
const tokenRequests = () => emulator.requests({ host: 'auth', path: '/oauth/token' });
const grant = (scopes = ['read:jira-user', 'offline_access']) => emulator.auth.grant(app.clientId, scopes);
/** A token set whose access token expired an hour ago (its refresh token still works). */
const expired = () => ({ ...grant(), expiresAt: emulator.now() - 3600_000 });

function strategyWith(options: {
  store?: TokenStore;
  tokens?: TokenSet;
  timeoutMs?: number;
  onTokens?: () => void;
}) {
  return oauth2({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    now: () => emulator.now(),
    ...options,
  });
}

const authenticate = (strategy: AuthStrategy, signal?: AbortSignal) =>
  strategy.authenticate({
    url: new URL(`${emulator.urls.gateway}/rest/api/3/myself`),
    method: 'GET',
    ...(signal ? { signal } : {}),
  });

/** A store whose calls take 1 to 30 ms each, in no set order, as any networked store's do. */
function slowStore(): TokenStore & { sets: TokenSet[] } {
  const inner = memoryStore();
  const sets: TokenSet[] = [];
  const later = () => new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 29));
  return {
    sets,
    async get(k) {
      await later();
      return inner.get(k);
    },
    async set(k, tokens) {
      await later();
      sets.push(tokens);
      await inner.set(k, tokens);
    },
    async delete(k) {
      await later();
      await inner.delete(k);
    },
  };
}

/** A store that writes one call at a time, 1 ms each, as a store behind a lock (a file, a row) does. */
function serialStore(): TokenStore {
  const inner = memoryStore();
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const turn = queue.then(() => new Promise((resolve) => setTimeout(resolve, 1))).then(fn);
    queue = turn.catch(() => undefined);
    return turn;
  };
  return {
    get: (k) => inner.get(k),
    set: (k, tokens) => inTurn(() => inner.set(k, tokens)),
    delete: (k) => inTurn(() => inner.delete(k)),
  };
}

describe('1. concurrent first use refreshes once', () => {
  for (const [name, makeStore] of [
    ['the memory store', () => memoryStore()],
    ['an asynchronous store', () => slowStore()],
    ['a store that writes one at a time', () => serialStore()],
  ] as const) {
    it(`${name}: 10,000 concurrent first uses of expired tokens make one token request`, async () => {
      const store = makeStore();
      const tokens = expired();
      const strategy = strategyWith({ store, tokens });
      const headers = await Promise.all(Array.from({ length: 10_000 }, () => authenticate(strategy)));
      expect(tokenRequests()).toHaveLength(1);
      expect(new Set(headers.map((header) => header.authorization)).size).toBe(1);
      const stored = await store.get(key);
      expect(stored?.refreshToken).not.toBe(tokens.refreshToken);
      expect(headers[0]?.authorization).toBe(`Bearer ${stored?.accessToken}`);
    });
  }

  it('the given tokens are saved once, and never over the renewed pair', async () => {
    const store = slowStore();
    const tokens = expired();
    const strategy = strategyWith({ store, tokens });
    await Promise.all(Array.from({ length: 200 }, () => authenticate(strategy)));
    expect(store.sets.map((set) => set.refreshToken === tokens.refreshToken)).toEqual([true, false]);
  });
});

describe('2. one caller giving up fails nobody else', () => {
  it('an aborted request rejects with its own reason; the others get the renewed token', async () => {
    const strategy = strategyWith({ tokens: expired() });
    emulator.inject({ host: 'auth', path: '/oauth/token', delayMs: 300 });
    const quitter = new AbortController();
    const first = authenticate(strategy, quitter.signal);
    const others = Array.from({ length: 5 }, () => authenticate(strategy));
    setTimeout(() => quitter.abort(), 50);
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    const headers = await Promise.all(others);
    for (const header of headers) expect(header.authorization).toMatch(/^Bearer /);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('a renewal abandoned by every caller still completes, saves and announces the rotated pair', async () => {
    const store = memoryStore();
    const tokens = expired();
    const announced: TokenSet[] = [];
    const strategy = strategyWith({
      store,
      tokens,
      onTokens: (next: TokenSet) => void announced.push(next),
    } as never);
    emulator.inject({ host: 'auth', path: '/oauth/token', delayMs: 200 });
    const controllers = Array.from({ length: 3 }, () => new AbortController());
    const waits = controllers.map((controller) => authenticate(strategy, controller.signal));
    setTimeout(() => {
      for (const controller of controllers) controller.abort();
    }, 20);
    for (const wait of waits) await expect(wait).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const stored = await store.get(key);
    expect(stored?.refreshToken).toBeDefined();
    expect(stored?.refreshToken).not.toBe(tokens.refreshToken);
    expect(announced.map((next) => next.refreshToken)).toEqual([stored?.refreshToken]);
    // The next request uses that pair: no second refresh.
    await authenticate(strategy);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('an aborted cloudId lookup fails only the request that gave up', async () => {
    const strategy = basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.scopedToken as string,
      scoped: true,
      endpoints: emulator.endpoints,
    });
    emulator.inject({ host: 'site', path: '/_edge/tenant_info', delayMs: 300 });
    const quitter = new AbortController();
    const first = strategy.baseUrl(quitter.signal);
    const other = strategy.baseUrl();
    setTimeout(() => quitter.abort(), 50);
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect((await other).href).toBe(`${emulator.urls.gateway}`);
    expect(emulator.requests({ path: '/_edge/tenant_info' })).toHaveLength(1);
  });
});

describe('3. refresh errors give the right advice', () => {
  it('stored tokens without a refresh token: authorise again', async () => {
    const { refreshToken: _, ...noRefresh } = expired();
    const error = await authenticate(strategyWith({ tokens: noRefresh })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RefreshFailedError);
    expect(error).toMatchObject({ reauthorize: true });
    expect((error as Error).message).toMatch(/no refresh token.*offline_access.*authorise again/);
    expect((error as Error).message).not.toMatch(/could not reach/);
    expect(tokenRequests()).toHaveLength(0);
  });

  it('a token response without access_token names the field', async () => {
    emulator.inject({
      host: 'auth',
      path: '/oauth/token',
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-in-the-body' },
    });
    const store = memoryStore();
    const tokens = expired();
    const error = await authenticate(strategyWith({ store, tokens })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenResponseError);
    expect(error).toMatchObject({ field: 'access_token' });
    expect((error as Error).message).not.toMatch(/could not reach|rt-in-the-body/);
    expect((await store.get(key))?.refreshToken).toBe(tokens.refreshToken);
  });

  it('an HTML page with 200 is not taken for tokens', async () => {
    emulator.inject({
      host: 'auth',
      path: '/oauth/token',
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html><body>Sign in to continue</body></html>',
    });
    const error = await authenticate(strategyWith({ tokens: expired() })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'JIRA_AUTH_TOKEN_RESPONSE', field: 'body' });
    expect((error as Error).message).toContain('without a JSON object (text/html');
  });

  it('a token endpoint that does not answer in time says so', async () => {
    emulator.inject({ host: 'auth', path: '/oauth/token', delayMs: 1_000 });
    const error = await authenticate(strategyWith({ tokens: expired(), timeoutMs: 150 })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RefreshFailedError);
    expect((error as Error).message).toContain('did not answer in time');
    expect(error).toMatchObject({ reauthorize: false });
  });

  it('a connection reset mid-body is an unreachable endpoint, and the next request recovers', async () => {
    const store = memoryStore();
    const tokens = expired();
    const strategy = strategyWith({ store, tokens });
    emulator.inject({ host: 'auth', path: '/oauth/token', fault: 'reset' });
    const error = await authenticate(strategy).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RefreshFailedError);
    expect((error as Error).message).toContain('could not reach the token endpoint');
    // The emulator rotated the pair before the answer was cut: the old refresh token still works within the reuse
    // interval, so the next request renews and carries on.
    expect((await authenticate(strategy)).authorization).toMatch(/^Bearer /);
    expect((await store.get(key))?.refreshToken).not.toBe(tokens.refreshToken);
  });
});

describe('6. control characters in secrets are refused when a strategy is made', () => {
  const site = 'https://your-site.atlassian.net';
  const cases: [string, () => unknown][] = [
    ['apiToken', () => basicAuth({ site, email: 'a@example.com', apiToken: 'S3CRETA\r\nS3CRETB' })],
    ['apiToken', () => basicAuth({ site, email: 'a@example.com', apiToken: 'S3CRETA\u0000S3CRETB' })],
    [
      'password',
      () => basicAuth({ baseUrl: 'https://jira.example.com', username: 'u', password: 'S3CRETA\nS3CRETB' }),
    ],
    ['token', () => bearerAuth({ baseUrl: 'https://jira.example.com', token: 'S3CRETA\u001bS3CRETB' })],
    ['clientSecret', () => clientCredentials({ clientId: 'id', clientSecret: 'S3CRETA\tS3CRETB', site })],
    [
      'clientSecret',
      () => oauth2({ clientId: 'id', clientSecret: 'S3CRETA\u007fS3CRETB', account: 'acc', cloudId: 'c' }),
    ],
  ];
  it.each(cases)('%s', (field, make) => {
    let thrown: unknown;
    try {
      make();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect(thrown).toMatchObject({ field });
    expect((thrown as Error).message).toContain('control character');
    expect((thrown as Error).message).not.toMatch(/S3CRET/);
  });
});

describe('faults through the emulator', () => {
  for (const status of [500, 502, 503]) {
    for (const retryAfter of [undefined, '2']) {
      it(`the token endpoint answers ${status}${retryAfter ? ' with Retry-After' : ''}: a typed error, nothing lost, the next request renews`, async () => {
        const store = memoryStore();
        const tokens = expired();
        const strategy = strategyWith({ store, tokens });
        emulator.inject({
          host: 'auth',
          path: '/oauth/token',
          status,
          ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {}),
          body: status === 502 ? '<html>Bad Gateway</html>' : { error: 'server_error' },
        });
        const error = await authenticate(strategy).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(RefreshFailedError);
        expect(error).toMatchObject({ reauthorize: false });
        expect((error as Error).message).toContain(`answered ${status}`);
        expect((await store.get(key))?.refreshToken).toBe(tokens.refreshToken);
        expect((await authenticate(strategy)).authorization).toMatch(/^Bearer /);
        expect((await store.get(key))?.refreshToken).not.toBe(tokens.refreshToken);
      });
    }
  }

  for (const skewMinutes of [10, -10]) {
    it(`a clock ${skewMinutes > 0 ? 'ahead' : 'behind'} by 10 minutes: a 401 on a token the server expired renews once and the retry works`, async () => {
      const store = memoryStore();
      // Another process, with a right clock, saved a pair; this one's clock is skewed.
      await store.set(key, grant());
      const skewed = () => emulator.now() + skewMinutes * 60_000;
      const strategy = oauth2({
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        account: DEFAULT_CLOUD_USER.accountId,
        cloudId: emulator.cloudId,
        endpoints: emulator.endpoints,
        now: skewed,
        store,
      });
      const url = new URL(`${emulator.urls.gateway}/rest/api/3/myself`);
      const call = async () => fetch(url, { headers: await strategy.authenticate({ url, method: 'GET' }) });
      // Move to 30 s past the server's expiry: a clock behind still thinks the token good and meets a 401.
      emulator.advanceClock(3600 + 30);
      let response = await call();
      if (response.status === 401) {
        const retry = await strategy.unauthorized?.(
          { url, method: 'GET', headers: new Headers(await strategy.authenticate({ url, method: 'GET' })) },
          { status: 401, headers: response.headers },
        );
        expect(retry).toMatchObject({ retry: true });
        response = await call();
      }
      expect(response.status).toBe(200);
      const refreshes = tokenRequests().filter(
        (entry) => JSON.parse(entry.body).grant_type === 'refresh_token',
      );
      expect(refreshes).toHaveLength(1);
    });
  }
});
