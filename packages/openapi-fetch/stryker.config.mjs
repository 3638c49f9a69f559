// Mutation testing of the typed client's middleware, which decides what each request carries (credentials, the
// no-check header, the scope check, the one retry): `pnpm test:mutation`. Against the package's tests and the
// conformance suite's openapi-fetch cases (see vitest.mutation.config.ts), so every test file runs.
import { mutationConfig } from '../../tooling/mutation/config.mjs';

export default mutationConfig('openapi-fetch', ['src/middleware.ts'], { related: false });
