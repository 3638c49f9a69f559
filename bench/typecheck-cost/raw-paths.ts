// The same 20 operations' response types, read straight from the generated `paths` (no client).
import type { paths } from '@jira-auth/openapi-fetch';

type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer T } } } }
    ? T
    : unknown;

export type TwentyOperations = [
  Ok<'/rest/api/3/myself', 'get'>['accountId'],
  Ok<'/rest/api/3/serverInfo', 'get'>['baseUrl'],
  Ok<'/rest/api/3/issue/{issueIdOrKey}', 'get'>['key'],
  Ok<'/rest/api/3/issue', 'post'>['key'],
  Ok<'/rest/api/3/issue/{issueIdOrKey}', 'put'>,
  Ok<'/rest/api/3/issue/{issueIdOrKey}', 'delete'>,
  Ok<'/rest/api/3/issue/{issueIdOrKey}/comment', 'get'>['total'],
  Ok<'/rest/api/3/issue/{issueIdOrKey}/comment', 'post'>['id'],
  Ok<'/rest/api/3/issue/{issueIdOrKey}/transitions', 'get'>['transitions'],
  Ok<'/rest/api/3/issue/{issueIdOrKey}/worklog', 'get'>['worklogs'],
  Ok<'/rest/api/3/search/jql', 'get'>['issues'],
  Ok<'/rest/api/3/project/search', 'get'>['values'],
  Ok<'/rest/api/3/project/{projectIdOrKey}', 'get'>['key'],
  Ok<'/rest/api/3/field', 'get'>,
  Ok<'/rest/api/3/priority', 'get'>,
  Ok<'/rest/api/3/status', 'get'>,
  Ok<'/rest/api/3/issuetype', 'get'>,
  Ok<'/rest/api/3/user', 'get'>['accountId'],
  Ok<'/rest/api/3/groups/picker', 'get'>['groups'],
  Ok<'/rest/api/3/filter/search', 'get'>['values'],
];
