import type { Emulator } from '@jira-auth/emulator';
import type { AdapterDriver } from './driver.js';
import { accessTokenCases } from './suite/access-token.js';
import { dataCenterOAuthCases } from './suite/data-center-oauth.js';
import { threeLeggedCases } from './suite/oauth-3lo.js';
import { oauthContext } from './suite/oauth-context.js';
import { serviceAccountCases } from './suite/service-account.js';

export { authorizeCloud } from './suite/oauth-context.js';

/** OAuth behaviour every adapter must show, one file a method under `suite/`. Registered by `runAdapterContract`. */
export function oauthCases(driver: AdapterDriver, emulator: Emulator): void {
  const context = oauthContext(driver, emulator);
  threeLeggedCases(context);
  serviceAccountCases(context);
  dataCenterOAuthCases(context);
  accessTokenCases(context);
}
