import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest';
import {verifyAtlassian} from '../../../source/core/clients/atlassian.js';
import {Http} from '../../../source/core/clients/http.js';
import type {ProfileCheck} from '../../../source/core/types.js';
import {startAtlassianServer, type AtlassianServer} from '../../fixtures/atlassian-server.js';

const token = 'ATATT3xFfGF0-jira-token-0123456789';
let server: AtlassianServer;
let http: Http;

beforeAll(async () => {
	server = await startAtlassianServer({
		accounts: [{email: 'me@acme.com', token, accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof'}],
	});
	http = new Http({timeoutMs: 1500});
});

afterAll(async () => {
	await http.close();
	await server.close();
});

afterEach(() => {
	server.fail();
});

function failure(check: ProfileCheck) {
	if (check.ok) throw new Error(`expected a failure, got ${JSON.stringify(check)}`);
	expect(JSON.stringify(check.error)).not.toContain(token);
	expect(check.error.message).not.toContain(token);
	return check.error;
}

const target = (overrides: Partial<Parameters<typeof verifyAtlassian>[1]> = {}) => ({
	profile: 'work',
	baseUrl: server.url,
	email: 'me@acme.com',
	token,
	...overrides,
});

describe('Jira / JSM', () => {
	test('reads who I am from /rest/api/3/myself with Basic email:token', async () => {
		const check = await verifyAtlassian(http, target());
		expect(check).toMatchObject({
			ok: true,
			profile: 'work',
			product: 'jira',
			account: {accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof', emailAddress: 'me@acme.com'},
		});
		expect(server.requests.at(-1)).toMatchObject({path: '/rest/api/3/myself', scheme: 'Basic'});
	});

	test('a trailing slash on the base does not double the path', async () => {
		const check = await verifyAtlassian(http, target({baseUrl: `${server.url}/`}));
		expect(check.ok).toBe(true);
		expect(server.requests.at(-1)?.path).toBe('/rest/api/3/myself');
	});

	test('wrong token: unauthorized, naming both causes', async () => {
		const error = failure(await verifyAtlassian(http, target({token: 'wrong-token-value'})));
		expect(error.code).toBe('unauthorized');
		expect(error.status).toBe(401);
		expect(error.hint).toMatch(/wrong or expired/);
		expect(error.hint).toMatch(/email is not the token owner's/);
	});

	test('another account email with a valid token: unauthorized', async () => {
		expect(failure(await verifyAtlassian(http, target({email: 'someone@acme.com'}))).code).toBe('unauthorized');
	});
});

describe('Confluence', () => {
	test('reads /wiki/rest/api/user/current', async () => {
		const check = await verifyAtlassian(http, target({product: 'confluence'}));
		expect(check).toMatchObject({ok: true, product: 'confluence', account: {accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof'}});
		expect(server.requests.at(-1)).toMatchObject({path: '/wiki/rest/api/user/current', scheme: 'Basic'});
	});

	test('wrong token: unauthorized', async () => {
		const error = failure(await verifyAtlassian(http, target({product: 'confluence', token: 'nope'})));
		expect(error).toMatchObject({code: 'unauthorized', status: 401});
	});
});

describe.each(['jira', 'confluence'] as const)('%s failures', product => {
	test('403: forbidden, authenticated but no permission', async () => {
		server.fail(403);
		const error = failure(await verifyAtlassian(http, target({product})));
		expect(error).toMatchObject({code: 'forbidden', status: 403});
		expect(error.hint).toMatch(/no permission/);
	});

	test('CAPTCHA headers: log in once in a browser', async () => {
		server.fail('captcha');
		const error = failure(await verifyAtlassian(http, target({product})));
		expect(error.code).toBe('captcha');
		expect(error.hint).toContain('browser');
		expect(error.hint).toContain('https://acme.atlassian.net/login.jsp');
	});

	test('429: rate-limited with the reset time from Retry-After', async () => {
		server.fail(429, {retryAfter: 120});
		const before = Math.floor(Date.now() / 1000);
		const error = failure(await verifyAtlassian(http, target({product})));
		expect(error.code).toBe('rate-limited');
		expect(error.resetAt).toBeGreaterThanOrEqual(before + 120);
		expect(error.resetAt).toBeLessThanOrEqual(before + 122);
		expect(error.hint).toMatch(/Wait until \d\d:\d\d:\d\d/);
	});

	test('5xx: server error', async () => {
		server.fail(500);
		expect(failure(await verifyAtlassian(http, target({product}))).code).toBe('server');
	});

	test('an HTML page: wrong domain', async () => {
		server.fail('html');
		const error = failure(await verifyAtlassian(http, target({product})));
		expect(error.code).toBe('wrong-domain');
		expect(error.hint).toContain('https://acme.atlassian.net');
	});

	test('a hanging server: timeout', async () => {
		server.fail('hang');
		const impatient = new Http({timeoutMs: 200});
		expect(failure(await verifyAtlassian(impatient, target({product}))).code).toBe('timeout');
		await impatient.close();
	});
});

test('a base that is not an Atlassian site (404): wrong domain', async () => {
	const error = failure(await verifyAtlassian(http, target({baseUrl: `${server.url}/somewhere`})));
	expect(error).toMatchObject({code: 'wrong-domain', status: 404});
});

test('nothing listening: refused, with latency unknown', async () => {
	const closed = await startAtlassianServer();
	const url = closed.url;
	await closed.close();
	const check = await verifyAtlassian(http, target({baseUrl: url}));
	expect(failure(check).code).toBe('refused');
	expect('latencyMs' in check).toBe(false);
});

test('cancelled by the caller', async () => {
	server.fail('hang');
	const controller = new AbortController();
	const pending = verifyAtlassian(http, target(), controller.signal);
	controller.abort();
	expect(failure(await pending).code).toBe('cancelled');
});

test('a trace never shows the token', async () => {
	const lines: string[] = [];
	const traced = new Http({trace: line => lines.push(line)});
	await verifyAtlassian(traced, target());
	await verifyAtlassian(traced, target({token: 'wrong-but-secret-token'}));
	await traced.close();
	expect(lines.length).toBeGreaterThan(0);
	const basic = Buffer.from(`me@acme.com:${token}`).toString('base64');
	for (const line of lines) {
		expect(line).not.toContain(token);
		expect(line).not.toContain(basic);
		expect(line).not.toContain('wrong-but-secret-token');
	}
});
