export {
  type AdapterDriver,
  type DriverClient,
  type DriverRequest,
  type DriverResponse,
  runAdapterContract,
} from '@jira-auth/adapter-contract';
export { axiosDriver } from './drivers/axios.js';
export { fetchDriver } from './drivers/fetch.js';
export { gotDriver } from './drivers/got.js';
export { kyDriver } from './drivers/ky.js';
export { openapiFetchDriver } from './drivers/openapi-fetch.js';
export {
  type Example,
  type ExampleModule,
  exampleContext,
  exampleModule,
  runExample,
  runExampleModule,
} from './readme-examples.js';
