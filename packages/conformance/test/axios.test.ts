import axios from 'axios';
import { axiosDriver } from '../src/drivers/axios.js';
import { runAdapterContract } from '@jira-auth/adapter-contract';

runAdapterContract(axiosDriver(axios));
