/**
 * The shapes every part of bl-tui agrees on. Metadata (config.json) never holds a secret;
 * secrets travel as the Secret* types and are stored by a SecretBackend.
 */
import type {BlTuiError} from './errors.js';

export type AuthMethod = 'api-key' | 'oauth';

/** A Backlog space as stored in config.json. Keyed by origin. */
export type SpaceRecord = {
	/** `https://acme.backlog.com`, or an Enterprise origin with its path prefix. */
	origin: string;
	/** `acme` for cloud spaces; the key the space API returned for Enterprise. */
	spaceKey: string;
	host: string;
	/** Space name from `/api/v2/space`, when verified. */
	name?: string;
	authMethod: AuthMethod;
	/** Who the credential belonged to when it was saved. */
	user?: BacklogUser;
	/** OAuth: the client id (not secret) shown by status. */
	clientId?: string;
	/** OAuth: the refresh token was refused; nothing works until the user logs in again. */
	needsLogin?: boolean;
	addedAt: string;
};

export type BitbucketAuth = 'basic' | 'bearer';

/** An Atlassian account as stored in config.json. Keyed by name. */
export type ProfileRecord = {
	name: string;
	/** `https://acme.atlassian.net`: https, no trailing slash. */
	baseUrl: string;
	email: string;
	/** Which product `test` checks: Confluence when the user pasted a `/wiki` address, else Jira. */
	product?: 'jira' | 'confluence';
	/** Whether an Atlassian API token is stored for it. */
	hasToken: boolean;
	bitbucket?: {
		auth: BitbucketAuth;
		/** Basic auth needs the Atlassian account email. */
		email?: string;
		workspace?: string;
		/** `https://api.bitbucket.org` unless set (tests point it at loopback). */
		apiBase?: string;
	};
	addedAt: string;
};

export type ConfigData = {
	/** Schema version of config.json; a newer one is refused, never rewritten. */
	version: number;
	currentSpace?: string;
	spaces: Record<string, SpaceRecord>;
	defaultProfile?: string;
	profiles: Record<string, ProfileRecord>;
	/** The backend that holds this config's secrets, fixed at the first secret written. */
	storage?: StorageKind;
	/** Set once the user has been told their secrets are in the encrypted file. */
	fileBackendNoticeShown?: boolean;
};

export type ApiKeySecret = {type: 'api-key'; apiKey: string};

export type OAuthSecret = {
	type: 'oauth';
	accessToken: string;
	refreshToken: string;
	/** Epoch milliseconds. */
	expiresAt: number;
	clientId: string;
	clientSecret: string;
};

export type SpaceSecret = ApiKeySecret | OAuthSecret;

export type StorageKind = 'keyring' | 'file';

/** What status prints after `Stored in`. */
export type StoredIn = 'System keyring' | 'Encrypted file' | 'Environment variable';

export type BacklogUser = {
	id: number;
	userId: string;
	name: string;
	roleType: number;
	mailAddress?: string;
};

export type RateLimit = {
	limit: number;
	remaining: number;
	/** Epoch seconds. */
	reset: number;
};

export type Warning = {code: 'no-projects' | 'read-only' | 'file-backend' | 'expiring'; message: string};

/** The outcome of checking one space's credential against its server. */
export type SpaceCheck =
	| {
			ok: true;
			origin: string;
			user: BacklogUser;
			spaceKey: string;
			spaceName: string;
			projectCount: number;
			latencyMs: number;
			rateLimit?: RateLimit;
			warnings: Warning[];
	  }
	| {ok: false; origin: string; error: BlTuiError; latencyMs?: number};

export type AtlassianAccount = {accountId: string; displayName: string; emailAddress?: string};

export type ProfileCheck =
	| {
			ok: true;
			profile: string;
			product: 'jira' | 'confluence' | 'bitbucket';
			account: AtlassianAccount | {uuid?: string; displayName?: string; username?: string; workspaces?: string[]};
			latencyMs: number;
			rateLimit?: RateLimit;
	  }
	| {ok: false; profile: string; product: 'jira' | 'confluence' | 'bitbucket'; error: BlTuiError; latencyMs?: number};
