/**
 * The real Session: the store, one HTTP agent and the clients, with the precedence rules of
 * DESIGN §3. Both faces use it; neither reaches past it.
 */
import {BacklogClient, credentialOf} from './clients/backlog.js';
import {Http} from './clients/http.js';
import {BlTuiError} from './errors.js';
import {ensureFresh, withTokenRetry, type SecretSlot} from './oauth/refresh.js';
import {runOAuthLogin} from './oauth/flow.js';
import {mask} from './redact.js';
import {chooseSpace, envApiKey, noSpaceError, recordFor} from './resolve.js';
import type {ImportCandidate, OAuthLoginOptions, Session, SpaceView, StorageInfo} from './session-types.js';
import {findSpace, isCloudHost, type NormalizedSpace} from './spaces.js';
import {defaultConcurrency, mapConcurrent} from './concurrency.js';
import {findImportCandidates} from './import.js';
import {ProfileSession} from './session-profiles.js';
import {accounts, type Store} from './store/store.js';
import type {SecretBackend} from './store/secrets.js';
import type {ConfigData, OAuthSecret, SpaceCheck, SpaceRecord, SpaceSecret, StoredIn} from './types.js';

export type SessionOptions = {
	store: Store;
	env: NodeJS.ProcessEnv;
	/** `--space`: wins over every other way of naming a space. */
	space?: string;
	http?: Http;
	/** Bounded fan-out of verifyAll. */
	concurrency?: number;
	/** Home directory where other tools' configs are looked for. */
	home?: string;
	/** The `bl` CLI's keyring service, read by first-time import; tests use their own. */
	blKeyringService?: string;
};

export async function createSession(options: SessionOptions): Promise<RealSession> {
	const backend = await options.store.backend();
	return new RealSession(options, backend);
}

export class RealSession extends ProfileSession implements Session {
	readonly #options: SessionOptions;
	readonly #backend: SecretBackend;

	constructor(options: SessionOptions, backend: SecretBackend) {
		const http = options.http ?? new Http();
		super(options.store, http, options.env);
		this.#options = options;
		this.#backend = backend;
	}

	storage(): StorageInfo {
		return {kind: this.#backend.kind, storedIn: this.#backend.storedIn, configDir: this.store.configDir, configPath: this.store.configPath};
	}

	async isFirstRun(): Promise<boolean> {
		return this.store.isEmpty() && envApiKey(this.env) === undefined && !this.env.BL_SPACE && !this.env.BACKLOG_DOMAIN;
	}

	async findImportCandidates(): Promise<ImportCandidate[]> {
		return findImportCandidates(this.env, {home: this.#options.home, blKeyringService: this.#options.blKeyringService});
	}

	// spaces

	async listSpaces(): Promise<SpaceView[]> {
		const data = this.store.read();
		const chosen = this.#choice(data);
		const records = Object.values(data.spaces);
		if (chosen?.fromEnvironment) records.unshift(chosen.record);
		return Promise.all(records.map(async record => this.#view(record, data, chosen?.record.origin)));
	}

	async resolveSpace(reference?: string): Promise<SpaceView | undefined> {
		const data = this.store.read();
		const chosen = this.#choice(data, reference);
		return chosen ? this.#view(chosen.record, data, chosen.record.origin) : undefined;
	}

	async useSpace(reference: string): Promise<SpaceView> {
		const record = await this.store.update(data => {
			const found = findSpace(reference, Object.values(data.spaces));
			if (!found) throw unknownSpace(reference, data);
			data.currentSpace = found.origin;
			return found;
		});
		return this.#view(record, this.store.read(), record.origin);
	}

	async verifyCandidate(space: NormalizedSpace, secret: SpaceSecret, signal?: AbortSignal): Promise<SpaceCheck> {
		return new BacklogClient(this.http, space.origin, credentialOf(secret)).verify(signal);
	}

	async saveSpace(space: NormalizedSpace, secret: SpaceSecret, check: SpaceCheck & {ok: true}): Promise<SpaceView> {
		const record: SpaceRecord = {
			...recordFor(space),
			spaceKey: space.cloud ? space.spaceKey : check.spaceKey,
			name: check.spaceName,
			authMethod: secret.type,
			user: check.user,
			...(secret.type === 'oauth' ? {clientId: secret.clientId} : {}),
		};
		await this.store.withLock(async () => {
			await this.store.secrets.set(accounts.space(space.origin), JSON.stringify(secret));
			await this.store.update(data => {
				const previous = data.spaces[space.origin];
				data.spaces[space.origin] = previous ? {...record, addedAt: previous.addedAt} : record;
				data.currentSpace = space.origin;
			});
		});
		return this.#view(record, this.store.read(), space.origin);
	}

	async replaceSecret(origin: string, secret: SpaceSecret, signal?: AbortSignal): Promise<SpaceCheck> {
		const record = this.#stored(origin);
		const check = await new BacklogClient(this.http, record.origin, credentialOf(secret)).verify(signal);
		if (!check.ok) return check;
		await this.store.withLock(async () => {
			await this.store.secrets.set(accounts.space(record.origin), JSON.stringify(secret));
			await this.store.update(data => {
				const current = data.spaces[record.origin];
				if (current) data.spaces[record.origin] = {...current, authMethod: secret.type, user: check.user, name: check.spaceName};
			});
		});
		return check;
	}

	async secretFor(origin: string): Promise<{secret: SpaceSecret; storedIn: StoredIn}> {
		const fromEnv = this.#envSecretFor(origin);
		if (fromEnv) return fromEnv;
		const record = this.#stored(origin);
		const secret = await this.#readSecret(record.origin);
		if (!secret) {
			throw new BlTuiError('needs-login', `No secret is stored for ${record.host}.`, {
				hint: `Log in again with bl-tui auth login --space ${record.spaceKey}.`,
			});
		}

		if (secret.type === 'oauth') {
			this.#refuseIfNeedsLogin(record);
			const fresh = await this.#remembering(record, ensureFresh(this.#slot(record.origin), this.http, record.origin, {space: record.spaceKey}));
			return {secret: fresh, storedIn: this.#backend.storedIn};
		}

		return {secret, storedIn: this.#backend.storedIn};
	}

	async verifySpace(origin: string, signal?: AbortSignal): Promise<SpaceCheck> {
		try {
			const fromEnv = this.#envSecretFor(origin);
			if (fromEnv) return await this.verifyCandidate(this.#normalized(origin), fromEnv.secret, signal);
			const record = this.#stored(origin);
			const secret = await this.#readSecret(record.origin);
			if (!secret) {
				return {ok: false, origin, error: new BlTuiError('needs-login', `No secret is stored for ${record.host}.`, {hint: `Log in again with bl-tui auth login --space ${record.spaceKey}.`})};
			}

			if (secret.type === 'api-key') return await this.verifyCandidate(this.#normalized(origin), secret, signal);
			this.#refuseIfNeedsLogin(record);
			return await this.#remembering(record, withTokenRetry(
				this.#slot(record.origin),
				this.http,
				record.origin,
				async accessToken => new BacklogClient(this.http, record.origin, {type: 'bearer', accessToken}).verify(signal),
				{space: record.spaceKey, signal, isExpired: outcome => 'result' in outcome && isExpiredCheck(outcome.result)},
			));
		} catch (error) {
			return {ok: false, origin, error: error instanceof BlTuiError ? error : new BlTuiError('network', String(error))};
		}
	}

	async verifyAll(onResult: (check: SpaceCheck) => void, signal?: AbortSignal): Promise<SpaceCheck[]> {
		const spaces = await this.listSpaces();
		return mapConcurrent(spaces, this.#options.concurrency ?? defaultConcurrency, async space => {
			const check = await this.verifySpace(space.origin, signal);
			if (!signal?.aborted) onResult(check);
			return check;
		});
	}

	async logoutSpace(origin: string): Promise<void> {
		const record = this.#stored(origin);
		await this.store.withLock(async () => {
			await this.store.secrets.delete(accounts.space(record.origin));
			await this.store.update(data => {
				delete data.spaces[record.origin];
				if (data.currentSpace === record.origin) delete data.currentSpace;
			});
		});
	}

	async logoutAll(): Promise<void> {
		const data = this.store.read();
		await this.store.withLock(async () => {
			for (const origin of Object.keys(data.spaces)) await this.store.secrets.delete(accounts.space(origin));
			for (const name of Object.keys(data.profiles)) {
				await this.store.secrets.delete(accounts.atlassian(name));
				await this.store.secrets.delete(accounts.bitbucket(name));
			}
		});
		await this.store.removeFiles();
	}

	// OAuth

	async loginOAuth(options: OAuthLoginOptions): Promise<SpaceView> {
		const secret = await runOAuthLogin({
			http: this.http,
			origin: options.space.origin,
			clientId: options.clientId,
			clientSecret: options.clientSecret,
			port: options.port,
			openBrowser: options.openBrowser,
			onAuthorizeUrl: options.onAuthorizeUrl,
			timeoutMs: options.timeoutMs,
			signal: options.signal,
		});
		const check = await this.verifyCandidate(options.space, secret, options.signal);
		if (!check.ok) throw check.error;
		return this.saveSpace(options.space, secret, check);
	}

	async refreshOAuth(origin: string, options: {force?: boolean} = {}): Promise<{expiresAt: number}> {
		const record = this.#stored(origin);
		if (record.authMethod !== 'oauth') {
			throw new BlTuiError('invalid-input', `${record.host} uses an API key, not OAuth: there is nothing to refresh.`, {
				hint: 'Use bl-tui auth login-oauth to switch it to OAuth 2.0.',
			});
		}

		const secret = await this.#remembering(record, ensureFresh(this.#slot(record.origin), this.http, record.origin, {force: options.force ?? true, space: record.spaceKey}));
		return {expiresAt: secret.expiresAt};
	}

	async close(): Promise<void> {
		await this.http.close();
	}

	// helpers

	#refuseIfNeedsLogin(record: SpaceRecord): void {
		if (!record.needsLogin) return;
		throw new BlTuiError('needs-login', `${record.host} refused the refresh token earlier: log in again.`, {
			hint: `bl-tui auth login-oauth --space ${record.spaceKey}`,
		});
	}

	/** A refused refresh token is remembered, so later commands stop handing out a dead access token. */
	async #remembering<T>(record: SpaceRecord, work: Promise<T>): Promise<T> {
		try {
			return await work;
		} catch (error) {
			if (error instanceof BlTuiError && error.code === 'needs-login' && this.store.read().spaces[record.origin]) {
				await this.store.update(data => {
					const stored = data.spaces[record.origin];
					if (stored) stored.needsLogin = true;
				});
			}

			throw error;
		}
	}

	#choice(data: ConfigData, reference?: string) {
		return chooseSpace(data, this.env, reference ?? this.#options.space);
	}

	/** The environment's key applies to the space the environment (or flags) chose, or to the current one. */
	#envSecretFor(origin: string): {secret: SpaceSecret; storedIn: StoredIn} | undefined {
		const fromEnv = envApiKey(this.env);
		if (!fromEnv) return undefined;
		const chosen = this.#choice(this.store.read());
		if (chosen?.record.origin !== origin) return undefined;
		return {secret: {type: 'api-key', apiKey: fromEnv.apiKey}, storedIn: 'Environment variable'};
	}

	#stored(origin: string): SpaceRecord {
		const data = this.store.read();
		const record = data.spaces[origin] ?? findSpace(origin, Object.values(data.spaces));
		if (record) return record;
		const chosen = this.#choice(data);
		if (chosen?.record.origin === origin) return chosen.record;
		throw unknownSpace(origin, data);
	}

	#normalized(origin: string): NormalizedSpace {
		const record = this.#stored(origin);
		return {origin: record.origin, host: record.host, spaceKey: record.spaceKey, cloud: isCloudHost(record.host)};
	}

	async #readSecret(origin: string): Promise<SpaceSecret | undefined> {
		const raw = await this.store.secrets.get(accounts.space(origin));
		if (raw === undefined) return undefined;
		try {
			return JSON.parse(raw) as SpaceSecret;
		} catch {
			// a bare key, as another tool or an older bl-tui may have written it
			return {type: 'api-key', apiKey: raw};
		}
	}

	#slot(origin: string): SecretSlot {
		return {
			withLock: async fn => this.store.withLock(fn),
			read: async () => {
				const secret = await this.#readSecret(origin);
				return secret?.type === 'oauth' ? secret : undefined;
			},
			write: async (secret: OAuthSecret) => this.store.secrets.set(accounts.space(origin), JSON.stringify(secret)),
		};
	}

	async #view(record: SpaceRecord, data: ConfigData, chosenOrigin?: string): Promise<SpaceView> {
		const view: SpaceView = {...record, current: record.origin === (chosenOrigin ?? data.currentSpace), storedIn: this.#backend.storedIn};
		const fromEnv = this.#envSecretFor(record.origin);
		if (fromEnv) {
			view.storedIn = fromEnv.storedIn;
			view.maskedSecret = mask((fromEnv.secret as {apiKey: string}).apiKey);
			view.fromEnvironment = !data.spaces[record.origin];
			return view;
		}

		const secret = await this.#readSecret(record.origin).catch(() => undefined);
		if (secret?.type === 'api-key') view.maskedSecret = mask(secret.apiKey);
		if (secret?.type === 'oauth') {
			view.maskedSecret = mask(secret.accessToken);
			view.oauth = {clientId: secret.clientId, maskedClientSecret: mask(secret.clientSecret), maskedAccessToken: mask(secret.accessToken), expiresAt: secret.expiresAt};
		}

		return view;
	}
}

function isExpiredCheck(check: SpaceCheck): boolean {
	return !check.ok && check.error.code === 'unauthorized' && check.error.status === 401 && check.error.apiCode === undefined;
}

function unknownSpace(reference: string, data: ConfigData): BlTuiError {
	const spaces = Object.values(data.spaces);
	if (spaces.length === 0) return noSpaceError(data);
	return new BlTuiError('not-configured', `No logged-in space matches "${reference}".`, {
		hint: `Spaces: ${spaces.map(space => space.spaceKey).join(', ')}. See bl-tui auth list.`,
	});
}
