import { runAdapterContract } from '@jira-auth/adapter-contract';
import { fetchDriver } from '../src/drivers/fetch.js';

runAdapterContract(fetchDriver());
