import { defineConfig } from 'vitepress';

export default defineConfig({
  title: 'jira-auth',
  description:
    'Every Jira authentication method for the HTTP client you already use: axios, got, ky, or a typed openapi-fetch client.',
  // GitHub Pages serves a project site under /<repository>/: the deploy workflow sets DOCS_BASE.
  base: process.env.DOCS_BASE ?? '/',
  cleanUrls: true,
  head: [
    ['link', { rel: 'icon', type: 'image/svg+xml', href: `${process.env.DOCS_BASE ?? '/'}favicon.svg` }],
  ],
  lastUpdated: false,
  srcExclude: ['test/**', 'api-entries/**', 'node_modules/**', 'README.md'],
  themeConfig: {
    search: { provider: 'local' },
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Recipes', link: '/recipes/' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'Set up a project', link: '/guide/set-up-a-project' },
          { text: 'How it works', link: '/guide/how-it-works' },
          { text: 'Runtimes and browsers', link: '/guide/runtimes' },
          { text: 'Token stores', link: '/guide/stores' },
          { text: 'One credential, every product', link: '/guide/products' },
          { text: 'Rate limits', link: '/guide/rate-limits' },
          { text: 'Proxies and certificates', link: '/guide/proxies-and-certificates' },
          { text: 'Forge Remote', link: '/guide/forge-remote' },
          { text: 'Events', link: '/guide/events' },
          { text: 'Performance', link: '/guide/performance' },
        ],
      },
      {
        text: 'Auth methods',
        items: [
          { text: 'API tokens (Cloud)', link: '/methods/api-tokens' },
          { text: 'OAuth 2.0 (3LO)', link: '/methods/oauth2' },
          { text: 'Service accounts', link: '/methods/service-accounts' },
          { text: 'Data Center', link: '/methods/data-center' },
          { text: 'Tokens minted elsewhere', link: '/methods/external-tokens' },
        ],
      },
      {
        text: 'Products',
        items: [
          { text: 'Confluence', link: '/products/confluence' },
          { text: 'Jira Service Management', link: '/products/service-management' },
          { text: 'Assets', link: '/products/assets' },
        ],
      },
      {
        text: 'Clients',
        items: [
          { text: 'axios', link: '/clients/axios' },
          { text: 'got', link: '/clients/got' },
          { text: 'ky', link: '/clients/ky' },
          { text: 'fetch', link: '/clients/fetch' },
          { text: 'Typed client (openapi-fetch)', link: '/clients/openapi-fetch' },
          { text: 'Write an adapter', link: '/clients/write-an-adapter' },
        ],
      },
      {
        text: 'Recipes',
        items: [
          { text: 'All recipes', link: '/recipes/' },
          { text: 'axios', link: '/recipes/axios' },
          { text: 'got', link: '/recipes/got' },
          { text: 'ky', link: '/recipes/ky' },
          { text: 'fetch', link: '/recipes/fetch' },
          { text: 'openapi-fetch', link: '/recipes/openapi-fetch' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'The jira-auth command', link: '/reference/cli' },
          { text: 'Testing with the emulator', link: '/testing/emulator' },
          { text: 'Errors', link: '/reference/errors' },
          { text: 'API reference', link: '/api/' },
        ],
      },
    ],
    outline: [2, 3],
  },
});
