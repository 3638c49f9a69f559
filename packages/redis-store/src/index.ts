/**
 * A jira-auth token store on Redis: one token family shared by many processes and hosts.
 * @packageDocumentation
 * @module @jira-auth/redis-store
 */
export { type RedisStoreOptions, type RedisTokenStore, redisKeyOf, redisStore } from './redis-store.js';
