import {createServer as createHttpsServer} from 'node:https';
import {createServer as createNetServer, type AddressInfo, type LookupFunction} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Http, parseRateLimit} from '../../../source/core/clients/http.js';
import {BlTuiError} from '../../../source/core/errors.js';
import {fixtureApiKey, startBacklogServer, type BacklogFixture} from '../../fixtures/backlog-server.js';

// A throwaway self-signed certificate for 127.0.0.1, made for this test only.
const testKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgKMfawrS5UjdnJJBI
fIGKBHNxycXQqeKvhb0N8KyJG4ShRANCAATsjipE0yxm/vD4JtdVl+q+2q6OCp0d
yTbMcOmOz358UiJVcMixCEVauBjqoXCCX3kbLEwnr2a6fyX9TGaFZ/oa
-----END PRIVATE KEY-----`;
const testCert = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUGgAwIBAgIUNNPX1R0x8Vx0IsbipBHWoKiJv70wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMzE2NTE1MFoYDzIxMjYxMDMw
MTY1MTUwWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATsjipE0yxm/vD4JtdVl+q+2q6OCp0dyTbMcOmOz358UiJVcMixCEVa
uBjqoXCCX3kbLEwnr2a6fyX9TGaFZ/oao28wbTAdBgNVHQ4EFgQUPQPTJipbJFNx
fP1JBZMW+Yt3cG8wHwYDVR0jBBgwFoAUPQPTJipbJFNxfP1JBZMW+Yt3cG8wDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSQAwRgIhAMl3gDacOfWssZ6cvEgKY4s5+cDCp0SbKJfXz836ZILAAiEA
tN0wfRtlQvdsm7S1jgx7s0C0RelPSHI12cgCrvyyx1s=
-----END CERTIFICATE-----`;

const apiKey = fixtureApiKey('acme');

let fixture: BacklogFixture;
let closedPort: number;
let tlsServer: ReturnType<typeof createHttpsServer>;
let tlsPort: number;

beforeAll(async () => {
	fixture = await startBacklogServer([{key: 'acme'}, {key: 'slow', failure: 'hang'}]);
	const probe = createNetServer();
	await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
	closedPort = (probe.address() as AddressInfo).port;
	await new Promise<void>(resolve => probe.close(() => resolve()));
	tlsServer = createHttpsServer({key: testKey, cert: testCert}, (_request, response) => response.end('{}'));
	await new Promise<void>(resolve => tlsServer.listen(0, '127.0.0.1', resolve));
	tlsPort = (tlsServer.address() as AddressInfo).port;
});

afterAll(async () => {
	await fixture.close();
	tlsServer.closeAllConnections();
	await new Promise<void>(resolve => tlsServer.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<BlTuiError> {
	const error = await promise.then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(error).toBeInstanceOf(BlTuiError);
	return error as BlTuiError;
}

function failingLookup(code: string): LookupFunction {
	return (hostname, _options, callback) => {
		const error = Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), {code, hostname});
		process.nextTick(() => callback(error, '', 4));
	};
}

describe('Http.request', () => {
	it('answers with status, parsed JSON, lower-case headers, latency and rate limit', async () => {
		const http = new Http();
		try {
			const sent = Math.floor(Date.now() / 1000);
			const response = await http.request(`${fixture.origin('acme')}/api/v2/space?apiKey=${apiKey}`);
			expect(response.status).toBe(200);
			expect(response.json).toMatchObject({spaceKey: 'acme'});
			expect(response.headers['content-type']).toMatch(/json/);
			expect(response.latencyMs).toBeGreaterThanOrEqual(0);
			expect(response.rateLimit).toMatchObject({limit: 600});
			// the window ends after the second the request was sent in (it may end as the answer arrives)
			expect(response.rateLimit!.reset).toBeGreaterThan(sent);
		} finally {
			await http.close();
		}
	});

	it('leaves json undefined for an HTML page', async () => {
		const http = new Http();
		try {
			const response = await http.request(`${fixture.url}/nowhere/api/v2/space`);
			expect(response.status).toBe(404);
			expect(response.json).toBeUndefined();
			expect(response.text).toMatch(/<html>/i);
		} finally {
			await http.close();
		}
	});

	type Case = {name: string; code: string; url: () => string; options?: ConstructorParameters<typeof Http>[0]; message?: RegExp; hint?: RegExp};
	const cases: Case[] = [
		{
			name: 'a closed port',
			code: 'refused',
			url: () => `http://127.0.0.1:${closedPort}/api/v2/space?apiKey=${apiKey}`,
			message: /refused/,
			hint: /127\.0\.0\.1:\d+/,
		},
		{
			name: 'a host that does not resolve',
			code: 'dns',
			url: () => `http://nonexistent.invalid/api/v2/space?apiKey=${apiKey}`,
			options: {lookup: failingLookup('ENOTFOUND')},
			message: /nonexistent\.invalid/,
			hint: /spelling/,
		},
		{
			name: 'a resolver that cannot answer',
			code: 'dns',
			url: () => `http://nonexistent.invalid/api/v2/space?apiKey=${apiKey}`,
			options: {lookup: failingLookup('EAI_AGAIN')},
		},
		{
			name: 'a self-signed certificate',
			code: 'tls',
			url: () => `https://127.0.0.1:${tlsPort}/api/v2/space?apiKey=${apiKey}`,
			message: /certificate (is self-signed|is not trusted)/,
		},
		{
			name: 'https to a plain http port',
			code: 'tls',
			url: () => `https://127.0.0.1:${new URL(fixture.url).port}/acme/api/v2/space?apiKey=${apiKey}`,
			message: /does not speak TLS/,
		},
		{
			name: 'a server that never answers',
			code: 'timeout',
			url: () => `${fixture.origin('slow')}/api/v2/space?apiKey=${apiKey}`,
			options: {timeoutMs: 200},
			message: /200 ms/,
		},
	];

	it.each(cases)('maps $name to $code, with a hint and no secret', async ({code, url, options, message, hint}) => {
		const lines: string[] = [];
		const http = new Http({...options, trace: line => lines.push(line)});
		try {
			const error = await failure(http.request(url()));
			expect(error.code).toBe(code);
			expect(error.hint).toBeTruthy();
			if (message) expect(error.message).toMatch(message);
			if (hint) expect(error.hint).toMatch(hint);
			expect(error.message).not.toMatch(/\n/);
			expect(JSON.stringify(error.toJSON()) + error.message + lines.join('\n')).not.toContain(apiKey);
			expect(lines.at(-1)).toMatch(new RegExp(`^✗ GET .* ${code}: `));
		} finally {
			await http.close();
		}
	});

	it('maps the caller aborting mid-request to cancelled', async () => {
		const http = new Http();
		const controller = new AbortController();
		try {
			const pending = failure(http.request(`${fixture.origin('slow')}/api/v2/space?apiKey=${apiKey}`, {signal: controller.signal}));
			const before = fixture.requests.length;
			await expect.poll(() => fixture.requests.length).toBeGreaterThan(before);
			controller.abort();
			const error = await pending;
			expect(error.code).toBe('cancelled');
			expect(error.message).not.toContain(apiKey);
		} finally {
			await http.close();
		}
	});

	it('maps an already aborted signal to cancelled without sending anything', async () => {
		const http = new Http();
		try {
			const before = fixture.requests.length;
			const error = await failure(http.request(`${fixture.origin('acme')}/api/v2/space`, {signal: AbortSignal.abort()}));
			expect(error.code).toBe('cancelled');
			expect(fixture.requests.length).toBe(before);
		} finally {
			await http.close();
		}
	});

	it('traces one line per request and per response, with every secret redacted', async () => {
		const lines: string[] = [];
		const http = new Http({trace: line => lines.push(line)});
		const token = 'oauth-access-token-0123456789';
		try {
			await http.request(`${fixture.origin('acme')}/api/v2/space?apiKey=${apiKey}`);
			await http.request(`${fixture.origin('acme')}/api/v2/space`, {headers: {Authorization: `Bearer ${token}`}});
			await http.request(`${fixture.url}/acme/api/v2/oauth2/token`, {
				method: 'POST',
				body: 'grant_type=refresh_token&refresh_token=R1&client_secret=S1',
				secrets: ['R1', 'S1'],
			});
		} finally {
			await http.close();
		}

		expect(lines).toHaveLength(6);
		expect(lines[0]).toBe(`→ GET ${fixture.origin('acme')}/api/v2/space?apiKey=***`);
		expect(lines[1]).toMatch(/^← 200 GET .*\?apiKey=\*\*\* \d+ ms rate-limit \d+\/600 resets \d\d:\d\d:\d\d$/);
		expect(lines[2]).toContain('(Authorization: Bearer ***)');
		expect(lines[3]).toMatch(/^← 401 GET /);
		const all = lines.join('\n');
		for (const secret of [apiKey, token, 'R1', 'S1']) expect(all).not.toContain(secret);
	});

	it('runs 50 requests to one origin at once rather than queueing them', async () => {
		// a long answer gives every connection time to open even on a loaded machine
		const slow = await startBacklogServer([{key: 'acme', latencyMs: 1500}]);
		const http = new Http();
		try {
			const responses = await Promise.all(
				Array.from({length: 50}, () => http.request(`${slow.origin('acme')}/api/v2/space?apiKey=${apiKey}`)),
			);
			expect(responses.every(response => response.status === 200)).toBe(true);
			expect(slow.stats.peakInFlight).toBeGreaterThanOrEqual(40);
		} finally {
			await http.close();
			await slow.close();
		}
	});
});

describe('parseRateLimit', () => {
	it.each([
		[{'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '599', 'x-ratelimit-reset': '1700000000'}, {limit: 600, remaining: 599, reset: 1_700_000_000}],
		[{'X-RateLimit-Limit': '150', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1700000060'}, {limit: 150, remaining: 0, reset: 1_700_000_060}],
		[{'x-ratelimit-limit': ['60'], 'x-ratelimit-remaining': ['1'], 'x-ratelimit-reset': ['1']}, {limit: 60, remaining: 1, reset: 1}],
		[{'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '599'}, undefined],
		[{'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '1'}, undefined],
		[{}, undefined],
	])('%o', (headers, expected) => {
		expect(parseRateLimit(headers)).toEqual(expected);
	});
});
