import { gotDriver, runAdapterContract } from '@jira-auth/conformance';
import got from 'got16';

runAdapterContract(gotDriver(got, '16.1.0'));
