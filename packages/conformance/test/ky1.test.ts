import ky from 'ky1';
import { kyDriver } from '../src/drivers/ky.js';
import { runConformanceSuite } from '../src/suite.js';

runConformanceSuite(kyDriver(ky, '1.14.3'));
