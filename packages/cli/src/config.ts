// Where the command keeps what `login` stored: one JSON file of profiles (mode 0600, written atomically) in the
// user's config folder, each profile's secret in the OS keychain when there is one (secrets.ts). OAuth token sets,
// when there are some, go to the file store beside it.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NetworkFiles } from './network.js';
import { fromCommand, fromKeyring, type Storage } from './secrets.js';

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

/** Each login method's secret: the one field kept in the keychain, or not at all with a token command. */
export const SECRET_FIELD = {
  'api-token': 'apiToken',
  pat: 'token',
  oauth: 'clientSecret',
  'dc-oauth': 'clientSecret',
} as const satisfies Record<Profile['method'], string>;

/** Where a stored profile's secret is when it is not in the file itself. */
export interface SecretSource {
  /** In the OS keychain: service `jira-auth`, account the profile's name. */
  keyring?: true;
  /** Printed by this command (run through the shell) each time it is needed; nothing stored. */
  secretCommand?: string;
  /** The TLS files `login` was given (`--ca-file`, `--cert`, `--key`): their paths, never their contents. */
  network?: NetworkFiles;
}

/** A profile as the file holds it: its secret there, or (keyring, command) not. */
export type StoredProfile = Profile extends infer P
  ? P extends Profile
    ? Omit<P, (typeof SECRET_FIELD)[P['method']]> &
        Partial<Pick<P, (typeof SECRET_FIELD)[P['method']] & keyof P>> &
        SecretSource
    : never
  : never;

export const storageOf = (profile: StoredProfile): Storage =>
  profile.keyring ? 'keyring' : profile.secretCommand ? 'command' : 'file';

/** A stored profile with its secret: from the file, the keychain or the user's command. */
export async function withSecret(name: string, stored: StoredProfile): Promise<Profile> {
  const { keyring, secretCommand, network: _network, ...profile } = stored;
  const field = SECRET_FIELD[profile.method];
  if (keyring) return { ...profile, [field]: await fromKeyring(name) } as Profile;
  if (secretCommand)
    return { ...profile, [field]: await fromCommand(secretCommand, `profile ${name}'s secret`) } as Profile;
  if (typeof (profile as Record<string, unknown>)[field] !== 'string')
    throw new ConfigError(`profile ${name} in ${profilesFile()} has no secret: log in again`);
  return profile as Profile;
}

export interface Endpoints {
  api: string;
  auth: string;
}

export interface Profiles {
  default?: string;
  profiles: Record<string, StoredProfile>;
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

export const profilesFile = () => join(configDir(), 'profiles.json');
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

/** The profile a command uses, with its secret: `--profile`, else `JIRA_AUTH_PROFILE`, else the default one. */
export async function selectProfile(
  name: string | undefined,
): Promise<{ name: string; profile: Profile; storage: Storage; network: NetworkFiles }> {
  const { name: chosen, profile } = await selectStored(name);
  return {
    name: chosen,
    profile: await withSecret(chosen, profile),
    storage: storageOf(profile),
    network: profile.network ?? {},
  };
}

/** The profile a command uses, as the file holds it (its secret maybe elsewhere). */
export async function selectStored(
  name: string | undefined,
): Promise<{ name: string; profile: StoredProfile }> {
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
