// The format of `jira-site.json`, the file `jira-auth init` writes for version control: what a site has (fields,
// projects, issue types, ...), with no secret and nothing that changes between two runs against the same site.

/** Where editors find the file's JSON Schema (the same file is `@jira-auth/core/site.schema.json`). */
export const SITE_SCHEMA_URL = 'https://unpkg.com/@jira-auth/core/site.schema.json';

/** The format's version: a reader refuses a file of a later one. */
export const SITE_FORMAT_VERSION = 1;

/** What discovery reads, each part on its own: a part Jira did not give (a scope, a product) is listed as such. */
export type SitePart =
  | 'fields'
  | 'projects'
  | 'issueTypes'
  | 'priorities'
  | 'statuses'
  | 'linkTypes'
  | 'resolutions'
  | 'boards'
  | 'createMeta';

export interface SiteFieldSchema {
  /** `number`, `string`, `array`, `option`, `user`, `date`, ... */
  readonly type: string;
  /** For an array: the type of its items. */
  readonly items?: string | undefined;
  /** For a system field: its id. */
  readonly system?: string | undefined;
  /** For a custom field: its type key, e.g. `com.pyxis.greenhopper.jira:gh-sprint`. */
  readonly custom?: string | undefined;
}

export interface SiteField {
  /** `summary`, `customfield_10016`, ... */
  readonly id: string;
  readonly name: string;
  readonly custom: boolean;
  readonly schema?: SiteFieldSchema | undefined;
  /** The names JQL knows the field by, e.g. `cf[10016]` and `"Story Points"`. */
  readonly clauseNames: readonly string[];
}

export interface SiteIssueType {
  readonly id: string;
  readonly name: string;
  readonly subtask: boolean;
  /** -1 sub-task, 0 standard (story, task, bug), 1 epic, higher above. */
  readonly hierarchyLevel: number;
  /** With `init --create-meta`: the fields this issue type takes on create in its project, by id. */
  readonly create?:
    | { readonly required: readonly string[]; readonly optional: readonly string[] }
    | undefined;
}

export interface SiteProject {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** `software`, `service_desk`, `business`, ... */
  readonly type: string;
  /** Jira Cloud's team-managed projects keep their own issue types and fields; Data Center's are all company-managed. */
  readonly style: 'company-managed' | 'team-managed';
  readonly issueTypes: readonly SiteIssueType[];
}

export interface SiteStatus {
  readonly id: string;
  readonly name: string;
  /** The status category's key: `new`, `indeterminate` or `done`. */
  readonly category: string;
}

export interface SiteNamed {
  readonly id: string;
  readonly name: string;
}

export interface SiteLinkType extends SiteNamed {
  readonly inward: string;
  readonly outward: string;
}

export interface SiteBoard {
  readonly id: number;
  readonly name: string;
  /** `scrum`, `kanban` or `simple`. */
  readonly type: string;
  /** The project the board is located in, when it is in one. */
  readonly projectKey?: string | undefined;
}

/** A part discovery could not read, and why: the scope it needs, or Jira's answer. */
export interface SiteGap {
  readonly part: SitePart;
  readonly reason: string;
  /** OAuth: the scopes that would let it be read. */
  readonly scopes?: readonly string[] | undefined;
}

/** The well-known Jira Software fields, by role: their ids differ from site to site. */
export type FieldRole =
  | 'storyPoints'
  | 'storyPointEstimate'
  | 'sprint'
  | 'epicLink'
  | 'epicName'
  | 'rank'
  | 'team'
  | 'startDate'
  | 'flagged'
  | 'parent';

/** The field ids of the roles a site has. */
export type FieldRoles = { readonly [role in FieldRole]?: string };

export interface SiteDiscovery {
  /** Only these projects (and their boards) were read; all when absent. */
  readonly projects?: readonly string[] | undefined;
  /** The fields each issue type takes on create were read. */
  readonly createMeta: boolean;
}

/** `jira-site.json`, parsed. A part that was not read is absent, and named in `notDiscovered`. */
export interface SiteFile {
  readonly $schema?: string | undefined;
  readonly formatVersion: number;
  /** The site (Cloud) or base URL with its context path (Data Center). */
  readonly site: string;
  readonly deploymentType: 'Cloud' | 'Server';
  /** How it was discovered (`init --projects`, `--create-meta`): `init --check` discovers the same way. */
  readonly discovery: SiteDiscovery;
  readonly notDiscovered: readonly SiteGap[];
  readonly roles?: FieldRoles | undefined;
  readonly fields?: readonly SiteField[] | undefined;
  readonly projects?: readonly SiteProject[] | undefined;
  readonly issueTypes?: readonly SiteIssueType[] | undefined;
  readonly priorities?: readonly SiteNamed[] | undefined;
  readonly statuses?: readonly SiteStatus[] | undefined;
  readonly linkTypes?: readonly SiteLinkType[] | undefined;
  readonly resolutions?: readonly SiteNamed[] | undefined;
  readonly boards?: readonly SiteBoard[] | undefined;
}

const JSW = 'com.pyxis.greenhopper.jira:';
const SYSTEM = 'com.atlassian.jira.plugin.system.customfieldtypes:';
const named = (name: string) => (field: SiteField) => field.name.toLowerCase() === name;
const ofType = (key: string) => (field: SiteField) => field.schema?.custom === key;

/**
 * How each role's field is found: by its custom type key, which is the same on every site, and by name only where
 * the type is a general one (a number, a date picker, checkboxes). The first rule that matches wins.
 */
export const ROLE_RULES: Readonly<Record<FieldRole, readonly ((field: SiteField) => boolean)[]>> = {
  storyPoints: [
    (field) => ofType(`${SYSTEM}float`)(field) && named('story points')(field),
    ofType(`${JSW}jsw-story-points`),
  ],
  storyPointEstimate: [ofType(`${JSW}jsw-story-points`)],
  sprint: [ofType(`${JSW}gh-sprint`)],
  epicLink: [ofType(`${JSW}gh-epic-link`)],
  epicName: [ofType(`${JSW}gh-epic-label`)],
  rank: [ofType(`${JSW}gh-lexo-rank`)],
  team: [ofType(`${SYSTEM}atlassian-team`), ofType('com.atlassian.teams:rm-teams-custom-field-team')],
  startDate: [(field) => ofType(`${SYSTEM}datepicker`)(field) && named('start date')(field)],
  flagged: [(field) => ofType(`${SYSTEM}multicheckboxes`)(field) && named('flagged')(field)],
  parent: [(field) => !field.custom && field.id === 'parent'],
};

/** Field ids in Jira's order: system fields by id, then custom fields by number. */
export function compareFieldIds(a: string, b: string): number {
  const number = (id: string) => Number(/^customfield_(\d+)$/.exec(id)?.[1] ?? Number.NaN);
  const [x, y] = [number(a), number(b)];
  if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? -1 : 1;
  if (!Number.isNaN(x) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The role of each well-known field the site has; with two candidates, the lower id (the older field). */
export function rolesOf(fields: readonly SiteField[]): FieldRoles {
  const sorted = [...fields].sort((a, b) => compareFieldIds(a.id, b.id));
  const roles: Partial<Record<FieldRole, string>> = {};
  for (const role of Object.keys(ROLE_RULES) as FieldRole[]) {
    for (const rule of ROLE_RULES[role]) {
      const found = sorted.find(rule);
      if (found) {
        roles[role] = found.id;
        break;
      }
    }
  }
  return roles;
}
