import { fetchDriver } from '../src/drivers/fetch.js';
import { runConformanceSuite } from '../src/suite.js';

runConformanceSuite(fetchDriver());
