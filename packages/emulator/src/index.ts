export {
  type CloudUser,
  type DataCenterUser,
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_USER,
  Emulator,
  type EmulatorOptions,
  type HostRole,
  type Injection,
  type LoggedRequest,
  startEmulator,
} from './emulator.js';
