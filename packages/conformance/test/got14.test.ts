import got from 'got14';
import { gotDriver } from '../src/drivers/got.js';
import { runConformanceSuite } from '../src/suite.js';

runConformanceSuite(gotDriver(got, '14.6.6'));
