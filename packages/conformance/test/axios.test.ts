import axios from 'axios';
import { axiosDriver } from '../src/drivers/axios.js';
import { runConformanceSuite } from '../src/suite.js';

runConformanceSuite(axiosDriver(axios));
