// The Confluence and Service Management clients type-check as the Jira client does: paths, parameters, bodies and
// responses from Atlassian's specs, uploads as FormData.
import { basicAuth } from '@jira-auth/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createConfluenceClient } from '../src/confluence.js';
import { createServiceDeskClient } from '../src/service-management.js';

const auth = basicAuth({ site: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 'token' });
const confluence = createConfluenceClient({ auth });
const desk = createServiceDeskClient({ auth });

describe('createConfluenceClient types', () => {
  it('types v2, below Confluence base', async () => {
    const { data } = await confluence.GET('/api/v2/pages/{id}', {
      params: { path: { id: 65537 }, query: { 'body-format': 'storage' } },
    });
    expectTypeOf(data?.title).toEqualTypeOf<string | undefined>();
    // @ts-expect-error id is required
    await confluence.GET('/api/v2/pages/{id}', {});
    // @ts-expect-error the spec's paths are rooted at Confluence's base: no /wiki
    await confluence.GET('/wiki/api/v2/pages');
    // @ts-expect-error Jira's paths are not Confluence's
    await confluence.GET('/rest/api/3/myself');
  });

  it('types v1 for what v2 lacks: search by CQL', async () => {
    const { data } = await confluence.GET('/rest/api/search', { params: { query: { cql: 'type = page' } } });
    expectTypeOf(data?.results?.[0]?.title).toEqualTypeOf<string | undefined>();
    // @ts-expect-error cql is required
    await confluence.GET('/rest/api/search', { params: { query: {} } });
  });

  it('takes a FormData for v1 attachment uploads', async () => {
    await confluence.POST('/rest/api/content/{id}/child/attachment', {
      params: { path: { id: '65537' } },
      body: new FormData(),
    });
    await confluence.POST('/rest/api/content/{id}/child/attachment', {
      params: { path: { id: '65537' } },
      // @ts-expect-error the spec's object of binary strings would go as JSON
      body: { file: 'bytes', minorEdit: 'true' },
    });
  });
});

describe('createServiceDeskClient types', () => {
  it('types Service Management', async () => {
    const { data } = await desk.GET('/rest/servicedeskapi/servicedesk');
    expectTypeOf(data?.values?.[0]?.projectKey).toEqualTypeOf<string | undefined>();
    await desk.POST('/rest/servicedeskapi/request', {
      body: { serviceDeskId: '1', requestTypeId: '10', requestFieldValues: { summary: 'Help' } },
    });
    // @ts-expect-error no such path
    await desk.GET('/rest/servicedeskapi/servicedesks');
    // @ts-expect-error Jira's paths are not Service Management's
    await desk.GET('/rest/api/3/myself');
  });

  it('takes a FormData for attachTemporaryFile', async () => {
    const { data } = await desk.POST('/rest/servicedeskapi/servicedesk/{serviceDeskId}/attachTemporaryFile', {
      params: { path: { serviceDeskId: '1' } },
      body: new FormData(),
    });
    expectTypeOf(data).not.toBeNever();
    await desk.POST('/rest/servicedeskapi/servicedesk/{serviceDeskId}/attachTemporaryFile', {
      params: { path: { serviceDeskId: '1' } },
      // @ts-expect-error the spec's MultipartFile[] is not what Service Management takes
      body: [],
    });
  });
});
