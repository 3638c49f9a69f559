import { runAdapterContract } from '@jira-auth/adapter-contract';
import got from 'got14';
import { gotDriver } from '../src/drivers/got.js';

runAdapterContract(gotDriver(got, '14.6.6'));
