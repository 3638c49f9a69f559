// Where the command keeps what `login` stored: one JSON file of profiles (mode 0600, written atomically) in the
// user's config folder. OAuth token sets, when there are some, go to the file store beside it.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Profile =
  | {
      method: 'api-token';
      site: string;
      email: string;
      apiToken: string;
      scoped: boolean;
      /** The day the token expires (`YYYY-MM-DD`), as Atlassian showed it when it was made: not a secret. */
      expiresOn?: string;
      endpoints?: Endpoints;
    }
  | { method: 'pat'; baseUrl: string; token: string }
  | {
      method: 'dc-oauth';
      baseUrl: string;
      clientId: string;
      clientSecret: string;
      redirectUri: string;
      account: string;
    }
  | {
      method: 'oauth';
      site: string;
      clientId: string;
      clientSecret: string;
      account: string;
      cloudId: string;
      endpoints?: Endpoints;
    };

export interface Endpoints {
  api: string;
  auth: string;
}

export interface Profiles {
  default?: string;
  profiles: Record<string, Profile>;
}

/** `JIRA_AUTH_CONFIG_DIR`, or the platform's folder: XDG on Linux, Application Support on macOS, APPDATA on Windows. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JIRA_AUTH_CONFIG_DIR) return env.JIRA_AUTH_CONFIG_DIR;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'jira-auth');
  if (process.platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'jira-auth');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'jira-auth');
}

export class ConfigError extends Error {}

const profilesFile = () => join(configDir(), 'profiles.json');
/** OAuth token sets: the file store (0600, atomic, a refresh lock shared by every `jira-auth` process). */
export const tokensFile = () => join(configDir(), 'tokens.json');

export async function readProfiles(): Promise<Profiles> {
  let text: string;
  try {
    text = await readFile(profilesFile(), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Profiles;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.profiles !== 'object')
      throw new Error();
    return parsed;
  } catch {
    throw new ConfigError(
      `${profilesFile()} is corrupt (not a jira-auth profiles file): it is left as it is; repair it, or delete it and log in again`,
    );
  }
}

export async function writeProfiles(profiles: Profiles): Promise<void> {
  const dir = configDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // A folder made earlier (by hand, or by another tool) keeps its own mode: made private here too.
  await chmod(dir, 0o700);
  const temp = join(dir, `.profiles.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(profiles, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temp, 0o600);
    await rename(temp, profilesFile());
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The profile a command uses: `--profile`, else `JIRA_AUTH_PROFILE`, else the default one. */
export async function selectProfile(name: string | undefined): Promise<{ name: string; profile: Profile }> {
  const { default: fallback, profiles } = await readProfiles();
  const named = name ?? (process.env.JIRA_AUTH_PROFILE || undefined);
  const chosen = named ?? fallback;
  const profile = chosen === undefined ? undefined : profiles[chosen];
  const stored = Object.keys(profiles);
  if (!chosen || !profile) {
    throw new ConfigError(
      chosen
        ? `no profile named ${chosen}${named === name ? '' : ' (JIRA_AUTH_PROFILE)'}: log in with \`jira-auth login --profile ${chosen}\`, or pick one of: ${stored.join(', ') || 'none'}`
        : stored.length > 0
          ? `no default profile: pick one with \`jira-auth use <profile>\` (or --profile, or JIRA_AUTH_PROFILE) of: ${stored.join(', ')}`
          : 'not logged in: run `jira-auth login --api-token` (Jira Cloud) or `jira-auth login --data-center` (a personal access token)',
    );
  }
  return { name: chosen, profile };
}
