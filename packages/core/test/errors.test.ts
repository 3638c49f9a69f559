import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as esm from '../dist/index.mjs';
import {
  CaptchaRequiredError,
  ConfigurationError,
  CredentialRejectedError,
  isJiraAuthError,
  JiraAuthError,
  RefreshFailedError,
  ScopeMissingError,
} from '../src/index.js';

// The built CommonJS file is a second copy of the package, with classes of its own: the dual-package hazard.
const cjs = createRequire(import.meta.url)('../dist/index.cjs') as typeof esm;

describe('errors', () => {
  it('have stable codes and a prefix that names the package', () => {
    const error = new ScopeMissingError('token lacks read:jira-user', { scopes: ['read:jira-user'] });
    expect(error.code).toBe('JIRA_AUTH_SCOPE_MISSING');
    expect(error.name).toBe('ScopeMissingError');
    expect(error.message).toBe('[@jira-auth/core] token lacks read:jira-user');
    expect(error.scopes).toEqual(['read:jira-user']);
    expect(new RefreshFailedError('x', { reauthorize: true }).reauthorize).toBe(true);
    expect(new CaptchaRequiredError('x', { loginUrl: 'https://j/login.jsp' }).loginUrl).toBe(
      'https://j/login.jsp',
    );
  });

  it('take their code from their class, and a configuration error keeps its problem apart from its field', () => {
    for (const ErrorClass of [CredentialRejectedError, RefreshFailedError, ScopeMissingError]) {
      expect(new ErrorClass('x').code).toBe(ErrorClass.code);
    }
    const error = new ConfigurationError('site', 'is empty: set it to your Jira URL');
    expect(error.message).toBe('[@jira-auth/core] site is empty: set it to your Jira URL');
    expect(error).toMatchObject({ field: 'site', problem: 'is empty: set it to your Jira URL' });
    // The base class has no code of its own: only its subclasses are thrown.
    expect(() => new (JiraAuthError as unknown as new (message: string) => Error)('x')).toThrow(TypeError);
  });

  it('keep the cause, and the response out of enumeration', () => {
    const cause = new Error('socket hang up');
    const response = { status: 401, headers: new Headers() };
    const error = new CredentialRejectedError('rejected', { cause, response });
    expect(error.cause).toBe(cause);
    expect(error.response).toBe(response);
    expect(Object.keys(error)).not.toContain('response');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'CredentialRejectedError',
      code: 'JIRA_AUTH_CREDENTIAL_REJECTED',
      message: '[@jira-auth/core] rejected',
    });
  });

  it('subclass checks tell classes apart', () => {
    const error = new ConfigurationError('site', 'bad site');
    expect(error).toBeInstanceOf(JiraAuthError);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).not.toBeInstanceOf(ScopeMissingError);
    expect(ScopeMissingError.isInstance(error)).toBe(false);
    expect(isJiraAuthError(new Error('plain'))).toBe(false);
  });

  it('instance checks survive two copies of the package', () => {
    expect(cjs.ConfigurationError).not.toBe(esm.ConfigurationError);
    const fromCjs = new cjs.ConfigurationError('site', 'bad site');
    expect(fromCjs).toBeInstanceOf(esm.ConfigurationError);
    expect(fromCjs).toBeInstanceOf(ConfigurationError);
    expect(esm.JiraAuthError.isInstance(fromCjs)).toBe(true);
    expect(esm.ConfigurationError.isInstance(fromCjs)).toBe(true);
    expect(esm.CredentialRejectedError.isInstance(fromCjs)).toBe(false);
    expect(new esm.ScopeMissingError('x')).toBeInstanceOf(cjs.JiraAuthError);
  });
});
