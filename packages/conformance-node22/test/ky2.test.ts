import { kyDriver, runConformanceSuite } from '@jira-auth/conformance';
import ky from 'ky2';

runConformanceSuite(kyDriver(ky, '2.1.0'));
