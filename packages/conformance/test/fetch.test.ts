import { fetchDriver } from '../src/drivers/fetch.js';
import { runAdapterContract } from '@jira-auth/adapter-contract';

runAdapterContract(fetchDriver());
