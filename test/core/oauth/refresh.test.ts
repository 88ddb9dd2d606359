import {spawn} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {BacklogClient} from '../../../source/core/clients/backlog.js';
import {Http} from '../../../source/core/clients/http.js';
import {BlTuiError} from '../../../source/core/errors.js';
import {ensureFresh, withTokenRetry, type SecretSlot} from '../../../source/core/oauth/refresh.js';
import {authorizeUrl, exchangeCode} from '../../../source/core/oauth/tokens.js';
import type {OAuthSecret} from '../../../source/core/types.js';
import {startBacklogServer, type BacklogFixture} from '../../fixtures/backlog-server.js';
import {installOAuth, submitApproval, type OAuthController} from '../../fixtures/backlog-oauth.js';
import {fileSlot} from '../../helpers/file-slot.js';
import {bundleWorker, type Worker} from '../../helpers/bundle-worker.js';

const clientId = 'refresh-client-id';
const clientSecret = 'refresh-client-secret-0123456789abcdef';
const redirectUri = 'http://127.0.0.1:54321/callback';

let fixture: BacklogFixture;
let oauth: OAuthController;
let origin: string;
let directory: string;
let slotPath: string;
let slot: SecretSlot;
const traces: string[] = [];
const http = new Http({trace: line => traces.push(line)});

beforeAll(async () => {
	fixture = await startBacklogServer([{key: 'acme'}]);
	origin = fixture.origin('acme');
});

beforeEach(async () => {
	oauth = installOAuth(fixture, 'acme', {clientId, clientSecret, tokenLatencyMs: 50});
	directory = await mkdtemp(path.join(tmpdir(), 'bl-tui-refresh-'));
	slotPath = path.join(directory, 'secret.json');
	slot = fileSlot(slotPath);
	traces.length = 0;
});

afterEach(async () => {
	await rm(directory, {recursive: true, force: true});
});

afterAll(async () => {
	await http.close();
	await fixture.close();
});

/** Logs in through the fixture and stores the secret, expiring in `msLeft`. */
async function loggedIn(msLeft = 3_600_000): Promise<OAuthSecret> {
	const location = await submitApproval(authorizeUrl(origin, {clientId, redirectUri, state: 's'}));
	const secret = await exchangeCode(http, origin, {code: location.searchParams.get('code')!, redirectUri, clientId, clientSecret});
	const stored = {...secret, expiresAt: Date.now() + msLeft};
	await slot.write(stored);
	return stored;
}

const verify = async (accessToken: string) => new BacklogClient(http, origin, {type: 'bearer', accessToken}).verify();

async function failure(promise: Promise<unknown>): Promise<BlTuiError> {
	const error = await promise.then(
		() => {
			throw new Error('expected a failure');
		},
		(error: unknown) => error,
	);
	expect(error).toBeInstanceOf(BlTuiError);
	return error as BlTuiError;
}

/** Every file under the temp dir except the slot itself holds none of the given secrets; nor do the traces. */
async function expectNoSecretOutsideSlot(secrets: string[]) {
	const files = await readdir(directory, {recursive: true});
	for (const file of files) {
		const full = path.join(directory, file);
		if (full === slotPath || !(await stat(full)).isFile()) continue;
		const text = await readFile(full, 'utf8');
		for (const secret of secrets) expect(text).not.toContain(secret);
	}

	const shown = traces.join('\n');
	for (const secret of secrets) expect(shown).not.toContain(secret);
}

describe('ensureFresh', () => {
	it('leaves a token far from expiry alone', async () => {
		const stored = await loggedIn();
		await expect(ensureFresh(slot, http, origin)).resolves.toEqual(stored);
		expect(oauth.refreshCount).toBe(0);
	});

	it('refreshes within the skew of expiry and stores the rotated refresh token', async () => {
		const stored = await loggedIn(30_000);
		const fresh = await ensureFresh(slot, http, origin);
		expect(oauth.refreshCount).toBe(1);
		expect(fresh.accessToken).not.toBe(stored.accessToken);
		expect(fresh.refreshToken).not.toBe(stored.refreshToken);
		expect(fresh.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
		expect(fresh).toMatchObject({clientId, clientSecret});
		await expect(slot.read()).resolves.toEqual(fresh);
		expect((await verify(fresh.accessToken)).ok).toBe(true);
		await expectNoSecretOutsideSlot([stored.refreshToken, fresh.accessToken, fresh.refreshToken, clientSecret]);
	});

	it('honours a custom skew', async () => {
		await loggedIn(120_000);
		await ensureFresh(slot, http, origin);
		expect(oauth.refreshCount).toBe(0);
		await ensureFresh(slot, http, origin, {skewMs: 180_000});
		expect(oauth.refreshCount).toBe(1);
	});

	it('refreshes on force, each time with the refresh token stored by the last one', async () => {
		await loggedIn();
		const first = await ensureFresh(slot, http, origin, {force: true});
		const second = await ensureFresh(slot, http, origin, {force: true});
		expect(oauth.refreshCount).toBe(2);
		expect(second.refreshToken).not.toBe(first.refreshToken);
		expect(oauth.tokens.map(pair => pair.grant)).toEqual(['authorization_code', 'refresh_token', 'refresh_token']);
	});

	it('asks for a new login when the refresh token is rejected, and keeps the stored secret', async () => {
		const stored = await loggedIn(1000);
		oauth.revokeRefresh();
		const error = await failure(ensureFresh(slot, http, origin, {space: 'acme'}));
		expect(error.code).toBe('needs-login');
		expect(error.message).toBe('The refresh token was rejected: log in again with `bl-tui auth login-oauth --space acme`.');
		await expect(slot.read()).resolves.toEqual(stored);
		expect(JSON.stringify(error.toJSON())).not.toContain(stored.refreshToken);
	});

	it('asks for a login when nothing is stored', async () => {
		const error = await failure(ensureFresh(slot, http, origin, {space: 'acme'}));
		expect(error.code).toBe('needs-login');
		expect(error.hint).toContain('bl-tui auth login-oauth --space acme');
	});

	it('lets two racers in one process share a single refresh', async () => {
		await loggedIn(1000);
		const [a, b] = await Promise.all([ensureFresh(fileSlot(slotPath), http, origin), ensureFresh(fileSlot(slotPath), http, origin)]);
		expect(oauth.refreshCount).toBe(1);
		expect(a).toEqual(b);
		await expect(slot.read()).resolves.toEqual(a);
	});
});

describe('withTokenRetry', () => {
	it('refreshes once on an expired-token 401 and retries with the new token', async () => {
		const stored = await loggedIn();
		oauth.expireAll();
		const used: string[] = [];
		const check = await withTokenRetry(slot, http, origin, async accessToken => {
			used.push(accessToken);
			return verify(accessToken);
		});
		expect(check.ok).toBe(true);
		expect(oauth.refreshCount).toBe(1);
		const renewed = (await slot.read())!;
		expect(used).toEqual([stored.accessToken, renewed.accessToken]);
		expect(renewed.refreshToken).not.toBe(stored.refreshToken);
		await expectNoSecretOutsideSlot([stored.accessToken, renewed.accessToken, renewed.refreshToken, clientSecret]);
	});

	it('recognises a raw 401 response with WWW-Authenticate', async () => {
		await loggedIn();
		oauth.expireAll();
		const response = await withTokenRetry(slot, http, origin, async accessToken =>
			http.request(`${origin}/api/v2/users/myself`, {headers: {authorization: `Bearer ${accessToken}`}, secrets: [accessToken]}),
		);
		expect(response.status).toBe(200);
		expect(oauth.refreshCount).toBe(1);
	});

	it('refreshes before the call when the token is about to expire', async () => {
		const stored = await loggedIn(10_000);
		const used: string[] = [];
		await withTokenRetry(slot, http, origin, async accessToken => {
			used.push(accessToken);
			return verify(accessToken);
		});
		expect(oauth.refreshCount).toBe(1);
		expect(used).toHaveLength(1);
		expect(used[0]).not.toBe(stored.accessToken);
	});

	it('retries only once', async () => {
		await loggedIn();
		oauth.expireAll();
		let calls = 0;
		const check = await withTokenRetry(slot, http, origin, async () => {
			calls += 1;
			return verify('never-valid-token');
		});
		expect(check.ok).toBe(false);
		expect(calls).toBe(2);
		expect(oauth.refreshCount).toBe(1);
	});

	it('leaves other failures alone', async () => {
		await loggedIn();
		const wrong = new BlTuiError('unauthorized', 'Authentication failure.', {status: 401, apiCode: 11});
		const error = await failure(
			withTokenRetry(slot, http, origin, async () => {
				throw wrong;
			}),
		);
		expect(error).toBe(wrong);
		expect(oauth.refreshCount).toBe(0);
	});

	it('does not refresh again when another racer already replaced the rejected token', async () => {
		await loggedIn();
		oauth.expireAll();
		const racers = [fileSlot(slotPath), fileSlot(slotPath), fileSlot(slotPath)].map(async racer =>
			withTokenRetry(racer, http, origin, async accessToken => verify(accessToken)),
		);
		const checks = await Promise.all(racers);
		expect(checks.every(check => check.ok)).toBe(true);
		expect(oauth.refreshCount).toBe(1);
	});
});

describe('two processes refreshing at once', () => {
	let script: string;
	let worker: Worker;

	beforeAll(async () => {
		worker = await bundleWorker({entry: fileURLToPath(new URL('../../helpers/oauth-refresher.ts', import.meta.url))});
		script = worker.script;
	});

	afterAll(async () => {
		await worker.remove();
	});

	async function race(mode: 'before' | 'on-401') {
		const children = [0, 1].map(() => spawn(process.execPath, [script, slotPath, origin, mode], {stdio: ['pipe', 'pipe', 'inherit']}));
		const outputs = children.map(child => createInterface({input: child.stdout!})[Symbol.asyncIterator]());
		for (const output of outputs) expect((await output.next()).value).toBe('ready');
		for (const child of children) child.stdin!.write('go\n');
		return Promise.all(outputs.map(async output => JSON.parse((await output.next()).value as string) as {ok: boolean; accessToken?: string}));
	}

	it('uses the refresh token once when both find it about to expire', async () => {
		await loggedIn(1000);
		const [a, b] = await race('before');
		expect(oauth.refreshCount).toBe(1);
		expect(a!.ok && b!.ok).toBe(true);
		expect(a!.accessToken).toBe(b!.accessToken);
		expect(a!.accessToken).toBe(oauth.tokens.at(-1)!.accessToken);
		expect((await verify(a!.accessToken!)).ok).toBe(true);
	});

	it('uses the refresh token once when both get an expired-token 401', async () => {
		await loggedIn();
		oauth.expireAll();
		const [a, b] = await race('on-401');
		expect(oauth.refreshCount).toBe(1);
		expect(a).toEqual(b);
		expect(a!.ok).toBe(true);
		await expect(slot.read()).resolves.toMatchObject({accessToken: oauth.tokens.at(-1)!.accessToken, refreshToken: oauth.tokens.at(-1)!.refreshToken});
	});
});
