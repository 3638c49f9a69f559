import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthServer,
  type AuthServerSettings,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  type OAuthClient,
} from './auth-server.js';
import {
  type EmulatedRequest,
  type EmulatedResponse,
  json,
  parseBasic,
  parseBearer,
  readBody,
  send,
  sendHalfThenReset,
} from './http.js';
import { type Caller, jiraRest } from './jira-rest.js';

/** The hosts the emulator stands in for, each on its own loopback port (so each has its own origin). */
export type HostRole = 'site' | 'api' | 'auth' | 'dc' | 'foreign';

/** A Jira Cloud user with API tokens. */
export interface CloudUser {
  accountId: string;
  email: string;
  displayName: string;
  /** Accepted on the site (`<site>.atlassian.net`) only. */
  classicToken?: string;
  /** Accepted on the gateway (`api.atlassian.com/ex/jira/{cloudId}`) only. */
  scopedToken?: string;
}

/** A Jira Data Center user. */
export interface DataCenterUser {
  username: string;
  password: string;
  displayName: string;
  email: string;
  /** A personal access token, sent as Bearer. */
  pat?: string;
}

export interface EmulatorOptions {
  /** Cloud users; defaults to {@link DEFAULT_CLOUD_USER}. */
  cloudUsers?: CloudUser[];
  /** Data Center users; defaults to {@link DEFAULT_DC_USER}. */
  dataCenterUsers?: DataCenterUser[];
  /** The Data Center context path. @default '/jira' */
  contextPath?: string;
  /** Failed Basic logins on Data Center before the CAPTCHA 403. @default 3 */
  captchaAfter?: number;
  /** The site's cloudId. @default a random UUID */
  cloudId?: string;
  /** OAuth apps and service accounts known to auth.atlassian.com; defaults to the two default clients. */
  oauthClients?: OAuthClient[];
  /** OAuth apps registered on the Data Center instance (incoming links); defaults to {@link DEFAULT_DC_OAUTH_CLIENT}. */
  dataCenterOAuthClients?: OAuthClient[];
  /** Auth server behaviour (token lifetime, reuse interval, ...), for both Cloud and Data Center. */
  auth?: Partial<AuthServerSettings>;
}

export const DEFAULT_DC_OAUTH_CLIENT: OAuthClient = {
  clientId: 'emulator-dc-client-id',
  clientSecret: 'emulator-dc-client-secret',
  redirectUris: ['http://localhost:8976/callback'],
  scopes: ['READ', 'WRITE'],
  kind: '3lo',
};

const DEFAULT_AUTH_SETTINGS: AuthServerSettings = {
  accessTokenLifetime: 3600,
  refreshTokenReuseInterval: 600,
  revokeFamilyOnReuse: true,
  accessTokenGraceAfterRefresh: 600,
  omitRefreshTokenTimes: 0,
};

export interface LoggedRequest {
  readonly host: HostRole;
  readonly method: string;
  /** Path and query as received. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text. */
  readonly body: string;
  readonly status: number;
}

/** An answer forced for the next matching requests, before any route runs. */
export interface Injection {
  host?: HostRole;
  /** Matches when the request path (below the host) starts with this string or matches this pattern. */
  path?: string | RegExp;
  /** The status to answer with. Omitted: the emulator answers as usual, after `delayMs` and with `fault`. */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many requests it answers. @default 1 */
  times?: number;
  /** Hold the answer this long (ms), to line up races or outlast a client's timeout. */
  delayMs?: number;
  /**
   * `reset`: send the status line, the headers and half of the body, then reset the connection, as a crashing
   * server or a dropped network does mid-answer.
   */
  fault?: 'reset';
}

export const DEFAULT_CLOUD_USER: CloudUser = {
  accountId: '5b10a2844c20165700ede21g',
  email: 'ada@example.com',
  displayName: 'Ada Lovelace',
  classicToken: 'ATATT-emulator-classic-token',
  scopedToken: 'ATATT-emulator-scoped-token',
};

export const DEFAULT_DC_USER: DataCenterUser = {
  username: 'grace',
  password: 'emulator-password',
  displayName: 'Grace Hopper',
  email: 'grace@example.com',
  pat: 'emulator-personal-access-token',
};

const ROLES: readonly HostRole[] = ['site', 'api', 'auth', 'dc', 'foreign'];

/**
 * A local stand-in for Atlassian: a Cloud site, the api.atlassian.com gateway, the auth server, a Data Center
 * instance and an unrelated "foreign" host, each a real `node:http` server on 127.0.0.1.
 */
export class Emulator {
  readonly cloudId: string;
  readonly contextPath: string;
  readonly captchaAfter: number;
  readonly cloudUsers: CloudUser[];
  readonly dataCenterUsers: DataCenterUser[];
  /** Every request received, oldest first. */
  readonly log: LoggedRequest[] = [];
  /** auth.atlassian.com: codes, tokens, rotation. */
  readonly auth: AuthServer;
  /** The Data Center instance's own OAuth 2.0 provider. */
  readonly dataCenterAuth: AuthServer;
  #clockOffset = 0;

  readonly #servers = new Map<HostRole, Server>();
  readonly #origins = new Map<HostRole, string>();
  readonly #injections: Injection[] = [];
  readonly #failedLogins = new Map<string, number>();
  readonly #issues = new Map([['DEMO-1', { id: '10000', key: 'DEMO-1', summary: 'Emulated issue' }]]);

  constructor(options: EmulatorOptions = {}) {
    this.cloudId = options.cloudId ?? randomUUID();
    this.contextPath = `/${(options.contextPath ?? '/jira').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
    this.captchaAfter = options.captchaAfter ?? 3;
    this.cloudUsers = [...(options.cloudUsers ?? [DEFAULT_CLOUD_USER])];
    this.dataCenterUsers = [...(options.dataCenterUsers ?? [DEFAULT_DC_USER])];
    const now = () => this.now();
    this.auth = new AuthServer({
      clients: options.oauthClients ?? [DEFAULT_OAUTH_CLIENT, DEFAULT_SERVICE_ACCOUNT],
      settings: { ...DEFAULT_AUTH_SETTINGS, ...options.auth },
      consentingAccountId: this.cloudUsers[0]?.accountId ?? '',
      now,
    });
    this.dataCenterAuth = new AuthServer({
      clients: options.dataCenterOAuthClients ?? [DEFAULT_DC_OAUTH_CLIENT],
      settings: { ...DEFAULT_AUTH_SETTINGS, ...options.auth },
      consentingAccountId: this.dataCenterUsers[0]?.username ?? '',
      now,
    });
  }

  /** The emulator's clock (ms since the epoch): real time plus what {@link advanceClock} added. */
  now(): number {
    return Date.now() + this.#clockOffset;
  }

  /** Moves the emulator's clock forward: tokens expire, reuse intervals pass. */
  advanceClock(seconds: number): void {
    this.#clockOffset += seconds * 1000;
  }

  /** Starts every host on 127.0.0.1 with a free port. */
  async start(): Promise<this> {
    if (this.#servers.size > 0) return this;
    for (const role of ROLES) {
      const server = createServer((request, response) => {
        this.#handle(role, request, response).catch((error: unknown) => {
          send(response, json(500, { errorMessages: [String(error)], errors: {} }));
        });
      });
      server.keepAliveTimeout = 1_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      this.#servers.set(role, server);
      this.#origins.set(role, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
    return this;
  }

  /** Stops every host and drops open connections. */
  async close(): Promise<void> {
    const servers = [...this.#servers.values()];
    this.#servers.clear();
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  /** The origin (`http://127.0.0.1:PORT`) of one host. */
  origin(role: HostRole): string {
    const origin = this.#origins.get(role);
    if (!origin) throw new Error('[@jira-auth/emulator] not started: await emulator.start() first');
    return origin;
  }

  /** URLs to configure clients with. */
  get urls() {
    return {
      /** The Cloud site, standing in for `https://<site>.atlassian.net`. */
      site: this.origin('site'),
      /** The gateway base for this site, standing in for `https://api.atlassian.com/ex/jira/{cloudId}`. */
      gateway: `${this.origin('api')}/ex/jira/${this.cloudId}`,
      /** The Data Center base URL, with its context path. */
      dataCenter: `${this.origin('dc')}${this.contextPath}`,
      /** A host that is not Jira: credentials must never arrive here. */
      foreign: this.origin('foreign'),
      /** Data Center's OAuth 2.0 provider base: `{base}/rest/oauth2/latest`. */
      dataCenterOAuth: `${this.origin('dc')}${this.contextPath}/rest/oauth2/latest`,
    };
  }

  /** The Atlassian endpoints option for jira-auth strategies: `{ endpoints: emulator.endpoints }`. */
  get endpoints(): { api: string; auth: string } {
    return { api: this.origin('api'), auth: this.origin('auth') };
  }

  /**
   * What a browser does at the consent screen: opens an authorize URL (Cloud or Data Center) and returns the callback
   * URL it redirects to, with `code` and `state`. Consent is granted at once.
   */
  async consent(authorizeUrl: URL | string): Promise<string> {
    const response = await fetch(authorizeUrl, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) {
      throw new Error(
        `[@jira-auth/emulator] /authorize answered ${response.status}: ${await response.text()}`,
      );
    }
    return location;
  }

  /** Forces the answer to the next matching request(s). */
  inject(injection: Injection): void {
    this.#injections.push({ ...injection, times: injection.times ?? 1 });
  }

  /** Requests received, optionally only those of one host or whose path contains a string. */
  requests(filter: { host?: HostRole; path?: string | RegExp } = {}): LoggedRequest[] {
    return this.log.filter(
      (entry) =>
        (filter.host === undefined || entry.host === filter.host) &&
        (filter.path === undefined ||
          (typeof filter.path === 'string'
            ? entry.path.includes(filter.path)
            : filter.path.test(entry.path))),
    );
  }

  /** Forgets the log, injections and failed-login counts (a clean slate between tests). */
  reset(): void {
    this.log.length = 0;
    this.#injections.length = 0;
    this.#failedLogins.clear();
  }

  /** What an admin does after a CAPTCHA: reset a Data Center user's failed-login count. */
  resetFailedLogins(username: string): void {
    this.#failedLogins.delete(username);
  }

  async #handle(role: HostRole, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const body = await readBody(incoming);
    const url = new URL(incoming.url ?? '/', 'http://emulator');
    const request: EmulatedRequest = {
      method: (incoming.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body,
    };
    const injected = this.#takeInjection(role, request);
    if (injected?.delayMs) await new Promise((resolve) => setTimeout(resolve, injected.delayMs));
    if (outgoing.destroyed) return;
    const answer = injected?.answer ?? this.#testRoute(request) ?? this.#route(role, request);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    this.log.push({
      host: role,
      method: request.method,
      path: incoming.url ?? '/',
      headers,
      body: body.toString('utf8'),
      status: answer.status,
    });
    if (injected?.fault === 'reset') sendHalfThenReset(outgoing, answer);
    else send(outgoing, answer);
  }

  #takeInjection(
    role: HostRole,
    request: EmulatedRequest,
  ): { answer?: EmulatedResponse; delayMs?: number; fault?: 'reset' } | undefined {
    const index = this.#injections.findIndex(
      (injection) =>
        (injection.host === undefined || injection.host === role) &&
        (injection.path === undefined ||
          (typeof injection.path === 'string'
            ? request.path.startsWith(injection.path)
            : injection.path.test(request.path))),
    );
    const injection = this.#injections[index];
    if (!injection) return undefined;
    injection.times = (injection.times ?? 1) - 1;
    if (injection.times <= 0) this.#injections.splice(index, 1);
    return {
      ...(injection.status !== undefined
        ? { answer: { status: injection.status, headers: injection.headers ?? {}, body: injection.body } }
        : {}),
      ...(injection.delayMs ? { delayMs: injection.delayMs } : {}),
      ...(injection.fault ? { fault: injection.fault } : {}),
    };
  }

  /** Test helpers on every host, under a prefix no Jira path uses. */
  #testRoute(request: EmulatedRequest): EmulatedResponse | undefined {
    if (request.path === '/__emulator/redirect') {
      return { status: 302, headers: { location: request.query.get('to') ?? '/' } };
    }
    if (request.path === '/__emulator/echo')
      return json(200, { method: request.method, headers: request.headers });
    return undefined;
  }

  #route(role: HostRole, request: EmulatedRequest): EmulatedResponse {
    switch (role) {
      case 'site':
        return this.#site(request);
      case 'api':
        return this.#api(request);
      case 'auth':
        return this.#authHost(request);
      case 'dc':
        return this.#dataCenter(request);
      default:
        return json(404, { message: 'Not found' });
    }
  }

  #site(request: EmulatedRequest): EmulatedResponse {
    if (request.path === '/_edge/tenant_info' && request.method === 'GET') {
      return json(200, { cloudId: this.cloudId });
    }
    const site = this.origin('site');
    // Classic tokens only: a scoped token sent to <site>.atlassian.net gets 401.
    // https://support.atlassian.com/atlassian-cloud/kb/401-unauthorized-error-when-service-account-accesses-jira-or-confluence-api
    const caller = this.#cloudCaller(request, 'classicToken');
    return (
      jiraRest(request, caller, {
        self: site,
        deploymentType: 'Cloud',
        issues: this.#issues,
        unauthorized: () =>
          json(
            401,
            { message: 'Client must be authenticated to access this resource.', 'status-code': 401 },
            { 'www-authenticate': `OAuth realm="${encodeURIComponent(site)}"` },
          ),
      }) ?? json(404, { message: 'Not found' })
    );
  }

  #authHost(request: EmulatedRequest): EmulatedResponse {
    if (request.path === '/authorize' && request.method === 'GET')
      return this.auth.authorize(request, { pkce: false });
    if (request.path === '/oauth/token' && request.method === 'POST')
      return this.auth.token(request, { dataCenter: false });
    return json(404, { error: 'not_found' });
  }

  #api(request: EmulatedRequest): EmulatedResponse {
    if (request.path === '/oauth/token/accessible-resources' && request.method === 'GET') {
      const identity = this.auth.verify(parseBearer(request.headers.authorization) ?? '');
      if (!identity) return json(401, { code: 401, message: 'Unauthorized' });
      // Every site the grant reaches, in no guaranteed order: pick by URL, never by position.
      // https://developer.atlassian.com/cloud/oauth/getting-started/making-calls-to-api/
      const sites = [
        { id: this.cloudId, url: this.urls.site, name: 'emulated-site' },
        {
          id: '3b1f7e3c-decoy-4a46-9f2c-000000000001',
          url: 'https://decoy-one.atlassian.net',
          name: 'decoy-one',
        },
        {
          id: '3b1f7e3c-decoy-4a46-9f2c-000000000002',
          url: 'https://decoy-two.atlassian.net',
          name: 'decoy-two',
        },
      ].map((site) => ({
        ...site,
        scopes: identity.scope,
        avatarUrl: `https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/${site.name}.png`,
      }));
      for (let i = sites.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [sites[i], sites[j]] = [sites[j] as (typeof sites)[number], sites[i] as (typeof sites)[number]];
      }
      return json(200, sites);
    }
    if (request.path === '/me' && request.method === 'GET') {
      const identity = this.auth.verify(parseBearer(request.headers.authorization) ?? '');
      const user =
        identity && this.cloudUsers.find((candidate) => candidate.accountId === identity.accountId);
      if (!user || !identity?.scope.includes('read:me'))
        return json(401, { code: 401, message: 'Unauthorized' });
      return json(200, {
        account_id: user.accountId,
        email: user.email,
        name: user.displayName,
        account_type: 'atlassian',
      });
    }
    return this.#gateway(request);
  }

  #gateway(request: EmulatedRequest): EmulatedResponse {
    const match = /^\/ex\/jira\/([^/]+)(\/.*)?$/.exec(request.path);
    if (!match) return json(404, { code: 404, message: 'Not Found' });
    if (match[1] !== this.cloudId) return json(404, { code: 404, message: 'Cloud id not found' });
    const inner = { ...request, path: match[2] ?? '/' };
    const caller = this.#cloudCaller(request, 'scopedToken');
    return (
      jiraRest(inner, caller, {
        self: `${this.origin('api')}/ex/jira/${this.cloudId}`,
        deploymentType: 'Cloud',
        issues: this.#issues,
        // UNCONFIRMED: the exact body of the gateway's plain 401; this is the shape of its documented scope 401.
        unauthorized: () => json(401, { code: 401, message: 'Unauthorized' }),
      }) ?? json(404, { code: 404, message: 'Not Found' })
    );
  }

  #cloudCaller(request: EmulatedRequest, accepted: 'classicToken' | 'scopedToken'): Caller {
    const authorization = request.headers.authorization;
    if (!authorization) return { kind: 'anonymous' };
    const bearer = parseBearer(authorization);
    if (bearer !== undefined) {
      // OAuth access tokens work only on the gateway.
      const identity = accepted === 'scopedToken' ? this.auth.verify(bearer) : undefined;
      if (!identity) return { kind: 'invalid' };
      const user = this.cloudUsers.find((candidate) => candidate.accountId === identity.accountId);
      const profile = user
        ? cloudProfile(user)
        : {
            accountId: `app:${identity.clientId}`,
            accountType: 'app',
            displayName: `Service account ${identity.clientId}`,
            active: true,
          };
      return { kind: 'user', profile, scopes: identity.scope };
    }
    const basic = parseBasic(authorization);
    const user = basic && this.cloudUsers.find((candidate) => candidate.email === basic.user);
    if (!user || !basic || user[accepted] === undefined || user[accepted] !== basic.secret)
      return { kind: 'invalid' };
    return { kind: 'user', profile: cloudProfile(user) };
  }

  #dataCenter(request: EmulatedRequest): EmulatedResponse {
    if (!request.path.startsWith(`${this.contextPath}/`)) {
      return { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' };
    }
    const inner = { ...request, path: request.path.slice(this.contextPath.length) };
    const base = `${this.origin('dc')}${this.contextPath}`;
    if (inner.path === '/rest/oauth2/latest/authorize' && request.method === 'GET') {
      return this.dataCenterAuth.authorize(inner, { pkce: true });
    }
    if (inner.path === '/rest/oauth2/latest/token' && request.method === 'POST') {
      return this.dataCenterAuth.token(inner, { dataCenter: true });
    }
    const authorization = request.headers.authorization;
    const unauthorized = () =>
      json(
        401,
        {
          errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
          errors: {},
        },
        {
          'x-seraph-loginreason': 'AUTHENTICATED_FAILED',
          'www-authenticate': `OAuth realm="${encodeURIComponent(base)}"`,
        },
      );
    let caller: Caller = { kind: 'anonymous' };
    const basic = parseBasic(authorization);
    const bearer = parseBearer(authorization);
    if (basic) {
      const failures = this.#failedLogins.get(basic.user) ?? 0;
      if (failures >= this.captchaAfter) {
        // https://confluence.atlassian.com/jakb/connector-captcha_challenge-error-on-jira-align-connector-1318881453.html
        return json(
          403,
          { errorMessages: ['CAPTCHA_CHALLENGE'], errors: {} },
          {
            'x-authentication-denied-reason': `CAPTCHA_CHALLENGE; login-url=${base}/login.jsp`,
            'x-seraph-loginreason': 'AUTHENTICATION_DENIED',
          },
        );
      }
      const user = this.dataCenterUsers.find((candidate) => candidate.username === basic.user);
      if (user && user.password === basic.secret) {
        this.#failedLogins.delete(basic.user);
        caller = dataCenterProfile(user, base);
      } else {
        this.#failedLogins.set(basic.user, failures + 1);
        caller = { kind: 'invalid' };
      }
    } else if (bearer) {
      const identity = this.dataCenterAuth.verify(bearer);
      const user = this.dataCenterUsers.find(
        (candidate) =>
          (candidate.pat !== undefined && candidate.pat === bearer) ||
          candidate.username === identity?.accountId,
      );
      if (user) caller = dataCenterProfile(user, base);
      else if (identity)
        caller = {
          kind: 'user',
          profile: { name: `service-${identity.clientId}`, displayName: 'Service account' },
        };
      else caller = { kind: 'invalid' };
    } else if (authorization) {
      caller = { kind: 'invalid' };
    }
    return (
      jiraRest(inner, caller, {
        self: base,
        deploymentType: 'Server',
        issues: this.#issues,
        unauthorized,
      }) ?? { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' }
    );
  }
}

function cloudProfile(user: CloudUser): Record<string, unknown> {
  return {
    accountId: user.accountId,
    accountType: 'atlassian',
    emailAddress: user.email,
    displayName: user.displayName,
    active: true,
    timeZone: 'Etc/UTC',
    locale: 'en_US',
  };
}

function dataCenterProfile(user: DataCenterUser, base: string): Caller {
  return {
    kind: 'user',
    profile: {
      key: `JIRAUSER${user.username.length}0000`,
      name: user.username,
      emailAddress: user.email,
      displayName: user.displayName,
      active: true,
      timeZone: 'Etc/UTC',
      self: `${base}/rest/api/2/user?username=${encodeURIComponent(user.username)}`,
    },
  };
}

/** Creates an emulator and starts it. */
export async function startEmulator(options?: EmulatorOptions): Promise<Emulator> {
  return new Emulator(options).start();
}
