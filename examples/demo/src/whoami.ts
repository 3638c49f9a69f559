import { withJiraAuth } from '@jira-auth/axios';
import { type AuthStrategy, jiraAuthErrorOf } from '@jira-auth/core';
import axios from 'axios';

export interface WhoAmI {
  readonly label: string;
  readonly ok: boolean;
  /** Who Jira says you are, or why it refused. */
  readonly detail: string;
  /** Where the call went. */
  readonly url: string;
  /** What else happened, e.g. a token refresh. */
  note?: string;
}

/** Calls /myself (the one endpoint that verifies credentials: others answer anonymous 200s) and says who and where. */
export async function whoAmI(label: string, strategy: AuthStrategy, path: string): Promise<WhoAmI> {
  const jira = axios.create();
  withJiraAuth(jira, strategy);
  const url = `${(await strategy.baseUrl()).href.replace(/\/$/, '')}${path}`;
  try {
    const { data } = await jira.get<{
      displayName?: string;
      emailAddress?: string;
      accountId?: string;
      name?: string;
    }>(path);
    const id = data.accountId ?? data.name ?? 'unknown';
    return {
      label,
      ok: true,
      detail: `${data.displayName ?? '?'} <${data.emailAddress ?? 'no email'}> (${id})`,
      url,
    };
  } catch (error) {
    const reason = jiraAuthErrorOf(error);
    const status = axios.isAxiosError(error) ? (error.response?.status ?? error.code) : undefined;
    return {
      label,
      ok: false,
      detail: `${status ?? ''} ${reason?.message ?? (error as Error).message}`.trim(),
      url,
    };
  }
}
