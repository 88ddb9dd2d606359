/**
 * The Atlassian half of the Session: profiles, their tokens and checks, with the environment
 * precedence of DESIGN §3 (a Bitbucket token never falls back to the Jira one).
 */
import {verifyAtlassian} from './clients/atlassian.js';
import {verifyBitbucket} from './clients/bitbucket.js';
import type {Http} from './clients/http.js';
import {BlTuiError} from './errors.js';
import {
	envBitbucketTokenFor,
	envTokenFor,
	normalizeBaseUrl,
	putProfile,
	removeProfile,
	resolveProfileName,
	setDefaultProfile,
	unknownProfile,
	validateProfileName,
} from './profiles.js';
import {mask} from './redact.js';
import type {ProfileCandidate, ProfileView} from './session-types.js';
import {accounts, type Store} from './store/store.js';
import type {ConfigData, ProfileCheck, ProfileRecord, StoredIn} from './types.js';

export type ProfileToken = {token: string; storedIn: StoredIn; variable?: string};

export class ProfileSession {
	protected readonly store: Store;
	protected readonly http: Http;
	protected readonly env: NodeJS.ProcessEnv;

	constructor(store: Store, http: Http, env: NodeJS.ProcessEnv) {
		this.store = store;
		this.http = http;
		this.env = env;
	}

	async listProfiles(): Promise<ProfileView[]> {
		const data = this.store.read();
		return Promise.all(Object.values(data.profiles).map(async record => this.#view(record, data)));
	}

	/** `--profile` > default profile. */
	resolveProfile(requested?: string): ProfileRecord {
		const data = this.store.read();
		return data.profiles[resolveProfileName(data, requested)];
	}

	async useProfile(name: string): Promise<ProfileView> {
		const record = await this.store.update(data => {
			setDefaultProfile(data, name);
			return data.profiles[name];
		});
		return this.#view(record, this.store.read());
	}

	async atlassianToken(name: string): Promise<ProfileToken | undefined> {
		const fromEnv = envTokenFor(name, this.env);
		if (fromEnv) return {token: fromEnv.token, storedIn: 'Environment variable', variable: fromEnv.variable};
		const stored = await this.store.secrets.get(accounts.atlassian(name));
		return stored === undefined ? undefined : {token: stored, storedIn: (await this.store.backend()).storedIn};
	}

	async bitbucketToken(name: string): Promise<ProfileToken | undefined> {
		const fromEnv = envBitbucketTokenFor(name, this.env);
		if (fromEnv) return {token: fromEnv.token, storedIn: 'Environment variable', variable: fromEnv.variable};
		const stored = await this.store.secrets.get(accounts.bitbucket(name));
		return stored === undefined ? undefined : {token: stored, storedIn: (await this.store.backend()).storedIn};
	}

	/** Checks the Atlassian token, and the Bitbucket credentials when asked (or when they are all there is). */
	async verifyProfile(name: string, options: {bitbucket?: boolean; signal?: AbortSignal} = {}): Promise<ProfileCheck[]> {
		const record = this.resolveProfile(name);
		const checks: ProfileCheck[] = [];
		const wantsBitbucket = options.bitbucket ?? Boolean(record.bitbucket);
		const onlyBitbucket = options.bitbucket === true || (!record.hasToken && Boolean(record.bitbucket) && !envTokenFor(record.name, this.env));
		if (!onlyBitbucket) {
			const token = await this.atlassianToken(record.name);
			checks.push(
				token
					? await verifyAtlassian(this.http, {profile: record.name, baseUrl: record.baseUrl, product: productOf(record), email: record.email, token: token.token}, options.signal)
					: missing(record.name, productOf(record), `No Atlassian API token is stored for profile "${record.name}".`, `bl-tui atlassian login --profile ${record.name} --base-url ${record.baseUrl} --email ${record.email}`),
			);
		}

		if (wantsBitbucket) {
			const bitbucket = record.bitbucket;
			const token = await this.bitbucketToken(record.name);
			if (!bitbucket || !token) {
				checks.push(missing(record.name, 'bitbucket', `Profile "${record.name}" has no Bitbucket credentials.`, `bl-tui atlassian login --profile ${record.name} --bitbucket ...`));
			} else {
				checks.push(
					await verifyBitbucket(
						this.http,
						{profile: record.name, auth: bitbucket.auth, email: bitbucket.email ?? record.email, token: token.token, workspace: bitbucket.workspace, apiBase: bitbucket.apiBase},
						options.signal,
					),
				);
			}
		}

		return checks;
	}

	async verifyProfileCandidate(candidate: ProfileCandidate, signal?: AbortSignal): Promise<ProfileCheck> {
		const name = validateProfileName(candidate.name);
		if (candidate.kind === 'atlassian') {
			const base = normalizeBaseUrl(candidate.baseUrl ?? '');
			return verifyAtlassian(this.http, {profile: name, baseUrl: base.baseUrl, product: base.product, email: requireEmail(candidate), token: candidate.token}, signal);
		}

		const bearer = candidate.kind === 'bitbucket-bearer';
		return verifyBitbucket(
			this.http,
			{profile: name, auth: bearer ? 'bearer' : 'basic', email: bearer ? undefined : requireEmail(candidate), token: candidate.token, workspace: candidate.workspace, apiBase: candidate.bitbucketApi},
			signal,
		);
	}

	/** Saves a candidate that verified; a Bitbucket credential joins an existing profile or starts one. */
	async saveProfile(candidate: ProfileCandidate, options: {makeDefault?: boolean} = {}): Promise<ProfileView> {
		const name = validateProfileName(candidate.name);
		const record = await this.store.withLock(async () => {
			const data = this.store.read();
			const previous = data.profiles[name];
			let record: ProfileRecord;
			if (candidate.kind === 'atlassian') {
				const base = normalizeBaseUrl(candidate.baseUrl ?? '');
				record = {...previous, name, baseUrl: base.baseUrl, email: requireEmail(candidate), hasToken: true, addedAt: previous?.addedAt ?? new Date().toISOString()};
				// the product follows the address given now, not the one saved before
				if (base.product) record.product = base.product;
				else delete record.product;
				await this.store.secrets.set(accounts.atlassian(name), candidate.token);
			} else {
				const bearer = candidate.kind === 'bitbucket-bearer';
				const baseUrl = previous?.baseUrl ?? (candidate.baseUrl ? normalizeBaseUrl(candidate.baseUrl).baseUrl : '');
				record = {
					name,
					baseUrl,
					email: previous?.email ?? candidate.email ?? '',
					hasToken: previous?.hasToken ?? false,
					addedAt: previous?.addedAt ?? new Date().toISOString(),
					...(previous?.product ? {product: previous.product} : {}),
					bitbucket: {
						auth: bearer ? 'bearer' : 'basic',
						...(bearer ? {} : {email: requireEmail(candidate)}),
						...(candidate.workspace ? {workspace: candidate.workspace} : {}),
						...(candidate.bitbucketApi ? {apiBase: candidate.bitbucketApi} : {}),
					},
				};
				await this.store.secrets.set(accounts.bitbucket(name), candidate.token);
			}

			await this.store.update(data => {
				putProfile(data, record, options);
			});
			return record;
		});
		return this.#view(record, this.store.read());
	}

	async replaceProfileToken(name: string, token: string, options: {bitbucket?: boolean} = {}): Promise<ProfileCheck> {
		const record = this.resolveProfile(name);
		if (options.bitbucket) {
			if (!record.bitbucket) throw new BlTuiError('not-configured', `Profile "${record.name}" has no Bitbucket credentials to replace.`);
			const kind = record.bitbucket.auth === 'bearer' ? 'bitbucket-bearer' : 'bitbucket-basic';
			const candidate: ProfileCandidate = {name: record.name, kind, email: record.bitbucket.email ?? record.email, token, workspace: record.bitbucket.workspace, bitbucketApi: record.bitbucket.apiBase};
			const check = await this.verifyProfileCandidate(candidate);
			if (check.ok) await this.store.secrets.set(accounts.bitbucket(record.name), token);
			return check;
		}

		const check = await verifyAtlassian(this.http, {profile: record.name, baseUrl: record.baseUrl, product: productOf(record), email: record.email, token});
		if (check.ok) {
			await this.store.withLock(async () => {
				await this.store.secrets.set(accounts.atlassian(record.name), token);
				await this.store.update(data => {
					const current = data.profiles[record.name];
					if (current) current.hasToken = true;
				});
			});
		}

		return check;
	}

	async logoutProfile(name: string, what: 'credentials' | 'profile' | 'bitbucket'): Promise<{defaultCleared: boolean}> {
		const data = this.store.read();
		if (!data.profiles[name]) throw unknownProfile(name, data);
		return this.store.withLock(async () => {
			if (what !== 'bitbucket') await this.store.secrets.delete(accounts.atlassian(name));
			await this.store.secrets.delete(accounts.bitbucket(name));
			return this.store.update(data => {
				const record = data.profiles[name];
				if (!record) return {defaultCleared: false};
				if (what === 'profile') return {defaultCleared: removeProfile(data, name).clearedDefault};
				if (what === 'credentials') record.hasToken = false;
				delete record.bitbucket;
				return {defaultCleared: false};
			});
		});
	}

	async #view(record: ProfileRecord, data: ConfigData): Promise<ProfileView> {
		const view: ProfileView = {...record, isDefault: data.defaultProfile === record.name};
		const token = await this.atlassianToken(record.name).catch(() => undefined);
		if (token) {
			view.tokenSource = token.storedIn;
			view.maskedToken = mask(token.token);
		}

		if (record.bitbucket) {
			const bitbucket = await this.bitbucketToken(record.name).catch(() => undefined);
			if (bitbucket) {
				view.bitbucketTokenSource = bitbucket.storedIn;
				view.maskedBitbucketToken = mask(bitbucket.token);
			}
		}

		return view;
	}
}

function productOf(record: ProfileRecord): 'jira' | 'confluence' {
	return record.product ?? 'jira';
}

function requireEmail(candidate: ProfileCandidate): string {
	const email = candidate.email?.trim() ?? '';
	if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
		throw new BlTuiError('invalid-input', email === '' ? 'The email is empty.' : `"${email}" is not an email address.`, {
			hint: 'Use the email of the Atlassian account that created the token.',
		});
	}

	return email;
}

function missing(profile: string, product: ProfileCheck['product'], message: string, fix: string): ProfileCheck {
	return {ok: false, profile, product, error: new BlTuiError('needs-login', message, {hint: `Add it with ${fix}.`})};
}
