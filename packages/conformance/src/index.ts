export type { ConformanceDriver, DriverClient, DriverRequest, DriverResponse } from './driver.js';
export { axiosDriver } from './drivers/axios.js';
export { runConformanceSuite } from './suite.js';
