import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractExamples, runExample } from '@jira-auth/conformance';
import { authorizeCloud } from '@jira-auth/conformance/oauth';
import { Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RedisServer, startRedis } from './redis-server.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const examples = extractExamples(readme, 'packages/redis-store/README.md');
const moduleDir = fileURLToPath(new URL('./.examples/', import.meta.url));

const emulator = new Emulator();
let server: RedisServer;
beforeAll(async () => {
  await emulator.start();
  server = await startRedis();
});
afterAll(async () => {
  await emulator.close();
  await server?.stop();
});

it('the README example runs as printed, against the emulator and a real Redis', async () => {
  expect(examples).toHaveLength(1);
  const { tokens } = await authorizeCloud(emulator);
  for (const example of examples) {
    const { status, body } = await runExample(example, emulator, { tokens, moduleDir, redisUrl: server.url });
    expect(status).toBe(200);
    expect(JSON.stringify(body)).toContain('Ada Lovelace');
  }
});
