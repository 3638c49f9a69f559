// Forge Remote through every client on Node 20 (src/forge-remote.ts has the cases).
import { withJiraAuth } from '@jira-auth/axios';
import { type CallMyself, runForgeRemoteCases } from '@jira-auth/conformance/forge-remote';
import { jiraFetch } from '@jira-auth/fetch';
import { jiraAuth as gotJiraAuth } from '@jira-auth/got';
import { jiraAuth as kyJiraAuth } from '@jira-auth/ky';
import { createJiraClient } from '@jira-auth/openapi-fetch';
import axios from 'axios';
import got from 'got14';
import ky from 'ky1';

const CLIENTS: Record<string, CallMyself> = {
  async axios(auth) {
    const instance = axios.create();
    withJiraAuth(instance, auth);
    const { status, data } = await instance.get<{ accountId?: string }>('/rest/api/3/myself');
    return [status, data.accountId];
  },
  async got(auth) {
    const body = await got.extend(gotJiraAuth(auth), { retry: { limit: 0 } }).get('rest/api/3/myself');
    return [body.statusCode, (JSON.parse(body.body) as { accountId?: string }).accountId];
  },
  async ky(auth) {
    const response = await ky.create({ ...kyJiraAuth(auth), retry: 0 }).get('rest/api/3/myself');
    return [response.status, ((await response.json()) as { accountId?: string }).accountId];
  },
  async fetch(auth) {
    const response = await jiraFetch(auth)('/rest/api/3/myself');
    return [response.status, ((await response.json()) as { accountId?: string }).accountId];
  },
  async 'openapi-fetch'(auth) {
    const { response, data } = await createJiraClient({ auth }).GET('/rest/api/3/myself');
    return [response.status, data?.accountId];
  },
};

runForgeRemoteCases(CLIENTS);
