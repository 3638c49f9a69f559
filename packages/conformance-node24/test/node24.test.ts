import {
  axiosDriver,
  fetchDriver,
  gotDriver,
  kyDriver,
  openapiFetchDriver,
  runAdapterContract,
} from '@jira-auth/conformance';
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { expect, it } from 'vitest';

// The `node` devDependency puts a Node 24 binary first on this package's PATH: prove the leg really runs on it.
it('runs on Node 24', () => {
  expect(process.versions.node).toMatch(/^24\./);
});

runAdapterContract(axiosDriver(axios));
runAdapterContract(gotDriver(got, '16.1.0'));
runAdapterContract(kyDriver(ky, '2.1.0'));
runAdapterContract(openapiFetchDriver('0.17.0'));
runAdapterContract(fetchDriver());
