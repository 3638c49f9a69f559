#!/usr/bin/env node
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER } from './defaults.js';
import { startEmulator } from './emulator.js';

const emulator = await startEmulator();
const { urls, endpoints } = emulator;
process.stdout.write(
  `${JSON.stringify({ urls, endpoints, cloudId: emulator.cloudId, cloudUser: DEFAULT_CLOUD_USER, dataCenterUser: DEFAULT_DC_USER }, null, 2)}\n`,
);
const stop = () => void emulator.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
