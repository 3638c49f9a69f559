import { openapiFetchDriver } from '../src/drivers/openapi-fetch.js';
import { runAdapterContract } from '@jira-auth/adapter-contract';

runAdapterContract(openapiFetchDriver('0.17.0'));
