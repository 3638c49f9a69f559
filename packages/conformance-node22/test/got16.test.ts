import { gotDriver, runConformanceSuite } from '@jira-auth/conformance';
import got from 'got16';

runConformanceSuite(gotDriver(got, '16.1.0'));
