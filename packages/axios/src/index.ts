export { type JiraAuthInterceptors, withJiraAuth } from './axios-interceptors.js';
