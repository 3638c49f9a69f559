import { ConfigurationError, JiraAuthError } from '../errors.js';
import {
  type FieldRoles,
  SITE_FORMAT_VERSION,
  type SiteBoard,
  type SiteFile,
  type SiteGap,
  type SiteIssueType,
  type SiteNamed,
  type SitePart,
  type SiteProject,
  type SiteStatus,
} from './format.js';

/** A name the site does not have; `nearMatches` are the site's names closest to it. */
export class SiteLookupError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_SITE_LOOKUP' as const;
  /** What was looked up: `field`, `project`, `issue type`, ... */
  readonly kind: string;
  readonly wanted: string;
  readonly nearMatches: readonly string[];

  constructor(kind: string, wanted: string, nearMatches: readonly string[], where: string) {
    const near =
      nearMatches.length > 0 ? `; did you mean ${nearMatches.map((n) => `"${n}"`).join(', ')}?` : '';
    super(
      `no ${kind} "${wanted}" ${where}${near} (if the site has it now, run \`jira-auth init --force\` and commit jira-site.json)`,
    );
    this.kind = kind;
    this.wanted = wanted;
    this.nearMatches = nearMatches;
  }
}

/** A project of the site, and its issue types by name. */
export interface SiteProjectView extends SiteProject {
  /** The issue type of this name (or id) in this project; a {@link SiteLookupError} naming near matches when none. */
  issueType(name: string): SiteIssueType;
}

/** What `jira-auth init` found on a site, with lookups by name that fail loudly and helpfully. */
export interface Site<Roles extends FieldRoles = FieldRoles> {
  /** The file as read. */
  readonly data: SiteFile;
  readonly url: string;
  readonly deploymentType: 'Cloud' | 'Server';
  /** The well-known fields' ids by role: `site.fields.storyPoints` is `customfield_10016` on one site. */
  readonly fields: Roles;
  /** The id of the field of this name (or id): `site.field('Story Points')`. */
  field(name: string): string;
  project(key: string): SiteProjectView;
  issueType(name: string): SiteIssueType;
  priority(name: string): SiteNamed;
  status(name: string): SiteStatus;
  resolution(name: string): SiteNamed;
  board(name: string): SiteBoard;
}

/** How far apart two names are: edits (Levenshtein) between their lower-case forms. */
function distance(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[y.length] ?? 0;
}

/** Up to three names close to `wanted`: containing it, or a few edits away. */
export function nearMatches(wanted: string, names: readonly string[]): string[] {
  const lower = wanted.toLowerCase();
  return [...new Set(names)]
    .map((name) => {
      const contains = name.toLowerCase().includes(lower) || lower.includes(name.toLowerCase());
      return { name, score: contains ? 0 : distance(wanted, name) };
    })
    .filter(({ score }) => score <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1))
    .slice(0, 3)
    .map(({ name }) => name);
}

function lookup<T extends { readonly id: string | number }>(
  kind: string,
  list: readonly T[],
  wanted: string,
  where: string,
  nameOf: (item: T) => string = (item) => (item as T & { readonly name: string }).name,
): T {
  const exact = list.filter((item) => nameOf(item) === wanted || String(item.id) === wanted);
  const found =
    exact.length > 0 ? exact : list.filter((item) => nameOf(item).toLowerCase() === wanted.toLowerCase());
  if (found.length === 1) return found[0] as T;
  if (found.length > 1) {
    throw new SiteLookupError(
      kind,
      wanted,
      [],
      `${where} that is one: ${found.length} have this name (ids ${found.map((item) => item.id).join(', ')}), so use the id`,
    );
  }
  throw new SiteLookupError(kind, wanted, nearMatches(wanted, list.map(nameOf)), where);
}

function part<T>(data: SiteFile, name: SitePart, list: readonly T[] | undefined): readonly T[] {
  if (list) return list;
  const gap = data.notDiscovered.find((entry: SiteGap) => entry.part === name);
  throw new ConfigurationError(
    name,
    `was not discovered on ${data.site}${gap ? `: ${gap.reason}` : ''}: run \`jira-auth init --force\` with what it needs`,
  );
}

/**
 * The site of a parsed `jira-site.json`, with lookups by name. Node-free: pass the file's JSON from wherever it is
 * (an import with `{ type: 'json' }`, a fetch, a bundler), or use `loadSite()` from `@jira-auth/cli` in Node.
 *
 * @example
 * import data from './jira-site.json' with { type: 'json' };
 * const site = siteFrom(data);
 * site.field('Story Points'); // 'customfield_10016' on one site, 'customfield_10028' on another
 * site.project('DEMO').issueType('Bug').id;
 */
export function siteFrom<Roles extends FieldRoles = FieldRoles>(data: unknown): Site<Roles> {
  const file = data as SiteFile;
  if (typeof data !== 'object' || data === null || typeof file.site !== 'string') {
    throw new ConfigurationError('jira-site.json', 'is not a site file: write it with `jira-auth init`');
  }
  if (file.formatVersion !== SITE_FORMAT_VERSION) {
    throw new ConfigurationError(
      'jira-site.json',
      `has format ${String(file.formatVersion)}, and this version of @jira-auth/core reads ${SITE_FORMAT_VERSION}: update @jira-auth/core, or write the file again with the jira-auth you have`,
    );
  }
  const where = `on ${file.site}`;
  return {
    data: file,
    url: file.site,
    deploymentType: file.deploymentType,
    fields: (file.roles ?? {}) as Roles,
    field: (name) => lookup('field', part(file, 'fields', file.fields), name, where).id,
    project(key) {
      // By key (or id), the project keeping its own name.
      const project = lookup('project', part(file, 'projects', file.projects), key, where, (p) => p.key);
      return {
        ...project,
        issueType: (name) => lookup('issue type', project.issueTypes, name, `in project ${project.key}`),
      };
    },
    issueType: (name) => lookup('issue type', part(file, 'issueTypes', file.issueTypes), name, where),
    priority: (name) => lookup('priority', part(file, 'priorities', file.priorities), name, where),
    status: (name) => lookup('status', part(file, 'statuses', file.statuses), name, where),
    resolution: (name) => lookup('resolution', part(file, 'resolutions', file.resolutions), name, where),
    board: (name) => lookup('board', part(file, 'boards', file.boards), name, where),
  };
}
