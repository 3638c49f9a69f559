import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));
const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Serves the built site as a static host with clean URLs would. */
async function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://site').pathname));
    for (const candidate of [path, `${path}.html`, join(path, 'index.html')]) {
      const file = join(dist, candidate);
      if (file.startsWith(dist) && existsSync(file) && (await stat(file)).isFile()) {
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        response.end(await readFile(file));
        return;
      }
    }
    response.writeHead(404, { 'content-type': 'text/html' });
    response.end(await readFile(join(dist, '404.html')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** How long one page may take to load in the crawl: generous, for a busy shared machine. */
const PAGE_TIMEOUT_MS = 60_000;

describe('the docs site in Chromium', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  const consoleErrors: string[] = [];

  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${path}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${path}: ${error.message}`));
    const response = await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
    expect(response?.status(), path).toBe(200);
    return page;
  };

  beforeAll(async () => {
    expect(
      existsSync(join(dist, 'index.html')),
      'build the site first (pnpm --filter @jira-auth/docs build)',
    ).toBe(true);
    ({ server, origin } = await serve());
    // Flags that keep Chromium off the network: this machine only reaches loopback.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await mkdir(screenshots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('the home page says what the project is, shows an example, and renders', async () => {
    const page = await open('/');
    await expect(page.locator('.VPHero .name').textContent()).resolves.toContain('jira-auth');
    const text = (await page.locator('.VPContent').textContent()) ?? '';
    for (const name of ['axios', 'got', 'ky', 'openapi-fetch', 'OAuth 2.0', 'service accounts', 'PATs']) {
      expect(text).toContain(name);
    }
    const example = page.locator('div[class*="language-ts"] pre').first();
    expect(await example.textContent()).toContain('withJiraAuth');
    // The shortest example starts within the first screen.
    expect((await example.boundingBox())?.y).toBeLessThan(900);
    await page.screenshot({ path: join(screenshots, 'home.png'), fullPage: true });
    await page.close();
  });

  it('a recipe page has its code and the copy button', async () => {
    const page = await open('/recipes/axios');
    const blocks = page.locator('div[class*="language-ts"]');
    expect(await blocks.count()).toBeGreaterThanOrEqual(6);
    expect(await blocks.first().locator('button.copy').count()).toBe(1);
    await page.screenshot({ path: join(screenshots, 'recipe-axios.png'), fullPage: true });
    await page.close();
    console.log(`screenshots: ${screenshots}`);
  });

  it('search finds a page and opens it', async () => {
    const page = await open('/');
    await page.locator('.VPNavBarSearch button').click();
    await page.locator('#localsearch-input').fill('CAPTCHA');
    const results = page.locator('.VPLocalSearchBox .result');
    await results.first().waitFor();
    expect(await results.count()).toBeGreaterThan(0);
    await results.first().click();
    await page.waitForURL(/\/(methods|reference|testing|api)\//);
    await page.close();
  });

  // Each page has its own time (PAGE_TIMEOUT_MS), not a share of one budget for all of them: on a shared CI runner a
  // crawl of a few hundred pages may take minutes, and that is no failure. A page that does not load in its time is.
  it('every page loads without console errors, and every internal link and anchor resolves', {
    timeout: 0,
  }, async () => {
    const seen = new Set<string>();
    const queue = ['/'];
    const broken: string[] = [];
    const anchors: [string, string, string][] = [];
    const ids = new Map<string, Set<string>>();
    const page = await browser.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    let path = '/';
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${path}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${path}: ${error.message}`));
    page.on('response', (answer) => {
      if (answer.status() >= 400) broken.push(`${path} loads ${answer.url()} (${answer.status()})`);
    });
    while (queue.length > 0 && seen.size < 400) {
      path = queue.shift() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      const response = await page.goto(`${origin}${path}`, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
      if (response?.status() !== 200) broken.push(`${path} (${response?.status()})`);
      ids.set(
        path,
        new Set(await page.locator('[id]').evaluateAll((elements) => elements.map((element) => element.id))),
      );
      const hrefs = await page
        .locator('a[href]')
        .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
      for (const href of hrefs) {
        const url = new URL(href);
        if (url.origin !== origin) continue;
        const target = url.pathname.replace(/\.html$/, '').replace(/\/index$/, '/') || '/';
        if (url.hash.length > 1) anchors.push([path, target, decodeURIComponent(url.hash.slice(1))]);
        if (!seen.has(target) && !queue.includes(target)) queue.push(target);
      }
    }
    await page.close();
    const missing = anchors
      .filter(([, target, id]) => ids.has(target) && !ids.get(target)?.has(id))
      .map(([from, target, id]) => `${from} -> ${target}#${id}`);
    expect(seen.size).toBeGreaterThan(30);
    expect(broken).toEqual([]);
    expect([...new Set(missing)]).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
