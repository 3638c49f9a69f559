import { openapiFetchDriver } from '../src/drivers/openapi-fetch.js';
import { runConformanceSuite } from '../src/suite.js';

runConformanceSuite(openapiFetchDriver('0.17.0'));
