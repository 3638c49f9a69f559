// Mutation testing of the code that guards tokens and credentials: `pnpm test:mutation`. The token source, the
// adapter kit's decisions, replay and scrubbing, the token endpoint, the URL and secret checks, and the strategies;
// against core's tests and the conformance suite (see vitest.mutation.config.ts), so every test file runs.
import { mutationConfig } from '../../tooling/mutation/config.mjs';

export default mutationConfig(
  'core',
  [
    'src/oauth/token-source.ts',
    'src/oauth/token-endpoint.ts',
    'src/adapter-kit/decide.ts',
    'src/adapter-kit/replay.ts',
    'src/adapter-kit/redact.ts',
    'src/adapter-kit/protocol.ts',
    'src/adapter-kit/redirects.ts',
    'src/url.ts',
    'src/secret.ts',
    'src/basic-auth.ts',
    'src/bearer-auth.ts',
    'src/static-header.ts',
    'src/access-token.ts',
    'src/oauth/oauth2.ts',
    'src/oauth/client-credentials.ts',
    'src/oauth/data-center.ts',
  ],
  { related: false },
);
