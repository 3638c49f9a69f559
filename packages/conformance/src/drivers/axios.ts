import type { AdapterDriver } from '@jira-auth/adapter-contract';
import { withJiraAuth } from '@jira-auth/axios';
import type { AxiosStatic } from 'axios';

/** The axios driver, for any axios 1.x passed in (so the suite can run against several installed versions). */
export function axiosDriver(axios: AxiosStatic): AdapterDriver {
  return {
    name: `axios ${axios.VERSION}`,
    createClient({ strategy, baseUrl }) {
      const instance = axios.create(baseUrl ? { baseURL: baseUrl } : {});
      withJiraAuth(instance, strategy);
      return {
        async send(request) {
          try {
            const response = await instance.request({
              method: request.method,
              url: request.url,
              data: request.form ?? request.json,
              ...(request.headers ? { headers: request.headers } : {}),
            });
            return {
              status: response.status,
              headers: new Headers(response.headers as Record<string, string>),
              body: response.data,
            };
          } catch (error) {
            const response = axios.isAxiosError(error) ? error.response : undefined;
            if (!response) throw error;
            return {
              status: response.status,
              headers: new Headers(response.headers as Record<string, string>),
              body: response.data,
              error,
            };
          }
        },
      };
    },
  };
}
