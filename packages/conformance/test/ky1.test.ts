import { runAdapterContract } from '@jira-auth/adapter-contract';
import ky from 'ky1';
import { kyDriver } from '../src/drivers/ky.js';

runAdapterContract(kyDriver(ky, '1.14.3'));
