import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import type { AdapterDriver } from './driver.js';
import { oauthCases } from './oauth-suite.js';
import { suiteContext, UNICODE_USER } from './suite/context.js';
import { headerCases } from './suite/headers.js';
import { originCases } from './suite/origin.js';
import { productCases } from './suite/products.js';
import { rateLimitCases } from './suite/rate-limits.js';
import { secretCases } from './suite/secrets.js';
import { statusCases } from './suite/statuses.js';
import { uploadCases } from './suite/uploads.js';

/**
 * The behaviour every adapter must show, end to end against the emulator's real HTTP servers, one file a feature
 * under `suite/`. Register it in a test file: `runAdapterContract(axiosDriver(axios))`.
 */
export function runAdapterContract(driver: AdapterDriver): void {
  describe(`conformance: ${driver.name}`, () => {
    const emulator = new Emulator({ cloudUsers: [DEFAULT_CLOUD_USER, UNICODE_USER] });
    beforeAll(async () => {
      await emulator.start();
    });
    afterAll(async () => {
      await emulator.close();
    });
    beforeEach(() => {
      emulator.reset();
    });

    const context = suiteContext(driver, emulator);
    headerCases(context);
    originCases(context);
    uploadCases(context);
    statusCases(context);
    rateLimitCases(context);
    productCases(context);
    oauthCases(driver, emulator);
    secretCases(context);
  });
}
