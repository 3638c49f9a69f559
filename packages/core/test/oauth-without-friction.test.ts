// The OAuth callback without guesswork: no site when the grant reaches one, the account id read from /myself,
// and an oauth2 strategy built from nothing but what completeAuthorization returns.
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationFor, authorizationUrl, completeAuthorization, oauth2 } from '../src/index.js';

// A user whose grant reaches this one site only.
const emulator = new Emulator({ otherSites: false });
// A user of several organisations' sites.
const several = new Emulator();
beforeAll(async () => {
  await emulator.start();
  await several.start();
});
afterAll(async () => {
  await emulator.close();
  await several.close();
});

const app = DEFAULT_OAUTH_CLIENT;
const redirectUri = app.redirectUris[0] as string;

async function consent(scopes: string[], at = emulator) {
  const { url, state } = authorizationUrl({
    clientId: app.clientId,
    redirectUri,
    scopes,
    endpoints: at.endpoints,
  });
  return { callback: await at.consent(url), state };
}

describe('completeAuthorization without site or account', () => {
  it('picks the one site the grant reaches and reads who consented', async () => {
    const { callback, state } = await consent(['read:jira-user']);
    const { tokens, cloudId, accountId } = await completeAuthorization({
      callback,
      state,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri,
      endpoints: emulator.endpoints,
    });
    expect(cloudId).toBe(emulator.cloudId);
    expect(accountId).toBe(DEFAULT_CLOUD_USER.accountId);
    // An oauth2 strategy from those alone, without site: its calls reach the gateway of that one site.
    const auth = oauth2({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      account: accountId as string,
      tokens,
      endpoints: emulator.endpoints,
    });
    const headers = await authorizationFor(auth, { url: '/rest/api/3/myself' });
    const response = await fetch(`${emulator.urls.gateway}/rest/api/3/myself`, { headers });
    expect((await response.json()).accountId).toBe(DEFAULT_CLOUD_USER.accountId);
    expect((await auth.baseUrl()).href).toBe(emulator.urls.gateway);
  });

  it('leaves the account id out when Jira will not say who it is (no read:jira-user)', async () => {
    const { callback, state } = await consent(['read:jira-work']);
    const result = await completeAuthorization({
      callback,
      state,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri,
      endpoints: emulator.endpoints,
    });
    expect(result.cloudId).toBe(emulator.cloudId);
    expect(result.accountId).toBeUndefined();
  });

  it('with several sites, asks for site and lists them rather than guess', async () => {
    const { callback, state } = await consent(['read:jira-user'], several);
    const failed = completeAuthorization({
      callback,
      state,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri,
      endpoints: several.endpoints,
    });
    await expect(failed).rejects.toThrow(/the grant reaches 3 sites \(.*decoy-one.*\): pass site/);
  });

  it("with several sites and a pick, the pick chooses: the cloudId and account are that site's", async () => {
    const { callback, state } = await consent(['read:jira-user'], several);
    const offered: string[] = [];
    const result = await completeAuthorization({
      callback,
      state,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri,
      endpoints: several.endpoints,
      pick: (sites) => {
        offered.push(...sites.map((site) => site.id));
        return sites.find((site) => site.id === several.cloudId) as (typeof sites)[number];
      },
    });
    expect(offered).toHaveLength(3);
    expect(result.cloudId).toBe(several.cloudId);
    expect(result.accountId).toBe(DEFAULT_CLOUD_USER.accountId);
  });
});
