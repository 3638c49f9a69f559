import ky from 'ky1';
import { kyDriver } from '../src/drivers/ky.js';
import { runAdapterContract } from '@jira-auth/adapter-contract';

runAdapterContract(kyDriver(ky, '1.14.3'));
