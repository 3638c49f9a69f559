import { runAdapterContract } from '@jira-auth/adapter-contract';
import axios from 'axios';
import { axiosDriver } from '../src/drivers/axios.js';

runAdapterContract(axiosDriver(axios));
