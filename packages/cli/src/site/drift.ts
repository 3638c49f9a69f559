// `init --check`: what changed on the site since the committed jira-site.json, as lines a person reads in a CI log
// and as data (`--json`).
import type { SiteFile, SitePart } from '@jira-auth/core/site';

export interface Change {
  /** The part of the file: `fields`, `projects`, `issueTypes`, ..., `roles`, `notDiscovered`. */
  readonly part: SitePart | 'site' | 'roles' | 'notDiscovered';
  readonly change: 'added' | 'removed' | 'renamed' | 'changed';
  /** The field or issue type id, project key, role, ... */
  readonly id: string;
  readonly name?: string | undefined;
  /** For `renamed` and `changed`: the committed value, and the site's. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** For a project's issue types: the project's key. */
  readonly project?: string | undefined;
}

type Entry = { readonly id: string | number; readonly name?: string | undefined };

/** Added, removed, renamed and otherwise changed entries of one list, matched by id. */
function compareList(
  part: Change['part'],
  committed: readonly Entry[] | undefined,
  current: readonly Entry[] | undefined,
  project?: string,
): Change[] {
  if (!committed || !current) return [];
  const where = project === undefined ? {} : { project };
  const before = new Map(committed.map((entry) => [String(entry.id), entry]));
  const after = new Map(current.map((entry) => [String(entry.id), entry]));
  const changes: Change[] = [];
  for (const [id, entry] of after) {
    const old = before.get(id);
    if (!old) changes.push({ part, change: 'added', id, name: entry.name, ...where });
    else if (old.name !== entry.name)
      changes.push({ part, change: 'renamed', id, from: old.name, to: entry.name, ...where });
    else if (JSON.stringify(old) !== JSON.stringify(entry) && part !== 'projects') {
      changes.push({ part, change: 'changed', id, name: entry.name, ...where });
    }
  }
  for (const [id, entry] of before)
    if (!after.has(id)) changes.push({ part, change: 'removed', id, name: entry.name, ...where });
  return changes;
}

/** Every difference between the committed file and the site as discovered now; none when it is up to date. */
export function driftOf(committed: SiteFile, current: SiteFile): Change[] {
  const changes: Change[] = [];
  if (committed.site !== current.site) {
    changes.push({ part: 'site', change: 'changed', id: 'url', from: committed.site, to: current.site });
  }
  const gaps = (file: SiteFile) => file.notDiscovered.map((gap) => ({ id: gap.part, name: gap.reason }));
  changes.push(...compareList('notDiscovered', gaps(committed), gaps(current)));
  const roles = (file: SiteFile) => Object.entries(file.roles ?? {}).map(([id, name]) => ({ id, name }));
  // A role whose field changed is one change of id, not a rename.
  changes.push(
    ...compareList('roles', roles(committed), roles(current)).map((change) =>
      change.change === 'renamed' ? { ...change, change: 'changed' as const } : change,
    ),
  );
  changes.push(...compareList('fields', committed.fields, current.fields));
  // Projects by key: what code and JQL name them by.
  const byKey = (file: SiteFile) => file.projects?.map((project) => ({ ...project, id: project.key }));
  changes.push(...compareList('projects', byKey(committed), byKey(current)));
  for (const project of current.projects ?? []) {
    const old = committed.projects?.find((candidate) => candidate.key === project.key);
    if (old) changes.push(...compareList('issueTypes', old.issueTypes, project.issueTypes, project.key));
  }
  changes.push(...compareList('issueTypes', committed.issueTypes, current.issueTypes));
  changes.push(...compareList('priorities', committed.priorities, current.priorities));
  changes.push(...compareList('statuses', committed.statuses, current.statuses));
  changes.push(...compareList('linkTypes', committed.linkTypes, current.linkTypes));
  changes.push(...compareList('resolutions', committed.resolutions, current.resolutions));
  changes.push(...compareList('boards', committed.boards, current.boards));
  return changes;
}

const LABELS: Record<Change['part'], string> = {
  site: 'site',
  fields: 'field',
  projects: 'project',
  issueTypes: 'issue type',
  priorities: 'priority',
  statuses: 'status',
  linkTypes: 'link type',
  resolutions: 'resolution',
  boards: 'board',
  createMeta: 'create-meta',
  roles: 'field role',
  notDiscovered: 'undiscovered part',
};

/** One line a person reads: `field renamed: customfield_10011 "Customer" → "Client"`. */
export function describe(change: Change): string {
  const label = `${LABELS[change.part]}${change.project ? ` in project ${change.project}` : ''}`;
  const name = change.name === undefined || change.name === change.id ? '' : ` "${change.name}"`;
  if (change.change === 'renamed') return `${label} renamed: ${change.id} "${change.from}" → "${change.to}"`;
  if (change.from !== undefined) return `${label} changed: ${change.id} ${change.from} → ${change.to}`;
  return `${label} ${change.change}: ${change.id}${name}`;
}
