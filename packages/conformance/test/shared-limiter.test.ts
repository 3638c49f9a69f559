// Two clients of one application, axios and got, with one strategy and so one rate limiter: they behave as one
// client would. A quota 429 met through got holds axios's next request; a Data Center batch split between them stays
// within the bucket.
import { basicAuth, bearerAuth, jiraAuthErrorOf } from '@jira-auth/core';
import { limitWith, QuotaExhaustedError, rateLimiter } from '@jira-auth/core/limiter';
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import axios from 'axios';
import got from 'got14';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { axiosDriver } from '../src/drivers/axios.js';
import { gotDriver } from '../src/drivers/got.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const clients = (strategy: Parameters<ReturnType<typeof axiosDriver>['createClient']>[0]['strategy']) => ({
  viaAxios: axiosDriver(axios).createClient({ strategy }),
  viaGot: gotDriver(got, '14.6.6').createClient({ strategy }),
});

it("a quota 429 met through got holds axios's next request: nothing is sent until the reset", async () => {
  emulator.rateLimit({ reason: 'jira-quota-tenant-based', limit: 0 });
  const strategy = limitWith(
    basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.classicToken,
    }),
    rateLimiter({ failFast: true, now: () => emulator.now() }),
  );
  const { viaAxios, viaGot } = clients(strategy);
  expect((await viaGot.send({ method: 'GET', url: '/rest/api/3/myself' })).status).toBe(429);
  const held = await viaAxios
    .send({ method: 'GET', url: '/rest/api/3/myself' })
    .catch((error: unknown) => ({ error }));
  expect(QuotaExhaustedError.isInstance(jiraAuthErrorOf(held.error) ?? held.error)).toBe(true);
  expect(emulator.requests({ host: 'site' })).toHaveLength(1);
});

it('50 GETs split between axios and got against a Data Center fill rate of 5 per second: no 429', async () => {
  emulator.dataCenterRateLimit({ capacity: 25, fillRate: 5 });
  const strategy = limitWith(
    bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat }),
    rateLimiter(),
  );
  const { viaAxios, viaGot } = clients(strategy);
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, index) =>
      (index % 2 ? viaAxios : viaGot).send({ method: 'GET', url: '/rest/api/2/myself' }),
    ),
  );
  expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
  expect(emulator.requests({ host: 'dc' })).toHaveLength(50);
});
