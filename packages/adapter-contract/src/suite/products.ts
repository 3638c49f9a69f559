import { type AuthStrategy, basicAuth, oauth2 } from '@jira-auth/core';
import { forProduct, gatewayUrl, type Product } from '@jira-auth/core/products';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, PRODUCT_SCOPES } from '@jira-auth/emulator';
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context.js';

/** The first call of each product's client, below the product's base. */
const FIRST_CALL: Record<Product, string> = {
  jira: '/rest/api/3/myself',
  'service-management': '/rest/servicedeskapi/servicedesk',
  confluence: '/api/v2/spaces',
  assets: '/objectschema/list',
};
const PRODUCTS = Object.keys(FIRST_CALL) as Product[];

/**
 * One Cloud credential, every product it opens, through the adapter: a client per product on a view of one
 * strategy, one token request per expiry across all of them, and credentials only under each product's base.
 */
export function productCases(context: SuiteContext): void {
  const { driver, emulator } = context;
  const threeLegged = (extra: readonly string[] = []) =>
    oauth2({
      clientId: DEFAULT_OAUTH_CLIENT.clientId,
      clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      cloudId: emulator.cloudId,
      endpoints: emulator.endpoints,
      now: () => emulator.now(),
      tokens: emulator.auth.grant(DEFAULT_OAUTH_CLIENT.clientId, [
        'read:jira-user',
        'offline_access',
        ...PRODUCT_SCOPES,
        ...extra,
      ]),
    });
  const scoped = () =>
    basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.scopedToken as string,
      scoped: true,
      endpoints: emulator.endpoints,
    });
  const clients = (auth: AuthStrategy) =>
    PRODUCTS.map((product) => ({
      product,
      client: driver.createClient({ strategy: forProduct(auth, product, { endpoints: emulator.endpoints }) }),
    }));

  describe('one credential, every product', () => {
    it.each([
      ['an oauth2() strategy', threeLegged],
      ['a scoped basicAuth', scoped],
    ])('%s reaches Jira, Service Management, Confluence and Assets', async (_name, make) => {
      const statuses = [];
      for (const { product, client } of clients(make()))
        statuses.push(
          `${product} ${(await client.send({ method: 'GET', url: FIRST_CALL[product] })).status}`,
        );
      expect(statuses).toEqual(PRODUCTS.map((product) => `${product} 200`));
    });

    it('after a forced expiry, calls to all four products make exactly one token request', async () => {
      const perProduct = clients(threeLegged());
      for (const { product, client } of perProduct)
        expect((await client.send({ method: 'GET', url: FIRST_CALL[product] })).status).toBe(200);
      emulator.advanceClock(3600 + 60);
      const before = emulator.requests({ host: 'auth', path: '/oauth/token' }).length;
      const responses = await Promise.all(
        perProduct.flatMap(({ product, client }) =>
          [0, 1].map(() => client.send({ method: 'GET', url: FIRST_CALL[product] })),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
      expect(emulator.requests({ host: 'auth', path: '/oauth/token' }).length - before).toBe(1);
    });

    it('credentials reach no other cloudId, no product path the client was not given, and no other host', async () => {
      const api = emulator.endpoints.api;
      const jira = driver.createClient({ strategy: threeLegged() });
      const wiki = driver.createClient({ strategy: forProduct(scoped(), 'confluence') });
      const elsewhere: [typeof jira, string][] = [
        [jira, `${api}/ex/jira/3b1f7e3c-decoy-4a46-9f2c-000000000001/rest/api/3/myself`],
        [jira, `${api}/ex/confluence/${emulator.cloudId}/wiki/api/v2/spaces`],
        [jira, `${emulator.urls.assets}/objectschema/list`],
        [jira, `${api}/oauth/token/accessible-resources`],
        [wiki, `${emulator.urls.gateway}/rest/api/3/myself`],
        [wiki, `${emulator.urls.foreign}/wiki/api/v2/spaces`],
      ];
      for (const [client, url] of elsewhere) await client.send({ method: 'GET', url }).catch(() => undefined);
      // Every request was sent (beside the scoped token's cloudId lookup), and none with credentials.
      expect(emulator.requests().filter((entry) => entry.path !== '/_edge/tenant_info')).toHaveLength(
        elsewhere.length,
      );
      expect(
        emulator
          .requests()
          .filter((entry) => entry.headers.authorization)
          .map((entry) => entry.path),
      ).toEqual([]);
    });

    it('a redirect on the gateway to another cloudId arrives without credentials', async () => {
      const other = '3b1f7e3c-decoy-4a46-9f2c-000000000001';
      emulator.inject({
        host: 'api',
        path: `/ex/jira/${emulator.cloudId}/rest/api/3/myself`,
        status: 302,
        headers: { location: `/ex/jira/${other}/rest/api/3/myself` },
      });
      const jira = driver.createClient({ strategy: threeLegged() });
      await jira.send({ method: 'GET', url: '/rest/api/3/myself' }).catch(() => undefined);
      const sent = emulator.requests({ host: 'api' }).map((entry) => ({
        path: entry.path,
        credentials: entry.headers.authorization !== undefined,
      }));
      expect(sent).toEqual([
        { path: `/ex/jira/${emulator.cloudId}/rest/api/3/myself`, credentials: true },
        { path: `/ex/jira/${other}/rest/api/3/myself`, credentials: false },
      ]);
    });

    it('on the gateway, a redirect within the base keeps credentials', async () => {
      const base = `/ex/jira/${emulator.cloudId}`;
      emulator.inject({
        host: 'api',
        path: `${base}/rest/api/3/issue/DEMO-1`,
        status: 302,
        headers: { location: `${base}/rest/api/3/myself` },
      });
      const jira = driver.createClient({ strategy: threeLegged() });
      expect((await jira.send({ method: 'GET', url: '/rest/api/3/issue/DEMO-1' })).status).toBe(200);
      const sent = emulator
        .requests()
        .map((entry) => `${entry.host} ${entry.path} ${entry.headers.authorization ? 'with' : 'without'}`);
      expect(sent).toEqual([
        `api ${base}/rest/api/3/issue/DEMO-1 with`,
        `api ${base}/rest/api/3/myself with`,
      ]);
    });

    it("an attachment's content link (on the site), re-rooted with gatewayUrl, downloads through the media host without credentials there", async () => {
      const auth = threeLegged(['read:jira-work', 'write:jira-work']);
      const jira = driver.createClient({ strategy: auth });
      const form = new FormData();
      form.append('file', new Blob(['media bytes']), 'media.txt');
      const added = await jira.send({ method: 'POST', url: '/rest/api/3/issue/DEMO-1/attachments', form });
      expect(added.status).toBe(200);
      const issue = await jira.send({ method: 'GET', url: '/rest/api/3/issue/DEMO-1' });
      const { content } =
        (issue.body as { fields: { attachment: { content: string }[] } }).fields.attachment.at(-1) ?? {};
      expect(content).toMatch(new RegExp(`^${emulator.urls.site}/rest/api/3/attachment/content/\\d+$`));
      const followable = await gatewayUrl(auth, content as string);
      emulator.reset();
      const file = await jira.send({ method: 'GET', url: followable.href });
      expect([file.status, file.body]).toEqual([200, 'media bytes']);
      const sent = emulator
        .requests()
        .map((entry) => `${entry.host} ${entry.path} ${entry.headers.authorization ? 'with' : 'without'}`);
      expect(sent).toEqual([
        `api /ex/jira/${emulator.cloudId}/rest/api/3/attachment/content/${content?.split('/').at(-1)} with`,
        expect.stringMatching(/^foreign \/file\/[0-9a-f-]+\/binary\?token=[^ ]+ without$/),
      ]);
    });
  });
}
