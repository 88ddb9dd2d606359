import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {
	BacklogClient,
	backlogError,
	credentialOf,
	isExpiredTokenResponse,
	type BacklogCredential,
} from '../../../source/core/clients/backlog.js';
import {Http, type HttpResponse} from '../../../source/core/clients/http.js';
import type {BlTuiError} from '../../../source/core/errors.js';
import type {SpaceCheck} from '../../../source/core/types.js';
import {fixtureApiKey, startBacklogServer, type BacklogFixture, type Failure} from '../../fixtures/backlog-server.js';

const apiKey = fixtureApiKey('acme');
const token = 'fixture-access-token-acme-0123456789';

let fixture: BacklogFixture;
let http: Http;

beforeAll(async () => {
	fixture = await startBacklogServer([
		{key: 'acme', name: 'Acme Inc.', bearerTokens: [token], projects: 3, user: {name: 'Alice Example', userId: 'alice'}},
		{key: 'empty', projects: 0},
		{key: 'viewer', roleType: 4},
		{key: 'guest', roleType: 6, projects: 0},
	]);
	http = new Http({timeoutMs: 500});
});

afterEach(() => {
	fixture.setFailure('acme', 'none');
});

afterAll(async () => {
	await http.close();
	await fixture.close();
});

function client(key: string, credential: BacklogCredential = {type: 'api-key', apiKey: fixtureApiKey(key)}) {
	return new BacklogClient(http, fixture.origin(key), credential);
}

function failed(check: SpaceCheck): BlTuiError {
	if (check.ok) throw new Error(`expected a failure, got ${JSON.stringify(check)}`);
	return check.error;
}

describe('BacklogClient', () => {
	it('verifies an API key: who, which space, how many projects, latency and rate limit', async () => {
		const before = fixture.requests.length;
		const check = await client('acme').verify();
		expect(check).toMatchObject({
			ok: true,
			origin: fixture.origin('acme'),
			user: {id: 1, userId: 'alice', name: 'Alice Example', roleType: 2, mailAddress: 'alice@example.com'},
			spaceKey: 'acme',
			spaceName: 'Acme Inc.',
			projectCount: 3,
			warnings: [],
		});
		if (!check.ok) return;
		expect(check.latencyMs).toBeGreaterThanOrEqual(0);
		expect(check.rateLimit).toMatchObject({limit: 600});
		const sent = fixture.requests.slice(before);
		expect(sent.map(request => request.path)).toEqual(
			expect.arrayContaining(['/acme/api/v2/users/myself', '/acme/api/v2/space', '/acme/api/v2/projects']),
		);
		expect(sent[0].path).toBe('/acme/api/v2/users/myself');
		expect(sent.every(request => request.auth === 'api-key')).toBe(true);
	});

	it('sends an OAuth token as a Bearer header', async () => {
		const before = fixture.requests.length;
		const check = await client('acme', credentialOf({type: 'oauth', accessToken: token, refreshToken: 'r', expiresAt: 0, clientId: 'c', clientSecret: 's'})).verify();
		expect(check.ok).toBe(true);
		expect(fixture.requests.slice(before).every(request => request.auth === 'bearer')).toBe(true);
	});

	it('returns the pieces on their own', async () => {
		const acme = client('acme');
		await expect(acme.space()).resolves.toEqual({spaceKey: 'acme', name: 'Acme Inc.'});
		await expect(acme.projects()).resolves.toEqual({count: 3});
		await expect(acme.myself()).resolves.toMatchObject({user: {userId: 'alice'}});
	});

	it.each([
		['empty', ['no-projects']],
		['viewer', ['read-only']],
		['guest', ['no-projects', 'read-only']],
	])('warns %s about %o', async (key, codes) => {
		const check = await client(key).verify();
		expect(check.ok && check.warnings.map(warning => warning.code)).toEqual(codes);
		if (check.ok && key === 'empty') {
			expect(check.warnings[0].message).toBe('You see no project in this space: ask an administrator to add you to one.');
		}

		if (check.ok && key === 'viewer') expect(check.warnings[0].message).toMatch(/Viewer/);
	});
});

describe('typed errors through the fixture', () => {
	type Case = {
		name: string;
		code: string;
		failure?: Failure;
		credential?: BacklogCredential;
		space?: string;
		status?: number;
		apiCode?: number;
		message?: RegExp;
		hint?: RegExp;
	};
	const cases: Case[] = [
		{
			name: 'a wrong API key',
			code: 'unauthorized',
			credential: {type: 'api-key', apiKey: 'wrongkeywrongkeywrongkey'},
			status: 401,
			apiCode: 11,
			hint: /EditApiSettings\.action/,
		},
		{
			name: 'the key of another space',
			code: 'unauthorized',
			credential: {type: 'api-key', apiKey: fixtureApiKey('viewer')},
			apiCode: 11,
			hint: /belongs to another space/,
		},
		{
			name: 'an expired OAuth token',
			code: 'unauthorized',
			failure: 'expired-token',
			credential: {type: 'bearer', accessToken: token},
			status: 401,
			apiCode: undefined,
			message: /OAuth access token .* expired or was revoked/,
		},
		{name: 'two-step verification required', code: 'two-step', failure: 'two-step', apiCode: 12},
		{name: 'an IP not allowed', code: 'ip-not-allowed', failure: 'ip', apiCode: 4, status: 403},
		{name: 'an expired licence', code: 'licence', failure: 'licence', apiCode: 3},
		{name: 'no permission', code: 'forbidden', failure: 'forbidden', status: 403, hint: /read-only/},
		{name: 'an HTML page', code: 'wrong-domain', failure: 'html', status: 200, hint: /acme\.backlog\.com vs acme\.backlog\.jp/},
		{name: 'a 404', code: 'wrong-domain', failure: 'not-found', status: 404, hint: /space key was given where a full domain belongs/},
		{name: 'an unknown space prefix', code: 'wrong-domain', space: 'nosuchspace', status: 404},
		{name: 'too many requests', code: 'rate-limited', failure: 'rate-limited', status: 429, apiCode: 13, message: /resets at \d\d:\d\d:\d\d/},
		{name: 'a server error', code: 'server', failure: 'server-error', status: 500},
		{name: 'a server that hangs', code: 'timeout', failure: 'hang'},
	];

	it.each(cases)('maps $name to $code', async testCase => {
		const {code, failure, credential, space = 'acme', message, hint} = testCase;
		if (failure) fixture.setFailure('acme', failure);
		const check = await new BacklogClient(http, fixture.origin(space), credential ?? {type: 'api-key', apiKey}).verify();
		const error = failed(check);
		expect(error.code).toBe(code);
		if ('status' in testCase) expect(error.status).toBe(testCase.status);
		if ('apiCode' in testCase) expect(error.apiCode).toBe(testCase.apiCode);
		if (message) expect(error.message).toMatch(message);
		if (hint) expect(error.hint).toMatch(hint);
		expect(error.hint).toBeTruthy();
		expect(error.message).not.toMatch(/\n/);
		const shown = JSON.stringify(error.toJSON());
		expect(shown).not.toContain(apiKey);
		expect(shown).not.toContain(token);
	});

	it('gives the reset time of a rate limit', async () => {
		fixture.setFailure('acme', 'rate-limited');
		const error = failed(await client('acme').verify());
		// the window may end in the very second the answer arrives
		expect(error.resetAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
		expect(error.resetAt! % 60).toBe(0);
	});

	it('reads a JSON answer of the wrong shape as bad-response', async () => {
		fixture.route('GET', '/odd/api/v2/users/myself', (_request, response) => {
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end('{"hello":"world"}');
		});
		const error = failed(await client('odd').verify());
		expect(error.code).toBe('bad-response');
		expect(error.hint).toMatch(/--debug/);
	});

	it('reports a cancelled verification without throwing', async () => {
		fixture.setFailure('acme', 'hang');
		const controller = new AbortController();
		const pending = client('acme').verify(controller.signal);
		controller.abort();
		expect(failed(await pending).code).toBe('cancelled');
	});

	it('keeps the latency of identity when a later check fails', async () => {
		fixture.route('GET', '/half/api/v2/users/myself', (_request, response) => {
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify({id: 2, userId: 'bob', name: 'Bob', roleType: 2}));
		});
		const check = await client('half').verify();
		expect(check.ok).toBe(false);
		expect(!check.ok && check.latencyMs).toBeGreaterThanOrEqual(0);
		expect(!check.ok && check.error.code).toBe('wrong-domain');
	});

	it('verifies 50 spaces at once on one agent, overlapping at the server', async () => {
		// a long answer gives every connection time to open even on a loaded machine
		const slow = await startBacklogServer([], {latencyMs: 1500});
		const keys = Array.from({length: 50}, (_, index) => `space${index}`);
		for (const key of keys) slow.addSpace({key});
		const shared = new Http();
		try {
			const checks = await Promise.all(
				keys.map(key => new BacklogClient(shared, slow.origin(key), {type: 'api-key', apiKey: fixtureApiKey(key)}).verify()),
			);
			expect(checks.filter(check => !check.ok)).toEqual([]);
			expect(slow.requests).toHaveLength(150);
			expect(slow.stats.peakInFlight).toBeGreaterThanOrEqual(50);
		} finally {
			await shared.close();
			await slow.close();
		}
	});
});

describe('backlogError', () => {
	const origin = 'https://acme.backlog.com';
	const response = (status: number, text: string, headers: Record<string, string> = {}): HttpResponse => {
		let json: unknown;
		try {
			json = JSON.parse(text) as unknown;
		} catch {}

		return {status, headers, text, json, latencyMs: 1};
	};

	it.each([
		[response(502, '<html><body>Bad gateway</body></html>', {'content-type': 'text/html'}), 'server'],
		[response(200, '<!DOCTYPE html><html></html>'), 'wrong-domain'],
		[response(302, '', {location: 'https://acme.backlog.com/Login.action'}), 'wrong-domain'],
		[response(429, ''), 'rate-limited'],
		[response(400, '{"errors":[{"message":"Invalid request.","code":7,"moreInfo":""}]}'), 'bad-response'],
		[response(200, 'not json', {'content-type': 'text/plain'}), 'bad-response'],
		[response(403, '{"errors":[{"message":"Licence","code":2,"moreInfo":""}]}'), 'licence'],
		[response(401, '', {'www-authenticate': 'Bearer error="invalid_token"'}), 'unauthorized'],
	])('%#: HTTP %s → %s', (answer, code) => {
		const error = backlogError(answer, origin);
		expect(error.code).toBe(code);
		expect(error.hint).toBeTruthy();
		expect(error.message).not.toMatch(/\n/);
	});

	it('says when the rate limit resets only when it knows', () => {
		expect(backlogError(response(429, ''), origin).message).toBe('acme.backlog.com says too many requests.');
	});

	it('passes on what Backlog said for errors it has no word for', () => {
		expect(backlogError(response(400, '{"errors":[{"message":"Invalid request.","code":7}]}'), origin).message).toMatch(/Invalid request\./);
	});

	it('tells an expired OAuth token from a rejected key', () => {
		expect(isExpiredTokenResponse(response(401, '', {'www-authenticate': 'Bearer error="invalid_token"'}))).toBe(true);
		expect(isExpiredTokenResponse(response(401, '{"errors":[{"message":"Authentication failure.","code":11}]}', {'www-authenticate': 'Bearer'}))).toBe(false);
		expect(isExpiredTokenResponse(response(401, '{"errors":[{"message":"Authentication failure.","code":11}]}'))).toBe(false);
		expect(isExpiredTokenResponse(response(403, '', {'www-authenticate': 'Bearer'}))).toBe(false);
	});
});
