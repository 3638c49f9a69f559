// Serves the web app: `JIRA_CLIENT_ID=... JIRA_CLIENT_SECRET=... COOKIE_SECRET=... node dist/main.mjs`, then open
// http://localhost:8976/login. Tokens go to ./tokens.json (a file store; use Redis for several servers).
import { serve } from '@hono/node-server';
import { fileStore } from '@jira-auth/file-store';
import { createApp } from './app.js';

const required = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: see the comment at the top of src/main.ts`);
  return value;
};

const port = Number(process.env.PORT ?? 8976);
const app = createApp({
  clientId: required('JIRA_CLIENT_ID'),
  clientSecret: required('JIRA_CLIENT_SECRET'),
  redirectUri: process.env.REDIRECT_URI ?? `http://localhost:${port}/callback`,
  cookieSecret: required('COOKIE_SECRET'),
  store: fileStore(process.env.TOKEN_FILE ?? 'tokens.json'),
});
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`http://localhost:${port}/login`));
