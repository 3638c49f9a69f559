// Forge Remote on the client majors that need Node 22, got 16 and ky 2 (the cases: conformance's src/forge-remote.ts).
import { type CallMyself, runForgeRemoteCases } from '@jira-auth/conformance/forge-remote';
import { jiraAuth as gotJiraAuth } from '@jira-auth/got';
import { type JiraAuthKyOptions, jiraAuth as kyJiraAuth } from '@jira-auth/ky';
import got, { type ExtendOptions } from 'got16';
import ky, { type Options } from 'ky2';

const CLIENTS: Record<string, CallMyself> = {
  async 'got 16'(auth) {
    // As network.test.ts: in this workspace the adapters' types are their got 14 and ky 1 dev copies'.
    const client = got.extend(gotJiraAuth(auth) as unknown as ExtendOptions, { retry: { limit: 0 } });
    const body = (await client.get('rest/api/3/myself')) as { statusCode: number; body: string };
    return [body.statusCode, (JSON.parse(body.body) as { accountId?: string }).accountId];
  },
  async 'ky 2'(auth) {
    const hooks = kyJiraAuth(auth, {
      ky: ky as unknown as NonNullable<JiraAuthKyOptions['ky']>,
    }) as unknown as Options;
    const response = await ky.create({ ...hooks, retry: 0 }).get('rest/api/3/myself');
    return [response.status, ((await response.json()) as { accountId?: string }).accountId];
  },
};

runForgeRemoteCases(CLIENTS);
