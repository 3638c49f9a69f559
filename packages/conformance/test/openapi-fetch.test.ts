import { runAdapterContract } from '@jira-auth/adapter-contract';
import { openapiFetchDriver } from '../src/drivers/openapi-fetch.js';

runAdapterContract(openapiFetchDriver('0.17.0'));
