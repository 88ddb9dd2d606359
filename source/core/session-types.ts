/**
 * The one door to the core that both faces use. Commands and screens call these methods; they
 * never touch undici, conf or the keyring themselves, so tests can hand the app a fake Session.
 */
import type {NormalizedSpace} from './spaces.js';
import type {
	AuthMethod,
	ProfileCheck,
	ProfileRecord,
	SpaceCheck,
	SpaceRecord,
	SpaceSecret,
	StorageKind,
	StoredIn,
} from './types.js';

/** A space as the faces show it: metadata plus where its secret comes from, never the secret. */
export type SpaceView = SpaceRecord & {
	current: boolean;
	storedIn: StoredIn;
	/** The secret masked to its first 4 characters (`abcd...`). */
	maskedSecret?: string;
	/** OAuth only. */
	oauth?: {clientId: string; maskedClientSecret: string; maskedAccessToken: string; expiresAt: number};
	/** True for a space that exists only through environment variables. */
	fromEnvironment?: boolean;
};

export type ProfileView = ProfileRecord & {
	isDefault: boolean;
	tokenSource?: StoredIn;
	maskedToken?: string;
	bitbucketTokenSource?: StoredIn;
	maskedBitbucketToken?: string;
};

export type StorageInfo = {kind: StorageKind; storedIn: StoredIn; configDir: string; configPath: string};

export type OAuthLoginOptions = {
	space: NormalizedSpace;
	clientId: string;
	clientSecret: string;
	port: number;
	/** Called once the loopback server listens, with the URL the user must open. */
	onAuthorizeUrl: (url: string, redirectUri: string) => void;
	openBrowser: boolean;
	timeoutMs?: number;
	signal?: AbortSignal;
};

export type ProfileCandidate = {
	name: string;
	kind: 'atlassian' | 'bitbucket-basic' | 'bitbucket-bearer';
	baseUrl?: string;
	email?: string;
	token: string;
	workspace?: string;
	bitbucketApi?: string;
};

export type ImportCandidate = {
	/** Where it was found: "environment (BACKLOG_DOMAIN)", "bl CLI keyring", … */
	source: string;
	space: NormalizedSpace;
	secret: SpaceSecret;
};

export type Session = {
	storage(): StorageInfo;

	// spaces
	listSpaces(): Promise<SpaceView[]>;
	/** `--space` > BL_SPACE > BACKLOG_DOMAIN > current; undefined when nothing is chosen. */
	resolveSpace(reference?: string): Promise<SpaceView | undefined>;
	useSpace(reference: string): Promise<SpaceView>;
	/** Checks a credential that is not saved yet (the wizard, `auth login`). */
	verifyCandidate(space: NormalizedSpace, secret: SpaceSecret, signal?: AbortSignal): Promise<SpaceCheck>;
	/** Saves a verified space and its secret under the lock; the newest login becomes current. */
	saveSpace(space: NormalizedSpace, secret: SpaceSecret, check: SpaceCheck & {ok: true}): Promise<SpaceView>;
	verifySpace(origin: string, signal?: AbortSignal): Promise<SpaceCheck>;
	/** Verifies every space at once on one agent with bounded concurrency; each result as it lands. */
	verifyAll(onResult: (check: SpaceCheck) => void, signal?: AbortSignal): Promise<SpaceCheck[]>;
	/** The secret itself, for `auth token` and `env`. Environment wins. */
	secretFor(origin: string): Promise<{secret: SpaceSecret; storedIn: StoredIn}>;
	logoutSpace(origin: string): Promise<void>;
	/** Removes every space, profile and secret, and every file bl-tui wrote. */
	logoutAll(): Promise<void>;
	/** Replaces a space's API key after verifying it. */
	replaceSecret(origin: string, secret: SpaceSecret, signal?: AbortSignal): Promise<SpaceCheck>;
	/** Credentials found elsewhere (env, the `bl` CLI) that first-time setup offers to import. */
	findImportCandidates(): Promise<ImportCandidate[]>;
	/** True when there is no config and no credential in the environment: first-time setup. */
	isFirstRun(): Promise<boolean>;

	// OAuth
	loginOAuth(options: OAuthLoginOptions): Promise<SpaceView>;
	refreshOAuth(origin: string, options?: {force?: boolean}): Promise<{expiresAt: number}>;

	// Atlassian profiles
	listProfiles(): Promise<ProfileView[]>;
	useProfile(name: string): Promise<ProfileView>;
	verifyProfile(name: string, options?: {bitbucket?: boolean; signal?: AbortSignal}): Promise<ProfileCheck[]>;
	/** Checks an Atlassian (or Bitbucket) credential before it is saved (the Profiles wizard). */
	verifyProfileCandidate(candidate: ProfileCandidate, signal?: AbortSignal): Promise<ProfileCheck>;
	saveProfile(candidate: ProfileCandidate, options?: {makeDefault?: boolean}): Promise<ProfileView>;
	/** `credentials` keeps the profile, `profile` removes it, `bitbucket` drops only Bitbucket. */
	logoutProfile(name: string, what: 'credentials' | 'profile' | 'bitbucket'): Promise<{defaultCleared: boolean}>;
	/** Replaces the Atlassian token (or the Bitbucket one) after verifying it. */
	replaceProfileToken(name: string, token: string, options?: {bitbucket?: boolean}): Promise<ProfileCheck>;

	close(): Promise<void>;
};

export type {AuthMethod};
