// A site's own custom fields in the issue operations' types: `createJiraClient<SiteFields>()`, where `SiteFields` is
// what `jira-auth types` generated from the site (`customfield_10016?: number | null`, ...). Get issue, search,
// create and edit then read and take those fields by their types; every other field stays `unknown`.
import type { components } from './generated/platform.js';

/** A sprint, as the Sprint field (`com.pyxis.greenhopper.jira:gh-sprint`) gives it on an issue. */
export interface JiraSprint {
  id: number;
  name: string;
  state: 'future' | 'active' | 'closed';
  boardId?: number;
  goal?: string;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
}

/** A select, radio or checkbox option. */
export interface JiraOption {
  id: string;
  value: string;
  self?: string;
  disabled?: boolean;
}

/** A user: `accountId` on Cloud, `name` and `key` on Data Center. */
export interface JiraUser {
  accountId?: string;
  name?: string;
  key?: string;
  displayName?: string;
  emailAddress?: string;
  active?: boolean;
  self?: string;
}

/** A team (Atlassian teams on Cloud, Advanced Roadmaps teams on Data Center). */
export interface JiraTeam {
  id: string;
  name?: string;
  title?: string;
}

export interface JiraVersion {
  id: string;
  name: string;
  self?: string;
  released?: boolean;
  archived?: boolean;
}

export interface JiraComponent {
  id: string;
  name: string;
  self?: string;
}

export interface JiraGroup {
  name: string;
  groupId?: string;
  self?: string;
}

/** An issue's `fields`: the site's custom fields by their types, any other field as `unknown`. */
export type IssueFields<Fields extends object> = Fields & { [id: string]: unknown };

type Schemas = components['schemas'];
/** `T` without `K` and without an index signature (`Omit` would keep only the index signature). */
type Without<T, K extends PropertyKey> = {
  [P in keyof T as P extends K ? never : string extends P ? never : P]: T[P];
};

/** An issue as get issue and search give it, its `fields` typed. */
export type IssueWithFields<Fields extends object> = Without<Schemas['IssueBean'], 'fields'> & {
  fields?: IssueFields<Fields>;
};

/** What create and edit take, its `fields` typed. */
export type IssueUpdateWithFields<Fields extends object> = Without<
  Schemas['IssueUpdateDetails'],
  'fields'
> & {
  fields?: IssueFields<Fields>;
};

type Json<T> = { content: { 'application/json': T } };
type WithOk<Operation extends { responses: { 200: object } }, T> = Omit<Operation, 'responses'> & {
  responses: Omit<Operation['responses'], 200> & {
    200: Omit<Operation['responses'][200], 'content'> & Json<T>;
  };
};
type WithBody<Operation, T> = Omit<Operation, 'requestBody'> & { requestBody: Json<T> };

type IssuePath = '/rest/api/3/issue/{issueIdOrKey}';
type CreatePath = '/rest/api/3/issue';
type SearchPath = '/rest/api/3/search/jql';
type SearchResults<Fields extends object> = Omit<Schemas['SearchAndReconcileResults'], 'issues'> & {
  readonly issues?: IssueWithFields<Fields>[];
};

/** The issue routes of a `paths` type, with `Fields` in the issues they give and take. */
export type WithIssueFields<
  Paths extends {
    [P in IssuePath]: { get: { responses: { 200: object } }; put: object };
  } & { [P in CreatePath]: { post: object } } & {
    [P in SearchPath]: { get: { responses: { 200: object } }; post: { responses: { 200: object } } };
  },
  Fields extends object,
> = Omit<Paths, IssuePath | CreatePath | SearchPath> & {
  [P in IssuePath]: Omit<Paths[P], 'get' | 'put'> & {
    get: WithOk<Paths[P]['get'], IssueWithFields<Fields>>;
    put: WithBody<Paths[P]['put'], IssueUpdateWithFields<Fields>>;
  };
} & {
  [P in CreatePath]: Omit<Paths[P], 'post'> & {
    post: WithBody<Paths[P]['post'], IssueUpdateWithFields<Fields>>;
  };
} & {
  [P in SearchPath]: Omit<Paths[P], 'get' | 'post'> & {
    get: WithOk<Paths[P]['get'], SearchResults<Fields>>;
    post: WithOk<Paths[P]['post'], SearchResults<Fields>>;
  };
};
