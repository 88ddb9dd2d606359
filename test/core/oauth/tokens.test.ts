import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {Http} from '../../../source/core/clients/http.js';
import {BlTuiError} from '../../../source/core/errors.js';
import {authorizeUrl, exchangeCode, refreshToken} from '../../../source/core/oauth/tokens.js';
import {startBacklogServer, type BacklogFixture} from '../../fixtures/backlog-server.js';
import {installOAuth, submitApproval, type OAuthController} from '../../fixtures/backlog-oauth.js';

const clientId = 'client-id-acme';
const clientSecret = 'client-secret-acme-0123456789abcdef';
const redirectUri = 'http://127.0.0.1:54321/callback';

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
	oauth = installOAuth(fixture, 'acme', {clientId, clientSecret, redirectUris: [redirectUri]});
});

afterAll(async () => {
	await http.close();
	await fixture.close();
});

async function approvedCode() {
	const location = await submitApproval(authorizeUrl(origin, {clientId, redirectUri, state: 's'}));
	return location.searchParams.get('code')!;
}

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

function expectNoSecret(error: BlTuiError, secrets: string[]) {
	const shown = JSON.stringify({...error.toJSON(), traces});
	for (const secret of secrets) expect(shown).not.toContain(secret);
}

describe('authorizeUrl', () => {
	it('asks for a code with the client id, redirect URI and state, encoded', () => {
		const url = new URL(authorizeUrl('https://acme.backlog.com', {clientId: 'id', redirectUri, state: 'a/b+c'}));
		expect(url.origin + url.pathname).toBe('https://acme.backlog.com/OAuth2AccessRequest.action');
		expect(Object.fromEntries(url.searchParams)).toEqual({response_type: 'code', client_id: 'id', redirect_uri: redirectUri, state: 'a/b+c'});
	});

	it('keeps an Enterprise path prefix', () => {
		expect(authorizeUrl('https://example.com/backlog', {clientId: 'id', redirectUri, state: 's'})).toMatch(
			/^https:\/\/example\.com\/backlog\/OAuth2AccessRequest\.action\?response_type=code&/,
		);
	});
});

describe('exchangeCode', () => {
	it('turns an approved code into an OAuth secret that expires in expires_in seconds', async () => {
		const code = await approvedCode();
		const before = Date.now();
		const secret = await exchangeCode(http, origin, {code, redirectUri, clientId, clientSecret});
		expect(secret).toMatchObject({type: 'oauth', clientId, clientSecret, accessToken: oauth.tokens[0]!.accessToken, refreshToken: oauth.tokens[0]!.refreshToken});
		expect(secret.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
		expect(secret.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
	});

	it('refuses a code used twice', async () => {
		const code = await approvedCode();
		await exchangeCode(http, origin, {code, redirectUri, clientId, clientSecret});
		const error = await failure(exchangeCode(http, origin, {code, redirectUri, clientId, clientSecret}));
		expect(error.code).toBe('oauth-token');
		expect(error.message).toContain('authorization code');
		expect(error.hint).toContain('redirect URI');
		expectNoSecret(error, [code, clientSecret]);
	});

	it('refuses a redirect URI other than the one the code was issued for', async () => {
		const code = await approvedCode();
		const error = await failure(exchangeCode(http, origin, {code, redirectUri: 'http://127.0.0.1:1/callback', clientId, clientSecret}));
		expect(error.code).toBe('oauth-token');
		expect(error.status).toBe(400);
	});

	it('names the client credentials when the secret is wrong', async () => {
		const code = await approvedCode();
		const wrong = 'wrong-client-secret-0123456789';
		const error = await failure(exchangeCode(http, origin, {code, redirectUri, clientId, clientSecret: wrong}));
		expect(error.code).toBe('oauth-token');
		expect(error.message).toContain('client id or client secret');
		expectNoSecret(error, [code, wrong]);
	});

	it('keeps secrets a server echoes back out of the message', async () => {
		const code = await approvedCode();
		oauth.failNextToken(400, JSON.stringify({error: 'invalid_request', error_description: `bad value ${clientSecret} for ${code}`}));
		const error = await failure(exchangeCode(http, origin, {code, redirectUri, clientId, clientSecret}));
		expect(error.code).toBe('oauth-token');
		expect(error.message).toContain('invalid_request');
		expectNoSecret(error, [code, clientSecret]);
	});

	it('reports a server error and a page that is no OAuth reply', async () => {
		oauth.failNextToken(503, 'down', 'text/plain');
		const down = await failure(exchangeCode(http, origin, {code: 'c', redirectUri, clientId, clientSecret}));
		expect(down).toMatchObject({code: 'oauth-token', status: 503});
		expect(down.hint).toContain('try again');

		oauth.failNextToken(200, '<html><body>Login</body></html>', 'text/html');
		const html = await failure(exchangeCode(http, origin, {code: 'c', redirectUri, clientId, clientSecret}));
		expect(html.code).toBe('oauth-token');
		expect(html.message).toContain('without an access token');
	});

	it('passes network failures through as typed errors', async () => {
		const error = await failure(exchangeCode(http, 'http://127.0.0.1:1/acme', {code: 'c', redirectUri, clientId, clientSecret}));
		expect(error.code).toBe('refused');
	});
});

describe('refreshToken', () => {
	it('rotates the refresh token and the old one stops working', async () => {
		const first = await exchangeCode(http, origin, {code: await approvedCode(), redirectUri, clientId, clientSecret});
		const second = await refreshToken(http, origin, {refreshToken: first.refreshToken, clientId, clientSecret});
		expect(second.refreshToken).not.toBe(first.refreshToken);
		expect(second.accessToken).not.toBe(first.accessToken);
		expect(oauth.refreshCount).toBe(1);

		const error = await failure(refreshToken(http, origin, {refreshToken: first.refreshToken, clientId, clientSecret, space: 'acme'}));
		expect(error.code).toBe('needs-login');
		expect(error.message).toBe('The refresh token was rejected: log in again with `bl-tui auth login-oauth --space acme`.');
		expectNoSecret(error, [first.refreshToken, second.refreshToken, clientSecret]);
	});

	it('asks for a new login when the refresh token was revoked or Backlog says authentication failed', async () => {
		const first = await exchangeCode(http, origin, {code: await approvedCode(), redirectUri, clientId, clientSecret});
		oauth.revokeRefresh();
		const revoked = await failure(refreshToken(http, origin, {refreshToken: first.refreshToken, clientId, clientSecret}));
		expect(revoked.code).toBe('needs-login');
		expect(revoked.message).toContain(`--space ${origin}`);

		oauth.failNextToken(401, JSON.stringify({errors: [{message: 'Authentication failure.', code: 11, moreInfo: ''}]}));
		const backlog = await failure(refreshToken(http, origin, {refreshToken: first.refreshToken, clientId, clientSecret}));
		expect(backlog).toMatchObject({code: 'needs-login', apiCode: 11});
	});

	it('does not ask for a new login when only the client secret is wrong', async () => {
		const error = await failure(refreshToken(http, origin, {refreshToken: 'whatever', clientId, clientSecret: 'wrong-secret-value'}));
		expect(error.code).toBe('oauth-token');
	});
});
