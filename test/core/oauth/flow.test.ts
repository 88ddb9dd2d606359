import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {BacklogClient} from '../../../source/core/clients/backlog.js';
import {Http} from '../../../source/core/clients/http.js';
import {BlTuiError} from '../../../source/core/errors.js';
import {runOAuthLogin, type OAuthLoginRun} from '../../../source/core/oauth/flow.js';
import type {OAuthSecret} from '../../../source/core/types.js';
import {startBacklogServer, type BacklogFixture} from '../../fixtures/backlog-server.js';
import {approveWithHttp, installOAuth, type OAuthController} from '../../fixtures/backlog-oauth.js';

const clientId = 'flow-client-id';
const clientSecret = 'flow-client-secret-0123456789abcdef';

let fixture: BacklogFixture;
let oauth: OAuthController;
let origin: string;
const traces: string[] = [];
const http = new Http({trace: line => traces.push(line)});

beforeAll(async () => {
	fixture = await startBacklogServer([{key: 'acme'}]);
	origin = fixture.origin('acme');
});

beforeEach(() => {
	oauth = installOAuth(fixture, 'acme', {clientId, clientSecret});
});

afterAll(async () => {
	await http.close();
	await fixture.close();
});

type Started = {login: Promise<OAuthSecret>; url: Promise<string>; redirectUri: Promise<string>; calls: string[]};

function start(overrides: Partial<OAuthLoginRun> = {}): Started {
	const calls: string[] = [];
	let shown!: (value: {url: string; redirectUri: string}) => void;
	const announced = new Promise<{url: string; redirectUri: string}>(resolve => {
		shown = resolve;
	});
	const login = runOAuthLogin({
		http,
		origin,
		clientId,
		clientSecret,
		port: 0,
		openBrowser: false,
		onAuthorizeUrl(url, redirectUri) {
			calls.push('onAuthorizeUrl');
			shown({url, redirectUri});
		},
		...overrides,
	});
	// the test reads `login` later; a failure before then must not count as unhandled
	login.catch(() => {});
	return {login, url: announced.then(a => a.url), redirectUri: announced.then(a => a.redirectUri), calls};
}

async function failure(promise: Promise<unknown>): Promise<BlTuiError> {
	const error = await promise.then(
		() => {
			throw new Error('expected the login to fail');
		},
		(error: unknown) => error,
	);
	expect(error).toBeInstanceOf(BlTuiError);
	return error as BlTuiError;
}

async function refusesConnections(redirectUri: string) {
	await expect(fetch(redirectUri)).rejects.toThrow();
}

async function acceptedByApi(secret: OAuthSecret) {
	const check = await new BacklogClient(http, origin, {type: 'bearer', accessToken: secret.accessToken}).verify();
	expect(check.ok).toBe(true);
}

describe('runOAuthLogin', () => {
	it('listens, shows the URL, takes the approval and returns a token the API accepts', async () => {
		const {login, url, redirectUri} = start();
		const authorize = new URL(await url);
		expect(authorize.searchParams.get('redirect_uri')).toBe(await redirectUri);
		expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
		const page = await approveWithHttp(authorize.toString());
		expect(page.status).toBe(200);
		expect(page.text).toContain('close this tab');

		const secret = await login;
		expect(secret).toMatchObject({type: 'oauth', clientId, clientSecret, accessToken: oauth.tokens[0]!.accessToken});
		expect(oauth.approvals).toBe(1);
		await acceptedByApi(secret);
		await refusesConnections(await redirectUri);
		const shown = traces.join('\n');
		for (const secretValue of [secret.accessToken, secret.refreshToken, clientSecret, page.location.searchParams.get('code')!]) {
			expect(shown).not.toContain(secretValue);
		}
	});

	it('uses a new state on every login', async () => {
		const first = start();
		const second = start();
		const [a, b] = await Promise.all([first.url, second.url]);
		expect(new URL(a).searchParams.get('state')).not.toBe(new URL(b).searchParams.get('state'));
		await Promise.all([approveWithHttp(a), approveWithHttp(b)]);
		await Promise.all([first.login, second.login]);
	});

	it('opens the browser only after the server listens and the URL was shown', async () => {
		const opened: string[] = [];
		const {login, calls} = start({
			openBrowser: true,
			async open(url) {
				calls.push('open');
				opened.push(url);
				void approveWithHttp(url);
			},
		});
		await login;
		expect(calls).toEqual(['onAuthorizeUrl', 'open']);
		expect(opened).toHaveLength(1);
	});

	it('does not wait for a browser launcher that never returns', async () => {
		const {login, url} = start({
			openBrowser: true,
			async open() {
				await new Promise(() => {});
			},
		});
		await approveWithHttp(await url);
		await acceptedByApi(await login);
	});

	it('keeps waiting when the browser cannot be opened', async () => {
		const {login, url} = start({
			openBrowser: true,
			async open() {
				throw new Error('no browser here');
			},
		});
		await approveWithHttp(await url);
		await acceptedByApi(await login);
	});

	it('ends with oauth-denied when the user presses Deny', async () => {
		const {login, url, redirectUri} = start();
		const page = await approveWithHttp(await url, {deny: true});
		expect(page.text).toContain('close this tab');
		const error = await failure(login);
		expect(error.code).toBe('oauth-denied');
		expect(error.message).toBe('You denied access in the browser.');
		expect(oauth.denials).toBe(1);
		expect(oauth.tokens).toHaveLength(0);
		await refusesConnections(await redirectUri);
	});

	it('refuses a callback with the wrong state and still finishes with the right one', async () => {
		const {login, url, redirectUri} = start();
		const forged = await fetch(`${await redirectUri}?code=forged&state=guess`);
		expect(forged.status).toBe(400);
		const stray = await fetch(new URL('/', await redirectUri));
		expect(stray.status).toBe(404);
		await approveWithHttp(await url);
		await acceptedByApi(await login);
	});

	it('reports a token endpoint refusal and closes the server', async () => {
		const {login, url, redirectUri} = start({clientSecret: 'not-the-registered-secret'});
		await approveWithHttp(await url);
		const error = await failure(login);
		expect(error.code).toBe('oauth-token');
		expect(error.message).not.toContain('not-the-registered-secret');
		await refusesConnections(await redirectUri);
	});

	it('times out with oauth-timeout', async () => {
		const {login, redirectUri} = start({timeoutMs: 100});
		const error = await failure(login);
		expect(error.code).toBe('oauth-timeout');
		await refusesConnections(await redirectUri);
	});

	it('is cancelled by its AbortSignal', async () => {
		const controller = new AbortController();
		const {login, url, redirectUri} = start({signal: controller.signal});
		await url;
		controller.abort();
		const error = await failure(login);
		expect(error.code).toBe('cancelled');
		await refusesConnections(await redirectUri);
	});

	it('fails before showing any URL when the port is taken', async () => {
		const blocker: Server = createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		try {
			const {port} = blocker.address() as AddressInfo;
			const {login, calls} = start({port});
			const error = await failure(login);
			expect(error.code).toBe('port-in-use');
			expect(error.hint).toContain('--port');
			expect(calls).toEqual([]);
		} finally {
			await new Promise(resolve => blocker.close(resolve));
		}
	});
});
