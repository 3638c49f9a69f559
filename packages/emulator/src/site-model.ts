// What the emulated site holds for a program to discover: projects of each type and style, system and custom fields
// (more than a page of each), issue types, priorities, statuses, link types, resolutions, boards and what each issue
// type requires on create. Custom field ids start at a number of the instance's own, as they differ between real
// sites, so code that hard-codes `customfield_10016` fails against it.

/** Jira Software's custom field types, as Jira names them in `schema.custom`. */
export const CUSTOM_TYPES = {
  float: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
  storyPointEstimate: 'com.pyxis.greenhopper.jira:jsw-story-points',
  sprint: 'com.pyxis.greenhopper.jira:gh-sprint',
  epicLink: 'com.pyxis.greenhopper.jira:gh-epic-link',
  epicName: 'com.pyxis.greenhopper.jira:gh-epic-label',
  rank: 'com.pyxis.greenhopper.jira:gh-lexo-rank',
  cloudTeam: 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team',
  // UNCONFIRMED: the Advanced Roadmaps team field's type key on Data Center, as add-on docs and forums quote it.
  dataCenterTeam: 'com.atlassian.teams:rm-teams-custom-field-team',
  datePicker: 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker',
  checkboxes: 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes',
  select: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
  textField: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
  userPicker: 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker',
  labels: 'com.atlassian.jira.plugin.system.customfieldtypes:labels',
} as const;

export interface FieldSchema {
  type: string;
  items?: string;
  system?: string;
  custom?: string;
  customId?: number;
}

export interface EmulatedField {
  id: string;
  name: string;
  custom: boolean;
  schema: FieldSchema;
  /** Cloud only, or Data Center only; both when absent. */
  only?: 'Cloud' | 'Server';
}

export interface EmulatedIssueType {
  id: string;
  name: string;
  subtask: boolean;
  hierarchyLevel: number;
  /** Team-managed projects' own issue types belong to that project. */
  projectId?: string;
}

export interface EmulatedProject {
  id: string;
  key: string;
  name: string;
  /** `software`, `service_desk` or `business`. */
  type: string;
  /** `classic` (company-managed) or `next-gen` (team-managed, Cloud only), as Jira's `style` says. */
  style: 'classic' | 'next-gen';
  issueTypes: EmulatedIssueType[];
}

export interface EmulatedBoard {
  id: number;
  name: string;
  type: 'scrum' | 'kanban';
  projectKey: string;
}

export interface SiteModelOptions {
  /** The number of the first custom field (`customfield_<n>`). @default a random number from 10000 to 18999 */
  customFieldIdStart?: number;
}

const SYSTEM_FIELDS: readonly [id: string, name: string, schema: FieldSchema][] = [
  ['summary', 'Summary', { type: 'string', system: 'summary' }],
  ['description', 'Description', { type: 'string', system: 'description' }],
  ['issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }],
  ['project', 'Project', { type: 'project', system: 'project' }],
  ['priority', 'Priority', { type: 'priority', system: 'priority' }],
  ['status', 'Status', { type: 'status', system: 'status' }],
  ['resolution', 'Resolution', { type: 'resolution', system: 'resolution' }],
  ['assignee', 'Assignee', { type: 'user', system: 'assignee' }],
  ['reporter', 'Reporter', { type: 'user', system: 'reporter' }],
  ['labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }],
  ['components', 'Components', { type: 'array', items: 'component', system: 'components' }],
  ['fixVersions', 'Fix versions', { type: 'array', items: 'version', system: 'fixVersions' }],
  ['versions', 'Affects versions', { type: 'array', items: 'version', system: 'versions' }],
  ['duedate', 'Due date', { type: 'date', system: 'duedate' }],
  ['created', 'Created', { type: 'datetime', system: 'created' }],
  ['updated', 'Updated', { type: 'datetime', system: 'updated' }],
  ['environment', 'Environment', { type: 'string', system: 'environment' }],
  ['issuelinks', 'Linked Issues', { type: 'array', items: 'issuelinks', system: 'issuelinks' }],
  ['attachment', 'Attachment', { type: 'array', items: 'attachment', system: 'attachment' }],
  ['comment', 'Comment', { type: 'comments-page', system: 'comment' }],
  ['timetracking', 'Time tracking', { type: 'timetracking', system: 'timetracking' }],
  ['subtasks', 'Sub-tasks', { type: 'array', items: 'issuelinks', system: 'subtasks' }],
];

/** The custom fields Jira Software and a typical team add, then filler fields: more than one page in all. */
const CUSTOM_FIELDS: readonly (readonly [
  name: string,
  type: string,
  custom: string,
  items?: string | undefined,
  only?: 'Cloud' | 'Server',
])[] = [
  ['Story Points', 'number', CUSTOM_TYPES.float],
  ['Story point estimate', 'number', CUSTOM_TYPES.storyPointEstimate, undefined, 'Cloud'],
  ['Sprint', 'array', CUSTOM_TYPES.sprint, 'json'],
  ['Epic Link', 'any', CUSTOM_TYPES.epicLink],
  ['Epic Name', 'string', CUSTOM_TYPES.epicName],
  ['Rank', 'any', CUSTOM_TYPES.rank],
  ['Team', 'team', CUSTOM_TYPES.cloudTeam, undefined, 'Cloud'],
  ['Team', 'any', CUSTOM_TYPES.dataCenterTeam, undefined, 'Server'],
  ['Start date', 'date', CUSTOM_TYPES.datePicker],
  ['Flagged', 'array', CUSTOM_TYPES.checkboxes, 'option'],
  ['Severity', 'option', CUSTOM_TYPES.select],
  ['Customer', 'string', CUSTOM_TYPES.textField],
  ['Approvers', 'array', CUSTOM_TYPES.userPicker, 'user'],
  ['Components (legacy)', 'array', CUSTOM_TYPES.labels, 'string'],
  ...Array.from(
    { length: 40 },
    (_, index) =>
      [`Custom field ${String(index + 1).padStart(2, '0')}`, 'string', CUSTOM_TYPES.textField] as const,
  ),
];

const GLOBAL_ISSUE_TYPES: readonly EmulatedIssueType[] = [
  { id: '10000', name: 'Epic', subtask: false, hierarchyLevel: 1 },
  { id: '10001', name: 'Story', subtask: false, hierarchyLevel: 0 },
  { id: '10002', name: 'Task', subtask: false, hierarchyLevel: 0 },
  { id: '10003', name: 'Bug', subtask: false, hierarchyLevel: 0 },
  { id: '10004', name: 'Sub-task', subtask: true, hierarchyLevel: -1 },
];

export const STATUS_CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

export const STATUSES: readonly { id: string; name: string; category: keyof typeof STATUS_CATEGORIES }[] = [
  { id: '1', name: 'To Do', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '10001', name: 'Done', category: 'done' },
  { id: '10002', name: 'In Review', category: 'indeterminate' },
  { id: '10003', name: 'Backlog', category: 'new' },
  { id: '10004', name: 'Cancelled', category: 'done' },
];

export const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'].map((name, index) => ({
  id: String(index + 1),
  name,
}));

export const RESOLUTIONS = ['Done', "Won't Do", 'Duplicate', 'Cannot Reproduce'].map((name, index) => ({
  id: String(10_000 + index),
  name,
}));

export const LINK_TYPES = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
];

/** The named projects; fillers follow, so the project list runs past one page of 50. */
const NAMED_PROJECTS: readonly [key: string, name: string, type: string, style: 'classic' | 'next-gen'][] = [
  ['DEMO', 'Demo', 'software', 'classic'],
  ['OPS', 'Operations', 'service_desk', 'classic'],
  ['MKT', 'Marketing', 'business', 'classic'],
  ['APP', 'Mobile app', 'software', 'next-gen'],
  ['WEB', 'Website', 'software', 'next-gen'],
  ['HR', 'People', 'business', 'next-gen'],
];
const FILLER_PROJECTS = 50;

/** A Jira site's configuration, as the emulator serves it on Cloud and (without team-managed projects) Data Center. */
export class SiteModel {
  readonly customFieldIdStart: number;
  fields: EmulatedField[] = [];
  projects: EmulatedProject[] = [];
  boards: EmulatedBoard[] = [];

  constructor(options: SiteModelOptions = {}) {
    this.customFieldIdStart = options.customFieldIdStart ?? 10_000 + Math.floor(Math.random() * 9000);
    this.reset();
  }

  /** Back to the site as it starts: renamed fields and added projects are forgotten. */
  reset(): void {
    this.fields = [
      ...SYSTEM_FIELDS.map(([id, name, schema]) => ({ id, name, custom: false, schema })),
      ...CUSTOM_FIELDS.map(([name, type, custom, items, only], index) => {
        const customId = this.customFieldIdStart + index;
        return {
          id: `customfield_${customId}`,
          name,
          custom: true,
          schema: { type, ...(items ? { items } : {}), custom, customId },
          ...(only ? { only } : {}),
        };
      }),
    ];
    // The parent field is Cloud's; Data Center links epics through Epic Link.
    this.fields.push({
      id: 'parent',
      name: 'Parent',
      custom: false,
      schema: { type: 'issuelink', system: 'parent' },
      only: 'Cloud',
    });
    this.projects = [];
    this.boards = [];
    for (const [key, name, type, style] of NAMED_PROJECTS) this.addProject({ key, name, type, style });
    for (let index = 1; index <= FILLER_PROJECTS; index++) {
      this.addProject({ key: `LEGACY${index}`, name: `Legacy ${index}`, type: 'software', style: 'classic' });
    }
  }

  /** Adds a project, with a board when it is a software project, as an admin does. */
  addProject(project: {
    key: string;
    name: string;
    type?: string;
    style?: 'classic' | 'next-gen';
  }): EmulatedProject {
    const id = String(10_000 + this.projects.length);
    const style = project.style ?? 'classic';
    const type = project.type ?? 'software';
    const issueTypes =
      style === 'next-gen'
        ? ['Epic', 'Task', 'Subtask'].map((name, index) => ({
            id: String(11_000 + this.projects.length * 10 + index),
            name,
            subtask: name === 'Subtask',
            hierarchyLevel: name === 'Epic' ? 1 : name === 'Subtask' ? -1 : 0,
            projectId: id,
          }))
        : GLOBAL_ISSUE_TYPES.filter((issueType) => type === 'software' || issueType.name !== 'Epic');
    const added: EmulatedProject = { id, key: project.key, name: project.name, type, style, issueTypes };
    this.projects.push(added);
    if (type === 'software') {
      this.boards.push({
        id: this.boards.length + 1,
        name: `${project.key} board`,
        type: style === 'next-gen' || project.key.startsWith('LEGACY') ? 'kanban' : 'scrum',
        projectKey: project.key,
      });
    }
    return added;
  }

  /** Renames a field, as an admin does; the id stays. */
  renameField(id: string, name: string): void {
    const field = this.fields.find((candidate) => candidate.id === id);
    if (!field) throw new Error(`[@jira-auth/emulator] no field ${id}`);
    field.name = name;
  }

  /** The id of the field of this name (on Cloud, or on Data Center): for tests, which must not hard-code ids. */
  fieldId(name: string, deployment: 'Cloud' | 'Server' = 'Cloud'): string {
    const field = this.fieldsOf(deployment).find((candidate) => candidate.name === name);
    if (!field) throw new Error(`[@jira-auth/emulator] no field named ${name}`);
    return field.id;
  }

  fieldsOf(deployment: 'Cloud' | 'Server'): EmulatedField[] {
    return this.fields.filter((field) => field.only === undefined || field.only === deployment);
  }

  projectsOf(deployment: 'Cloud' | 'Server'): EmulatedProject[] {
    return deployment === 'Cloud' ? this.projects : this.projects.filter((p) => p.style === 'classic');
  }

  issueTypesOf(deployment: 'Cloud' | 'Server'): EmulatedIssueType[] {
    return [
      ...GLOBAL_ISSUE_TYPES,
      ...this.projectsOf(deployment).flatMap((project) =>
        project.issueTypes.filter((issueType) => issueType.projectId !== undefined),
      ),
    ];
  }

  /** The fields an issue type takes on create in a project, required ones first as Jira lists them. */
  createFields(
    project: EmulatedProject,
    issueType: EmulatedIssueType,
    deployment: 'Cloud' | 'Server',
  ): { field: EmulatedField; required: boolean }[] {
    const byName = (name: string) => this.fieldsOf(deployment).find((field) => field.name === name);
    const names = [
      'Summary',
      'Issue Type',
      'Project',
      'Reporter',
      'Description',
      'Priority',
      'Labels',
      'Assignee',
      'Due date',
      'Components',
      'Fix versions',
      'Flagged',
      'Start date',
    ];
    if (issueType.name === 'Epic' && deployment === 'Server') names.push('Epic Name');
    if (issueType.name === 'Story' || issueType.name === 'Task') names.push('Story Points', 'Sprint');
    if (issueType.hierarchyLevel === 0 && project.type === 'software')
      names.push(deployment === 'Cloud' ? 'Parent' : 'Epic Link');
    if (issueType.subtask) names.push('Parent');
    if (issueType.name === 'Bug') names.push('Severity', 'Environment', 'Affects versions');
    const required = new Set(['Summary', 'Issue Type', 'Project', 'Reporter', 'Epic Name']);
    if (issueType.name === 'Bug') required.add('Severity');
    if (issueType.subtask) required.add('Parent');
    return names.flatMap((name) => {
      const field = byName(name);
      return field ? [{ field, required: required.has(name) }] : [];
    });
  }
}
