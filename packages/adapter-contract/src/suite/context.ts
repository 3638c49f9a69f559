import { type AuthStrategy, basicAuth, bearerAuth } from '@jira-auth/core';
import { type CloudUser, DEFAULT_CLOUD_USER, DEFAULT_DC_USER, type Emulator } from '@jira-auth/emulator';
import type { AdapterDriver } from '../driver.js';

/** What every feature of the suite shares: the driver under test, the emulator, and the strategies it calls with. */
export interface SuiteContext {
  readonly driver: AdapterDriver;
  readonly emulator: Emulator;
  readonly cloud: { readonly email: string; readonly classic: string; readonly scoped: string };
  /** A classic API token, to the site. */
  classic(): AuthStrategy;
  /** A scoped API token, to the gateway. */
  scoped(extra?: { cloudId?: string }): AuthStrategy;
  /** A Data Center personal access token. */
  pat(token?: string): AuthStrategy;
}

export function suiteContext(driver: AdapterDriver, emulator: Emulator): SuiteContext {
  const cloud = {
    email: DEFAULT_CLOUD_USER.email,
    classic: DEFAULT_CLOUD_USER.classicToken as string,
    scoped: DEFAULT_CLOUD_USER.scopedToken as string,
  };
  return {
    driver,
    emulator,
    cloud,
    classic: () => basicAuth({ site: emulator.urls.site, email: cloud.email, apiToken: cloud.classic }),
    scoped: (extra = {}) =>
      basicAuth({
        site: emulator.urls.site,
        email: cloud.email,
        apiToken: cloud.scoped,
        scoped: true,
        endpoints: emulator.endpoints,
        ...extra,
      }),
    pat: (token = DEFAULT_DC_USER.pat as string) => bearerAuth({ baseUrl: emulator.urls.dataCenter, token }),
  };
}

/** Base64 of the UTF-8 bytes, as a Basic header carries them. */
export const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export const UNICODE_USER: CloudUser = {
  accountId: '712020:unicode',
  email: 'jörg.müller@exämple.com',
  displayName: 'Jörg Müller',
  classicToken: 'tökën-ÄÖÜß-日本語-0123456789',
};

export const basicHeader = (user: string, secret: string) => `Basic ${base64(`${user}:${secret}`)}`;

/** A strategy that always asks for a retry: proves the adapter's own limit of one retry. */
export function alwaysRetry(baseUrl: string, token: string) {
  const calls = { unauthorized: 0 };
  const strategy: AuthStrategy = {
    kind: 'bearer',
    baseUrl: async () => new URL(baseUrl),
    authenticate: async () => ({ authorization: `Bearer ${token}` }),
    unauthorized: async () => {
      calls.unauthorized += 1;
      return { retry: true };
    },
  };
  return { strategy, calls };
}

export function attachmentForm(): FormData {
  const form = new FormData();
  form.append('file', new Blob(['hello from jira-auth'], { type: 'text/plain' }), 'hello.txt');
  return form;
}
