import { kyDriver, runAdapterContract } from '@jira-auth/conformance';
import ky from 'ky2';

runAdapterContract(kyDriver(ky, '2.1.0'));
