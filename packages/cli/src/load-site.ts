// loadSite(): the committed jira-site.json of a project, with lookups by name (Node; elsewhere, siteFrom() from
// @jira-auth/core/site takes the parsed JSON).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@jira-auth/core';
import { type FieldRoles, type Site, siteFrom } from '@jira-auth/core/site';

export interface LoadSiteOptions {
  /** Where `jira-site.json` is. @default process.cwd() */
  cwd?: string;
  /** Another file than `jira-site.json`. */
  file?: string;
}

/**
 * The site `jira-auth init` discovered for this project: field ids by name and by role, projects and their issue
 * types. Pass the generated `SiteFieldRoles` to have `site.fields` typed by the site's own ids.
 *
 * @example
 * const site = await loadSite<SiteFieldRoles>();
 * site.field('Story Points'); // the id on this site
 * site.project('DEMO').issueType('Bug').id;
 */
export async function loadSite<Roles extends FieldRoles = FieldRoles>(
  options: LoadSiteOptions = {},
): Promise<Site<Roles>> {
  const path = join(options.cwd ?? process.cwd(), options.file ?? 'jira-site.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigurationError(
      'jira-site.json',
      `could not be read at ${path}: run \`jira-auth init\` in the project, and commit the file`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigurationError('jira-site.json', `at ${path} is not JSON: run \`jira-auth init --force\``);
  }
  return siteFrom<Roles>(data);
}
