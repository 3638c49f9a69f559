import { runAdapterContract } from '@jira-auth/adapter-contract';
import createClient from 'openapi-fetch16';
import { openapiFetchDriver } from '../src/drivers/openapi-fetch.js';

// The application's own openapi-fetch 0.16 client with jiraAuthMiddleware: the low end of the peer range.
runAdapterContract(openapiFetchDriver('0.16.0', createClient as never));
