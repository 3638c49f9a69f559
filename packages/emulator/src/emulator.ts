import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AuthServer, type AuthServerSettings, type OAuthClient } from './auth-server.js';
import {
  type CloudUser,
  type DataCenterUser,
  DEFAULT_AUTH_SETTINGS,
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_OAUTH_CLIENT,
  DEFAULT_DC_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
} from './defaults.js';
import { ForgeEmulation, type ForgeInvocationOptions } from './forge.js';
import { authHost } from './hosts/auth-host.js';
import { cloudSite } from './hosts/cloud-site.js';
import type { DataCenterBasicAuth, HostContext, HostRole } from './hosts/context.js';
import { dataCenter } from './hosts/data-center.js';
import { apiGateway } from './hosts/gateway.js';
import { mediaHost } from './hosts/media.js';
import {
  type EmulatedRequest,
  type EmulatedResponse,
  json,
  readBody,
  send,
  sendHalfThenReset,
} from './http.js';
import type { EmulatedIssue } from './jira-rest.js';
import { type DataCenterRateLimit, RateLimiter, type RateLimitRule, TokenBucket } from './rate-limit.js';
import { SiteModel } from './site-model.js';
import { type EmulatorTls, makeTls } from './tls.js';

export type { HostRole } from './hosts/context.js';

export interface EmulatorOptions {
  /** Cloud users; defaults to {@link DEFAULT_CLOUD_USER}. */
  cloudUsers?: CloudUser[];
  /** Data Center users; defaults to {@link DEFAULT_DC_USER}. */
  dataCenterUsers?: DataCenterUser[];
  /** The Data Center context path. @default '/jira' */
  contextPath?: string;
  /** Failed Basic logins on Data Center before the CAPTCHA 403. @default 3 */
  captchaAfter?: number;
  /**
   * The grant also reaches two other sites, as a user of several organisations' sites does, listed with the emulated
   * one in random order (a client must pick by URL). `false`: the emulated site alone. @default true
   */
  otherSites?: boolean;
  /**
   * The first of five consecutive ports on 127.0.0.1, for the site, the gateway, the auth server, Data Center and
   * the foreign host, in that order: fixed URLs to paste into a configuration. @default free ports, new each start
   */
  port?: number;
  /** The site's cloudId. @default a random UUID */
  cloudId?: string;
  /** OAuth apps and service accounts known to auth.atlassian.com; defaults to the two default clients. */
  oauthClients?: OAuthClient[];
  /** OAuth apps registered on the Data Center instance (incoming links); defaults to {@link DEFAULT_DC_OAUTH_CLIENT}. */
  dataCenterOAuthClients?: OAuthClient[];
  /** Auth server behaviour (token lifetime, reuse interval, ...), for both Cloud and Data Center. */
  auth?: Partial<AuthServerSettings>;
  /**
   * The number of the site's first custom field (`customfield_<n>`): ids differ between real sites, and between
   * emulators, so code that hard-codes one fails in tests. @default a random number from 10000 to 18999
   */
  customFieldIdStart?: number;
  /**
   * Every host on HTTPS, with a certificate from a certificate authority made for this emulator (with `openssl`);
   * `emulator.tls` gives its CA and a client certificate. `{ requireClientCertificate: true }`: the hosts refuse a
   * connection without a client certificate that CA signed (mutual TLS, as in front of many Data Center
   * instances). @default off: plain HTTP
   */
  tls?: boolean | { requireClientCertificate?: boolean };
}

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
  /** When it arrived, on the emulator's clock ({@link Emulator.now}, in ms): what was sent during a block shows. */
  readonly at: number;
  /**
   * The address the connection came from. Direct clients come from 127.0.0.1; a test proxy that connects out from
   * another loopback address (127.0.0.2) shows which requests went through it.
   */
  readonly from: string;
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

const ROLES: readonly HostRole[] = ['site', 'api', 'auth', 'dc', 'foreign'];

/**
 * A local stand-in for Atlassian: a Cloud site, the api.atlassian.com gateway, the auth server, a Data Center
 * instance and an unrelated "foreign" host, each a real `node:http` server on 127.0.0.1.
 */
export class Emulator {
  readonly cloudId: string;
  /** The site's Assets workspace id, as `GET /rest/servicedeskapi/assets/workspace` lists it. */
  readonly workspaceId: string;
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
  /**
   * The site's configuration (projects, fields, boards, ...), served on Cloud and, without team-managed projects,
   * on Data Center. Tests change it as an admin would: `emulator.site.renameField(id, name)`, `addProject(...)`.
   */
  readonly site: SiteModel;
  /**
   * Forge, for a Forge Remote backend under test: one app installed on the site. `forge.invocation()` gives the
   * headers of an invocation (a signed FIT, the app's system and user tokens), `forge.rotateKey()` starts signing
   * with a new key; the JWKS is at {@link urls}`.forgeJwks`, and the tokens work on the gateway (the FIT's
   * `app.apiBaseUrl`).
   */
  readonly forge: ForgeEmulation;
  #clockOffset = 0;
  readonly #port: number | undefined;

  readonly #servers = new Map<HostRole, Server>();
  readonly #tlsMode: { requireClientCertificate: boolean } | undefined;
  #tls: EmulatorTls | undefined;
  #tlsDir: string | undefined;
  readonly #origins = new Map<HostRole, string>();
  readonly #injections: Injection[] = [];
  readonly #rateLimiter = new RateLimiter(() => this.now());
  #dataCenterBucket: TokenBucket | undefined;
  readonly #failedLogins = new Map<string, number>();
  readonly #basicAuth: DataCenterBasicAuth = { blockRequests: false, allowedUsers: [], allowedPaths: [] };
  readonly #issues = new Map<string, EmulatedIssue>([
    ['DEMO-1', { id: '10000', key: 'DEMO-1', summary: 'Emulated issue' }],
  ]);
  /** What the fake hosts see of this emulator. */
  readonly #hosts: HostContext;

  constructor(options: EmulatorOptions = {}) {
    this.cloudId = options.cloudId ?? randomUUID();
    this.workspaceId = randomUUID();
    this.#port = options.port;
    this.#tlsMode = options.tls
      ? { requireClientCertificate: options.tls !== true && options.tls.requireClientCertificate === true }
      : undefined;
    this.contextPath = `/${(options.contextPath ?? '/jira').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
    this.captchaAfter = options.captchaAfter ?? 3;
    this.site = new SiteModel(
      options.customFieldIdStart === undefined ? {} : { customFieldIdStart: options.customFieldIdStart },
    );
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
    this.forge = new ForgeEmulation({
      now,
      cloudId: this.cloudId,
      apiBaseUrl: () => this.urls.gateway,
      defaultAccountId: () => this.cloudUsers[0]?.accountId ?? '',
    });
    this.#hosts = {
      forge: this.forge,
      cloudId: this.cloudId,
      workspaceId: this.workspaceId,
      contextPath: this.contextPath,
      captchaAfter: this.captchaAfter,
      cloudUsers: this.cloudUsers,
      dataCenterUsers: this.dataCenterUsers,
      auth: this.auth,
      dataCenterAuth: this.dataCenterAuth,
      issues: this.#issues,
      site: this.site,
      failedLogins: this.#failedLogins,
      basicAuth: this.#basicAuth,
      otherSites: options.otherSites ?? true,
      origin: (role) => this.origin(role),
    };
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
    const material = this.#tlsMode ? await makeTls() : undefined;
    this.#tls = material?.client;
    this.#tlsDir = material?.dir;
    const mutual = this.#tlsMode?.requireClientCertificate === true;
    for (const role of ROLES) {
      const listener = (request: IncomingMessage, response: ServerResponse) => {
        this.#handle(role, request, response).catch((error: unknown) => {
          send(response, json(500, { errorMessages: [String(error)], errors: {} }));
        });
      };
      const server: Server = material
        ? createTlsServer({ ...material.server, requestCert: mutual, rejectUnauthorized: mutual }, listener)
        : createServer(listener);
      server.keepAliveTimeout = 1_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.#port === undefined ? 0 : this.#port + ROLES.indexOf(role), '127.0.0.1', resolve);
      });
      this.#servers.set(role, server);
      const scheme = material ? 'https' : 'http';
      this.#origins.set(role, `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`);
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
    if (this.#tlsDir) await rm(this.#tlsDir, { recursive: true, force: true });
    this.#tlsDir = undefined;
  }

  /**
   * In the TLS mode, what a client needs: the emulator's CA, and a client certificate its hosts accept (PEM, and as
   * files for programs and the CLI). Undefined without the TLS mode.
   */
  get tls(): EmulatorTls | undefined {
    return this.#tls;
  }

  /** The origin (`http://127.0.0.1:PORT`, or `https://` in the TLS mode) of one host. */
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
      /** Confluence on the gateway: `https://api.atlassian.com/ex/confluence/{cloudId}`. */
      confluenceGateway: `${this.origin('api')}/ex/confluence/${this.cloudId}`,
      /** Assets' base for the site's workspace: `https://api.atlassian.com/jsm/assets/workspace/{workspaceId}/v1`. */
      assets: `${this.origin('api')}/jsm/assets/workspace/${this.workspaceId}/v1`,
      /** The Data Center base URL, with its context path. */
      dataCenter: `${this.origin('dc')}${this.contextPath}`,
      /**
       * A host that is not Jira: credentials must never arrive here. It also plays Atlassian's media host
       * (`api.media.atlassian.com`), where Cloud's `attachment/content/{id}` redirects with a token of its own.
       */
      foreign: this.origin('foreign'),
      /** Data Center's OAuth 2.0 provider base: `{base}/rest/oauth2/latest`. */
      dataCenterOAuth: `${this.origin('dc')}${this.contextPath}/rest/oauth2/latest`,
      /** Forge's signing keys (JWKS), standing in for `https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json`. */
      forgeJwks: `${this.origin('auth')}/forge/.well-known/jwks.json`,
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
    const url = new URL(authorizeUrl);
    const ours = [this.origin('auth'), this.origin('dc')];
    if (!ours.includes(url.origin)) {
      throw new Error(
        `[@jira-auth/emulator] consent() was given ${url.origin}${url.pathname}, which is not this emulator's authorization server (${ours[0]}, or ${ours[1]} for Data Center): pass endpoints: emulator.endpoints to authorizationUrl (or the emulator's Data Center base URL to dataCenterAuthorizationUrl)`,
      );
    }
    const response = await fetch(url, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) {
      throw new Error(
        `[@jira-auth/emulator] /authorize answered ${response.status}: ${await response.text()}`,
      );
    }
    return location;
  }

  /**
   * What Forge does when a module or `invokeRemote` calls a Forge Remote backend: sends `body` (JSON) to `url` with
   * the headers of a new invocation ({@link ForgeEmulation.invocation}).
   */
  async invokeRemote(
    url: string | URL,
    options: ForgeInvocationOptions & { method?: string; body?: unknown; fetch?: typeof fetch } = {},
  ): Promise<Response> {
    const { method = 'POST', body = {}, fetch: fetchImpl = fetch, ...invocation } = options;
    return fetchImpl(url, {
      method,
      headers: { ...this.forge.invocation(invocation), 'content-type': 'application/json' },
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Forces the answer to the next matching request(s). */
  inject(injection: Injection): void {
    this.#injections.push({ ...injection, times: injection.times ?? 1 });
  }

  /**
   * Enforces a rate limit on Jira Cloud's REST API (the site and the gateway) until {@link reset}: burst limits per
   * endpoint and method, limits on writes per issue, or an app's points quota (every request refused until the
   * window ends), answered as Jira does (429 and its headers); `path` and `credentials` narrow what a rule counts
   * (`credentials: 'api-token'` plays the API-token limits).
   *
   * @example
   * emulator.rateLimit({ reason: 'jira-burst-based', limit: 2, retryAfter: 1 });
   * emulator.rateLimit({ reason: 'jira-quota-tenant-based', limit: 100, credentials: 'app' });
   */
  rateLimit(rule: RateLimitRule): void {
    this.#rateLimiter.add(rule);
  }

  /**
   * Enforces Data Center's rate limiting on the Data Center host until {@link reset}: a token bucket of `capacity`
   * requests, refilled by `fillRate` every `intervalSeconds` (on the emulator's clock), its headers on every answer,
   * and a 429 with `Retry-After` and Tomcat's HTML page when it is empty.
   *
   * @example
   * emulator.dataCenterRateLimit({ capacity: 10, fillRate: 5 });
   */
  dataCenterRateLimit(rule: DataCenterRateLimit): void {
    this.#dataCenterBucket = new TokenBucket(rule, () => this.now());
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

  /** Forgets the log, injections, failed-login counts and changes to the site (a clean slate between tests). */
  reset(): void {
    this.site.reset();
    this.log.length = 0;
    this.#injections.length = 0;
    this.#failedLogins.clear();
    this.#rateLimiter.clear();
    this.#dataCenterBucket = undefined;
    this.dataCenterBasicAuth({ blockRequests: false });
  }

  /**
   * Data Center's Basic authentication on REST calls, as an admin sets it with the SSO for Atlassian Data Center app
   * (Jira 8.16+): blocked, Basic requests answer 403 `{"message":"Basic Authentication has been disabled on this
   * instance."}` unless the user or the path (under the context path; `*` matches anything) is allowlisted.
   * {@link reset} enables Basic again.
   * https://confluence.atlassian.com/enterprise/creating-an-allowlist-when-basic-authentication-is-disabled-1044106574.html
   */
  dataCenterBasicAuth(setting: {
    blockRequests: boolean;
    allowedUsers?: readonly string[];
    allowedPaths?: readonly string[];
  }): void {
    this.#basicAuth.blockRequests = setting.blockRequests;
    this.#basicAuth.allowedUsers = [...(setting.allowedUsers ?? [])];
    this.#basicAuth.allowedPaths = [...(setting.allowedPaths ?? [])];
  }

  /** What an admin does after a CAPTCHA: reset a Data Center user's failed-login count. */
  resetFailedLogins(username: string): void {
    this.#failedLogins.delete(username);
  }

  async #handle(role: HostRole, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const received = this.now();
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
    const limited = injected?.answer
      ? undefined
      : role === 'site' || role === 'api'
        ? this.#rateLimiter.check(request)
        : role === 'dc'
          ? this.#dataCenterBucket?.check()
          : undefined;
    const routed =
      injected?.answer ?? this.#testRoute(request) ?? limited?.refused ?? this.#route(role, request);
    const answer =
      limited && !limited.refused
        ? { ...routed, headers: { ...routed.headers, ...limited.headers } }
        : routed;
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
      at: received,
      from: incoming.socket.remoteAddress ?? '',
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
        return cloudSite(request, this.#hosts);
      case 'api':
        return apiGateway(request, this.#hosts);
      case 'auth':
        return authHost(request, this.#hosts);
      case 'dc':
        return dataCenter(request, this.#hosts);
      case 'foreign':
        return mediaHost(request, this.#hosts);
      default:
        return json(404, { message: 'Not found' });
    }
  }
}

/** Creates an emulator and starts it. */
export async function startEmulator(options?: EmulatorOptions): Promise<Emulator> {
  return new Emulator(options).start();
}
