// Entry for workerd: POST the config (JSON), get the results (JSON).
import { type RuntimeConfig, runCases } from './cases.js';

export default {
  async fetch(request: Request): Promise<Response> {
    return Response.json(await runCases((await request.json()) as RuntimeConfig));
  },
};
