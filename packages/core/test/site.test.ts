// siteFrom(): lookups by name over a jira-site.json, and the errors a typo or an old file gets.
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/index.js';
import { rolesOf, type SiteField, SiteLookupError, siteFrom } from '../src/site/index.js';

const field = (id: string, name: string, custom?: string): SiteField => ({
  id,
  name,
  custom: custom !== undefined,
  schema: { type: 'number', ...(custom ? { custom } : {}) },
  clauseNames: [],
});
const fields = [
  field('summary', 'Summary'),
  field('customfield_10016', 'Story Points', 'com.atlassian.jira.plugin.system.customfieldtypes:float'),
  field('customfield_10020', 'Sprint', 'com.pyxis.greenhopper.jira:gh-sprint'),
  field('customfield_10030', 'Sprint', 'com.pyxis.greenhopper.jira:gh-sprint'),
  field('customfield_10040', 'Story point estimate', 'com.pyxis.greenhopper.jira:jsw-story-points'),
];
const data = {
  formatVersion: 1,
  site: 'https://acme.atlassian.net',
  deploymentType: 'Cloud',
  discovery: { createMeta: false },
  notDiscovered: [
    { part: 'boards', reason: 'the token lacks a scope it needs: read:board-scope:jira-software' },
  ],
  roles: rolesOf(fields),
  fields,
  projects: [
    {
      id: '10000',
      key: 'DEMO',
      name: 'Demo',
      type: 'software',
      style: 'company-managed',
      issueTypes: [
        { id: '10001', name: 'Story', subtask: false, hierarchyLevel: 0 },
        { id: '10003', name: 'Bug', subtask: false, hierarchyLevel: 0 },
      ],
    },
  ],
};

describe('siteFrom', () => {
  const site = siteFrom(data);

  it('gives field ids by name and by role; the older of two fields takes the role', () => {
    expect(site.field('Story Points')).toBe('customfield_10016');
    expect(site.field('story points')).toBe('customfield_10016');
    expect(site.field('customfield_10040')).toBe('customfield_10040');
    expect(site.fields).toEqual({
      storyPoints: 'customfield_10016',
      storyPointEstimate: 'customfield_10040',
      sprint: 'customfield_10020',
    });
  });

  it('finds projects by key and their issue types by name', () => {
    expect(site.project('DEMO').issueType('Bug').id).toBe('10003');
    expect(site.project('10000').name).toBe('Demo');
    // Found by its key in any case, the project keeps its own name.
    expect(site.project('demo').name).toBe('Demo');
  });

  it('names near matches when a name is unknown, and the way to refresh the file', () => {
    const error = (() => {
      try {
        site.field('Story Point');
      } catch (caught) {
        return caught;
      }
    })();
    expect(SiteLookupError.isInstance(error)).toBe(true);
    expect((error as SiteLookupError).nearMatches).toEqual(['Story Points', 'Story point estimate']);
    expect((error as Error).message).toBe(
      '[@jira-auth/core] no field "Story Point" on https://acme.atlassian.net; did you mean "Story Points", "Story point estimate"? (if the site has it now, run `jira-auth init --force` and commit jira-site.json)',
    );
    expect(() => site.project('DEMO').issueType('Bugs')).toThrow(
      'no issue type "Bugs" in project DEMO; did you mean "Bug"?',
    );
    expect(() => site.project('DEMOS')).toThrow(
      'no project "DEMOS" on https://acme.atlassian.net; did you mean "DEMO"?',
    );
    expect(() => site.field('Sprint')).toThrow(
      '2 have this name (ids customfield_10020, customfield_10030), so use the id',
    );
    expect(() => site.field('Zebra')).toThrow(
      /^\[@jira-auth\/core\] no field "Zebra" on https:\/\/acme\.atlassian\.net \(/,
    );
  });

  it('a part that was not discovered says why', () => {
    expect(() => site.board('DEMO board')).toThrow(
      'boards was not discovered on https://acme.atlassian.net: the token lacks a scope it needs: read:board-scope:jira-software',
    );
    expect(() => site.priority('High')).toThrow(ConfigurationError);
  });

  it('refuses what is not a site file, or a later format', () => {
    expect(() => siteFrom({})).toThrow('jira-site.json is not a site file: write it with `jira-auth init`');
    expect(() => siteFrom({ ...data, formatVersion: 2 })).toThrow(
      'has format 2, and this version of @jira-auth/core reads 1',
    );
  });
});
