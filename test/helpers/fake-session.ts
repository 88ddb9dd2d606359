/**
 * An in-memory Session for screen tests. Every verification waits until the test answers it
 * (`await session.next('verify', origin)` then `.resolve(okCheck(origin))`), so a test decides
 * exactly when a spinner turns into a result; `answers` make chosen methods reply at once.
 */
import {BlTuiError, type ErrorCode} from '../../source/core/errors.js';
import {mask} from '../../source/core/redact.js';
import type {
	ImportCandidate,
	OAuthLoginOptions,
	ProfileCandidate,
	ProfileView,
	Session,
	SpaceView,
	StorageInfo,
} from '../../source/core/session-types.js';
import {findSpace, type NormalizedSpace} from '../../source/core/spaces.js';
import type {BacklogUser, ProfileCheck, SpaceCheck, SpaceSecret} from '../../source/core/types.js';

type Answers = {
	verify: SpaceCheck;
	verifyCandidate: SpaceCheck;
	replaceSecret: SpaceCheck;
	loginOAuth: BacklogUser;
	verifyProfile: ProfileCheck[];
	verifyProfileCandidate: ProfileCheck;
	replaceProfileToken: ProfileCheck;
};

export type Method = keyof Answers;

export type PendingCall<M extends Method = Method> = {
	method: M;
	/** The origin or profile name the call is about. */
	subject: string;
	args: unknown[];
	signal?: AbortSignal;
	settled: boolean;
	aborted: boolean;
	resolve(value: Answers[M]): void;
	reject(error: unknown): void;
};

export type FakeSessionOptions = {
	spaces?: Array<Partial<SpaceView> & {origin: string}>;
	profiles?: Array<Partial<ProfileView> & {name: string}>;
	storage?: Partial<StorageInfo>;
	firstRun?: boolean;
	importCandidates?: ImportCandidate[];
	/** Methods answered at once, without the test stepping in. */
	answers?: {[M in Method]?: (subject: string) => Answers[M]};
};

const defaultUser: BacklogUser = {id: 1, userId: 'alice', name: 'Alice Example', roleType: 2, mailAddress: 'alice@example.com'};

export function makeSpace(origin: string, overrides: Partial<SpaceView> = {}): SpaceView {
	const url = new URL(origin);
	return {
		origin,
		host: url.host,
		spaceKey: url.hostname.split('.')[0]!,
		name: `${url.hostname.split('.')[0]} space`,
		authMethod: 'api-key',
		user: defaultUser,
		addedAt: '2025-01-01T00:00:00.000Z',
		current: false,
		storedIn: 'System keyring',
		maskedSecret: 'abcd...',
		...overrides,
	};
}

export function makeProfile(name: string, overrides: Partial<ProfileView> = {}): ProfileView {
	return {
		name,
		baseUrl: `https://${name}.atlassian.net`,
		email: `${name}@example.com`,
		hasToken: true,
		addedAt: '2025-01-01T00:00:00.000Z',
		isDefault: false,
		tokenSource: 'System keyring',
		maskedToken: 'ATAT...',
		...overrides,
	};
}

export function okCheck(origin: string, overrides: Partial<SpaceCheck & {ok: true}> = {}): SpaceCheck & {ok: true} {
	return {
		ok: true,
		origin,
		user: defaultUser,
		spaceKey: new URL(origin).hostname.split('.')[0]!,
		spaceName: `${new URL(origin).hostname.split('.')[0]} space`,
		projectCount: 3,
		latencyMs: 142,
		rateLimit: {limit: 600, remaining: 598, reset: Math.floor(Date.now() / 1000) + 3600},
		warnings: [],
		...overrides,
	};
}

export function failedCheck(origin: string, code: ErrorCode = 'unauthorized', message = 'The API key was refused.', hint = 'Issue a new key.'): SpaceCheck {
	return {ok: false, origin, error: new BlTuiError(code, message, {hint})};
}

export function okProfileCheck(profile: string, product: 'jira' | 'confluence' | 'bitbucket' = 'jira'): ProfileCheck {
	return {ok: true, profile, product, account: {accountId: 'acc-1', displayName: 'Alice Atlassian', emailAddress: 'alice@example.com'}, latencyMs: 88};
}

export function failedProfileCheck(profile: string, code: ErrorCode = 'unauthorized', message = 'The token was refused.'): ProfileCheck {
	return {ok: false, profile, product: 'jira', error: new BlTuiError(code, message, {hint: 'Create a new API token.'})};
}

export class FakeSession implements Session {
	spaces: SpaceView[];
	profiles: ProfileView[];
	readonly pending: PendingCall[] = [];
	readonly calls: Array<{method: string; args: unknown[]}> = [];
	private readonly options: FakeSessionOptions;
	private readonly waiters = new Set<() => void>();

	constructor(options: FakeSessionOptions = {}) {
		this.options = options;
		this.spaces = (options.spaces ?? []).map(space => makeSpace(space.origin, space));
		this.profiles = (options.profiles ?? []).map(profile => makeProfile(profile.name, profile));
	}

	/** The oldest unanswered call of `method` (about `subject`), waiting for it if need be. */
	async next<M extends Method>(method: M, subject?: string, timeoutMs = 5000): Promise<PendingCall<M>> {
		const find = () => this.pending.find(call => call.method === method && !call.settled && (subject === undefined || call.subject === subject)) as PendingCall<M> | undefined;
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = find();
			if (found) return found;
			if (Date.now() > deadline) throw new Error(`no pending ${method}${subject ? ` for ${subject}` : ''} within ${timeoutMs}ms`);
			await new Promise<void>(resolve => {
				const wake = () => {
					this.waiters.delete(wake);
					resolve();
				};

				this.waiters.add(wake);
				setTimeout(wake, 20);
			});
		}
	}

	/** Every call of `method` so far, answered or not. */
	callsOf(method: Method): PendingCall[] {
		return this.pending.filter(call => call.method === method);
	}

	storage(): StorageInfo {
		return {kind: 'keyring', storedIn: 'System keyring', configDir: '/tmp/bl-tui-test', configPath: '/tmp/bl-tui-test/config.json', ...this.options.storage};
	}

	async listSpaces(): Promise<SpaceView[]> {
		this.record('listSpaces', []);
		return this.spaces.map(space => ({...space}));
	}

	async resolveSpace(reference?: string): Promise<SpaceView | undefined> {
		return reference ? this.find(reference) : this.spaces.find(space => space.current);
	}

	async useSpace(reference: string): Promise<SpaceView> {
		this.record('useSpace', [reference]);
		const space = this.find(reference);
		if (!space) throw new BlTuiError('not-configured', `No space "${reference}".`);
		for (const row of this.spaces) row.current = row.origin === space.origin;
		return {...space};
	}

	async verifyCandidate(space: NormalizedSpace, secret: SpaceSecret, signal?: AbortSignal): Promise<SpaceCheck> {
		return this.wait('verifyCandidate', space.origin, [space, secret], signal);
	}

	async saveSpace(space: NormalizedSpace, secret: SpaceSecret, check: SpaceCheck & {ok: true}): Promise<SpaceView> {
		this.record('saveSpace', [space, secret.type, check]);
		this.spaces = this.spaces.filter(row => row.origin !== space.origin);
		for (const row of this.spaces) row.current = false;
		const view = makeSpace(space.origin, {
			host: space.host,
			spaceKey: check.spaceKey,
			name: check.spaceName,
			user: check.user,
			current: true,
			storedIn: this.storage().storedIn,
			authMethod: secret.type,
			maskedSecret: secret.type === 'api-key' ? mask(secret.apiKey) : undefined,
		});
		this.spaces.push(view);
		return {...view};
	}

	async verifySpace(origin: string, signal?: AbortSignal): Promise<SpaceCheck> {
		return this.wait('verify', origin, [origin], signal);
	}

	async verifyAll(onResult: (check: SpaceCheck) => void, signal?: AbortSignal): Promise<SpaceCheck[]> {
		this.record('verifyAll', []);
		return Promise.all(
			this.spaces.map(async space => {
				let check: SpaceCheck;
				try {
					check = await this.wait('verify', space.origin, [space.origin], signal);
				} catch (error) {
					check = {ok: false, origin: space.origin, error: error instanceof BlTuiError ? error : new BlTuiError('network', String(error))};
				}

				onResult(check);
				return check;
			}),
		);
	}

	async secretFor(origin: string): Promise<{secret: SpaceSecret; storedIn: SpaceView['storedIn']}> {
		return {secret: {type: 'api-key', apiKey: `fake-key-for-${origin}`}, storedIn: 'System keyring'};
	}

	async logoutSpace(origin: string): Promise<void> {
		this.record('logoutSpace', [origin]);
		this.spaces = this.spaces.filter(space => space.origin !== origin);
	}

	async logoutAll(): Promise<void> {
		this.spaces = [];
		this.profiles = [];
	}

	async replaceSecret(origin: string, secret: SpaceSecret, signal?: AbortSignal): Promise<SpaceCheck> {
		const check = await this.wait('replaceSecret', origin, [origin, secret], signal);
		const space = this.spaces.find(row => row.origin === origin);
		if (check.ok && space && secret.type === 'api-key') space.maskedSecret = mask(secret.apiKey);
		return check;
	}

	async findImportCandidates(): Promise<ImportCandidate[]> {
		return this.options.importCandidates ?? [];
	}

	async isFirstRun(): Promise<boolean> {
		return this.options.firstRun ?? (this.spaces.length === 0 && this.profiles.length === 0);
	}

	async loginOAuth(options: OAuthLoginOptions): Promise<SpaceView> {
		options.onAuthorizeUrl(`${options.space.origin}/OAuth2AccessRequest.action?response_type=code&client_id=${options.clientId}&state=fake`, `http://127.0.0.1:${options.port}/callback`);
		const user = await this.wait('loginOAuth', options.space.origin, [{...options, clientSecret: '***'}], options.signal);
		const view = makeSpace(options.space.origin, {
			host: options.space.host,
			spaceKey: options.space.spaceKey,
			authMethod: 'oauth',
			user,
			current: true,
			oauth: {clientId: options.clientId, maskedClientSecret: '...', maskedAccessToken: 'acce...', expiresAt: Date.now() + 3_600_000},
		});
		for (const row of this.spaces) row.current = false;
		this.spaces = [...this.spaces.filter(row => row.origin !== view.origin), view];
		return {...view};
	}

	async refreshOAuth(): Promise<{expiresAt: number}> {
		return {expiresAt: Date.now() + 3_600_000};
	}

	async listProfiles(): Promise<ProfileView[]> {
		this.record('listProfiles', []);
		return this.profiles.map(profile => ({...profile}));
	}

	async useProfile(name: string): Promise<ProfileView> {
		this.record('useProfile', [name]);
		const profile = this.profiles.find(row => row.name === name);
		if (!profile) throw new BlTuiError('not-configured', `No profile "${name}".`);
		for (const row of this.profiles) row.isDefault = row.name === name;
		return {...profile};
	}

	async verifyProfile(name: string, options: {bitbucket?: boolean; signal?: AbortSignal} = {}): Promise<ProfileCheck[]> {
		return this.wait('verifyProfile', name, [name, {bitbucket: options.bitbucket}], options.signal);
	}

	async verifyProfileCandidate(candidate: ProfileCandidate, signal?: AbortSignal): Promise<ProfileCheck> {
		return this.wait('verifyProfileCandidate', candidate.name, [{...candidate, token: '***'}], signal);
	}

	async saveProfile(candidate: ProfileCandidate, options: {makeDefault?: boolean} = {}): Promise<ProfileView> {
		this.record('saveProfile', [{...candidate, token: '***'}, options]);
		const existing = this.profiles.find(row => row.name === candidate.name);
		const makeDefault = options.makeDefault === true || this.profiles.length === 0;
		if (makeDefault) for (const row of this.profiles) row.isDefault = false;
		const bitbucket = candidate.kind === 'atlassian' ? existing?.bitbucket : {auth: candidate.kind === 'bitbucket-bearer' ? ('bearer' as const) : ('basic' as const), email: candidate.email, workspace: candidate.workspace, apiBase: candidate.bitbucketApi};
		const view = makeProfile(candidate.name, {
			...existing,
			baseUrl: candidate.baseUrl ?? existing?.baseUrl ?? '',
			email: candidate.email ?? existing?.email ?? '',
			hasToken: candidate.kind === 'atlassian' || existing?.hasToken === true,
			maskedToken: candidate.kind === 'atlassian' ? mask(candidate.token) : existing?.maskedToken,
			bitbucket,
			maskedBitbucketToken: candidate.kind === 'atlassian' ? existing?.maskedBitbucketToken : mask(candidate.token),
			bitbucketTokenSource: bitbucket ? 'System keyring' : undefined,
			isDefault: makeDefault || existing?.isDefault === true,
		});
		this.profiles = [...this.profiles.filter(row => row.name !== candidate.name), view];
		return {...view};
	}

	async logoutProfile(name: string, what: 'credentials' | 'profile' | 'bitbucket'): Promise<{defaultCleared: boolean}> {
		this.record('logoutProfile', [name, what]);
		const profile = this.profiles.find(row => row.name === name);
		if (!profile) throw new BlTuiError('not-configured', `No profile "${name}".`);
		if (what === 'profile') {
			this.profiles = this.profiles.filter(row => row.name !== name);
			return {defaultCleared: profile.isDefault};
		}

		if (what === 'bitbucket') {
			profile.bitbucket = undefined;
			profile.maskedBitbucketToken = undefined;
		} else {
			profile.hasToken = false;
			profile.maskedToken = undefined;
		}

		return {defaultCleared: false};
	}

	async replaceProfileToken(name: string, token: string, options: {bitbucket?: boolean} = {}): Promise<ProfileCheck> {
		const check = await this.wait('replaceProfileToken', name, [name, '***', options]);
		const profile = this.profiles.find(row => row.name === name);
		if (check.ok && profile) {
			if (options.bitbucket) profile.maskedBitbucketToken = mask(token);
			else profile.maskedToken = mask(token);
		}

		return check;
	}

	async close(): Promise<void> {}

	private find(reference: string): SpaceView | undefined {
		const record = findSpace(reference, this.spaces);
		return record ? this.spaces.find(space => space.origin === record.origin) : undefined;
	}

	private record(method: string, args: unknown[]) {
		this.calls.push({method, args});
	}

	private async wait<M extends Method>(method: M, subject: string, args: unknown[], signal?: AbortSignal): Promise<Answers[M]> {
		this.record(method, args);
		const answer = this.options.answers?.[method] as ((subject: string) => Answers[M]) | undefined;
		if (answer) return answer(subject);
		return new Promise<Answers[M]>((resolve, reject) => {
			const call: PendingCall<M> = {
				method,
				subject,
				args,
				signal,
				settled: false,
				aborted: false,
				resolve(value) {
					if (call.settled) return;
					call.settled = true;
					resolve(value);
				},
				reject(error) {
					if (call.settled) return;
					call.settled = true;
					reject(error);
				},
			};

			signal?.addEventListener('abort', () => {
				if (call.settled) return;
				call.aborted = true;
				call.reject(new BlTuiError('cancelled', 'Cancelled.'));
			});
			this.pending.push(call as unknown as PendingCall);
			for (const wake of [...this.waiters]) wake();
		});
	}
}

export function createFakeSession(options: FakeSessionOptions = {}): FakeSession {
	return new FakeSession(options);
}
