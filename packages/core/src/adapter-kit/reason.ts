import type { JiraAuthError } from '../errors.js';

/** Responses that fetch-based adapters hand on although jira-auth knows why they failed. */
const reasons = new WeakMap<Response, JiraAuthError>();

/** For fetch-based adapters, which resolve with failed responses: records why jira-auth let this one fail. */
export function rememberReason(response: Response, reason: JiraAuthError): void {
  reasons.set(response, reason);
}

/**
 * Why jira-auth let a response fail (a rejected credential, a CAPTCHA, a missing scope, a body it could not
 * replay), if it knows: for the adapters that resolve with HTTP errors instead of throwing (fetch, openapi-fetch).
 */
export function jiraAuthReason(response: Response | undefined): JiraAuthError | undefined {
  return response ? reasons.get(response) : undefined;
}
