import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest';
import {verifyBitbucket, type BitbucketTarget} from '../../../source/core/clients/bitbucket.js';
import {Http} from '../../../source/core/clients/http.js';
import type {ProfileCheck} from '../../../source/core/types.js';
import {startAtlassianServer, type AtlassianServer} from '../../fixtures/atlassian-server.js';

const apiToken = 'ATATT3xFfGF0-bitbucket-api-token-42';
const workspaceToken = 'ATCTT3xFfGN0-workspace-access-token';
const repositoryToken = 'ATCTT3xFfGN0-repository-access-token';
let server: AtlassianServer;
let http: Http;

beforeAll(async () => {
	server = await startAtlassianServer();
	server.addAccount({email: 'me@acme.com', token: apiToken, displayName: 'Mia Krystof', username: 'mia'});
	server.addAccessToken({token: workspaceToken, workspaces: ['acme', 'acme-labs']});
	server.addAccessToken({token: repositoryToken, workspaces: ['acme'], kind: 'repository'});
	http = new Http({timeoutMs: 1500});
});

afterAll(async () => {
	await http.close();
	await server.close();
});

afterEach(() => {
	server.fail();
});

const basic = (overrides: Partial<BitbucketTarget> = {}): BitbucketTarget => ({
	profile: 'work',
	auth: 'basic',
	email: 'me@acme.com',
	token: apiToken,
	apiBase: server.bitbucketApi,
	...overrides,
});

const bearer = (overrides: Partial<BitbucketTarget> = {}): BitbucketTarget => ({
	profile: 'work',
	auth: 'bearer',
	token: workspaceToken,
	apiBase: server.bitbucketApi,
	...overrides,
});

function failure(check: ProfileCheck) {
	if (check.ok) throw new Error(`expected a failure, got ${JSON.stringify(check)}`);
	for (const secret of [apiToken, workspaceToken, repositoryToken]) expect(JSON.stringify(check.error)).not.toContain(secret);
	return check.error;
}

describe('Basic (API token with email)', () => {
	test('reads /2.0/user', async () => {
		const check = await verifyBitbucket(http, basic());
		expect(check).toMatchObject({ok: true, product: 'bitbucket', account: {displayName: 'Mia Krystof', username: 'mia'}});
		expect(check.ok && 'uuid' in check.account && check.account.uuid).toMatch(/^\{.+\}$/);
		expect(server.requests.at(-1)).toMatchObject({path: '/2.0/user', scheme: 'Basic'});
	});

	test('wrong token: unauthorized, mentioning the email', async () => {
		const error = failure(await verifyBitbucket(http, basic({token: 'nope'})));
		expect(error).toMatchObject({code: 'unauthorized', status: 401});
		expect(error.hint).toMatch(/email/);
	});

	test('403: forbidden, naming the scopes', async () => {
		server.fail(403);
		const error = failure(await verifyBitbucket(http, basic()));
		expect(error.code).toBe('forbidden');
		expect(error.hint).toMatch(/read:user/);
	});
});

describe('Bearer (access token)', () => {
	test('lists workspaces instead of /2.0/user', async () => {
		const check = await verifyBitbucket(http, bearer());
		expect(check).toMatchObject({ok: true, product: 'bitbucket', account: {workspaces: ['acme', 'acme-labs']}});
		expect(server.requests.at(-1)).toMatchObject({path: '/2.0/workspaces', scheme: 'Bearer'});
		expect(server.requests.some(request => request.path === '/2.0/user' && request.scheme === 'Bearer')).toBe(false);
	});

	test('a workspace it sees passes; one it does not is named', async () => {
		expect((await verifyBitbucket(http, bearer({workspace: 'acme-labs'}))).ok).toBe(true);
		const error = failure(await verifyBitbucket(http, bearer({workspace: 'other'})));
		expect(error.code).toBe('not-found');
		expect(error.hint).toContain('acme, acme-labs');
	});

	test('a repository token, refused by /2.0/workspaces, is checked through its workspace', async () => {
		const check = await verifyBitbucket(http, bearer({token: repositoryToken, workspace: 'acme'}));
		expect(check).toMatchObject({ok: true, account: {workspaces: ['acme']}});
		expect(server.requests.at(-1)?.path).toBe('/2.0/repositories/acme?pagelen=1');
	});

	test('a repository token without a workspace: forbidden', async () => {
		expect(failure(await verifyBitbucket(http, bearer({token: repositoryToken}))).code).toBe('forbidden');
	});

	test('wrong or revoked token: unauthorized, about access tokens', async () => {
		const error = failure(await verifyBitbucket(http, bearer({token: 'revoked'})));
		expect(error.code).toBe('unauthorized');
		expect(error.hint).toMatch(/access token/i);
	});
});

describe.each(['basic', 'bearer'] as const)('%s failures', auth => {
	const target = () => (auth === 'basic' ? basic() : bearer());

	test('429: rate-limited', async () => {
		server.fail(429, {retryAfter: 5});
		const error = failure(await verifyBitbucket(http, target()));
		expect(error.code).toBe('rate-limited');
		expect(error.resetAt).toBeDefined();
	});

	test('500: server', async () => {
		server.fail(500);
		expect(failure(await verifyBitbucket(http, target())).code).toBe('server');
	});

	test('an HTML page: wrong domain', async () => {
		server.fail('html');
		const error = failure(await verifyBitbucket(http, target()));
		expect(error.code).toBe('wrong-domain');
		expect(error.hint).toContain('api.bitbucket.org');
	});

	test('hang: timeout', async () => {
		server.fail('hang');
		const impatient = new Http({timeoutMs: 200});
		expect(failure(await verifyBitbucket(impatient, target())).code).toBe('timeout');
		await impatient.close();
	});

	test('Jira failures do not leak into Bitbucket', async () => {
		server.fail(500, {only: 'jira'});
		expect((await verifyBitbucket(http, target())).ok).toBe(true);
	});
});
