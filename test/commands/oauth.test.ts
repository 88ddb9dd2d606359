import {existsSync} from 'node:fs';
import {createServer} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {approveWithHttp, installOAuth, type OAuthAppOptions, type OAuthController} from '../fixtures/backlog-oauth.js';
import {startBacklogServer, type BacklogFixture} from '../fixtures/backlog-server.js';
import {cleanEnv, clearTestKeyring, filesContaining, removeDir, runCli, startCli, storedInUnderTest, tempDir, type CliResult} from '../helpers/run-cli.js';

const clientId = 'cli-client-id';
const clientSecret = 'cli-client-secret-0123456789abcdef';
const wrongSecret = 'not-the-client-secret-fedcba9876543210';
const slow = 120_000;

let fixture: BacklogFixture;
const directories: string[] = [];
const controllers: OAuthController[] = [];
/** Every command's output, to prove no secret reached a terminal; `auth token`'s stdout is its job. */
const outputs: Array<{args: string[]; result: CliResult}> = [];

beforeAll(async () => {
	fixture = await startBacklogServer([]);
});

afterAll(async () => {
	await fixture.close();
	for (const directory of directories) removeDir(directory);
	await clearTestKeyring();
});

/** A fresh space with its own OAuth app on the fixture and its own config dir. */
function newSpace(key: string, options: Partial<OAuthAppOptions> = {}) {
	fixture.addSpace({key, name: `${key} Inc.`, user: {name: 'Ada Lovelace', userId: 'ada'}});
	const oauth = installOAuth(fixture, key, {clientId, clientSecret, ...options});
	controllers.push(oauth);
	const directory = tempDir();
	directories.push(directory);
	const configDir = path.join(directory, 'config');
	return {key, origin: fixture.origin(key), oauth, configDir, env: cleanEnv(configDir, {BL_OAUTH_CLIENT_SECRET: clientSecret})};
}

type Space = ReturnType<typeof newSpace>;

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
	const result = await runCli(args, {env, timeoutMs: slow});
	outputs.push({args, result});
	return result;
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise(resolve => server.close(resolve));
	return port;
}

const authorizeUrlPattern = /http:\/\/127\.0\.0\.1:\d+\/\S*OAuth2AccessRequest\.action\?\S+/;

/** Starts `auth login-oauth` and returns once it has printed the authorize URL. */
async function startLogin(space: Space, {clientIdFlag = ['--client-id', clientId], env = space.env} = {}) {
	const port = await freePort();
	const args = ['auth', 'login-oauth', '--space', space.origin, ...clientIdFlag, '--no-browser', '--port', String(port)];
	const started = startCli(args, {env, timeoutMs: slow});
	const done = started.done.then(result => {
		outputs.push({args, result});
		return result;
	});
	const [url] = await started.waitForStderr(authorizeUrlPattern);
	return {url, port, child: started.child, done};
}

async function loginApproved(space: Space) {
	const login = await startLogin(space);
	const callback = await approveWithHttp(login.url);
	const result = await login.done;
	expect(result.code, result.stderr).toBe(0);
	return {callback, result, port: login.port};
}

async function statusJson(space: Space) {
	const result = await cli(['auth', 'status', '--json'], space.env);
	return {result, report: JSON.parse(result.stdout) as {spaces: Array<Record<string, unknown>>}};
}

async function accepts(origin: string, accessToken: string): Promise<boolean> {
	const response = await fetch(`${origin}/api/v2/users/myself`, {headers: {authorization: `Bearer ${accessToken}`}});
	await response.body?.cancel();
	return response.ok;
}

async function refreshTokenWorks(origin: string, refreshToken: string): Promise<boolean> {
	const response = await fetch(`${origin}/api/v2/oauth2/token`, {
		method: 'POST',
		headers: {'content-type': 'application/x-www-form-urlencoded'},
		body: new URLSearchParams({grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret}).toString(),
	});
	await response.body?.cancel();
	return response.ok;
}

const masked = (secret: string) => `${secret.slice(0, 4)}...`;

describe('auth login-oauth', () => {
	it('logs in after Approve, and status and token show the OAuth login', async () => {
		const space = newSpace('acme');
		const before = Date.now();
		const {callback, result, port} = await loginApproved(space);
		expect(callback.status).toBe(200);
		expect(callback.text).toContain('close this tab');
		expect(callback.location.toString()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/callback\\?code=`));
		expect(result.stderr).toContain(`http://127.0.0.1:${port}/callback`);
		expect(result.stdout).toContain('Logged in to 127.0.0.1');
		expect(result.stdout).toContain('as Ada Lovelace (ada)');
		expect(space.oauth.approvals).toBe(1);
		const [issued] = space.oauth.tokens;

		const {result: status, report} = await statusJson(space);
		expect(status.code, status.stderr).toBe(0);
		expect(report.spaces).toHaveLength(1);
		expect(report.spaces[0]).toMatchObject({
			origin: space.origin,
			authMethod: 'OAuth 2.0',
			clientId,
			clientSecret: masked(clientSecret),
			accessToken: masked(issued!.accessToken),
			storedIn: storedInUnderTest,
			ok: true,
		});
		expect(report.spaces[0]!.loggedInAs).toMatchObject({name: 'Ada Lovelace', userId: 'ada'});
		const expiresAt = Date.parse(report.spaces[0]!.expiresAt as string);
		expect(expiresAt).toBeGreaterThanOrEqual(before + 3_590_000);
		expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);

		const plain = await cli(['auth', 'status'], space.env);
		expect(plain.code).toBe(0);
		expect(plain.stdout).toContain('Auth method: OAuth 2.0');
		expect(plain.stdout).toContain(`Client ID: ${clientId}`);
		expect(plain.stdout).toContain(`Stored in: ${storedInUnderTest}`);

		const token = await cli(['auth', 'token'], space.env);
		expect(token.code, token.stderr).toBe(0);
		expect(token.stdout).toBe(`${issued!.accessToken}\n`);
		expect(await accepts(space.origin, token.stdout.trim())).toBe(true);
	}, slow);

	it('ends with a clear message when the user clicks Deny, and saves nothing', async () => {
		const space = newSpace('denied');
		const login = await startLogin(space, {clientIdFlag: [], env: {...space.env, BL_OAUTH_CLIENT_ID: clientId}});
		expect(new URL(login.url).searchParams.get('client_id')).toBe(clientId);
		const callback = await approveWithHttp(login.url, {deny: true});
		expect(callback.location.searchParams.get('error')).toBe('access_denied');
		const result = await login.done;
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('error: You denied access in the browser.');
		expect(result.stderr).toContain('hint: Run the login again and choose Approve');
		expect(space.oauth.tokens).toEqual([]);
		expect(existsSync(path.join(space.configDir, 'config.json'))).toBe(false);
	}, slow);

	it('times out when the client id is wrong and Backlog shows its error page', async () => {
		const space = newSpace('wrongid');
		const port = await freePort();
		const args = ['auth', 'login-oauth', '--space', space.origin, '--client-id', 'not-the-client', '--no-browser', '--port', String(port), '--timeout', '2'];
		const started = startCli(args, {env: space.env, timeoutMs: slow});
		const [url] = await started.waitForStderr(authorizeUrlPattern);
		const page = await fetch(url);
		expect(page.status).toBe(400);
		expect(await page.text()).toContain('Unknown client_id.');
		const result = await started.done;
		outputs.push({args, result});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('error: No answer from the browser within 2 seconds.');
		expect(result.stderr).toContain('hint: Run the login again');
		expect(existsSync(path.join(space.configDir, 'config.json'))).toBe(false);
	}, slow);

	it('says the client secret was rejected, without showing it, and saves nothing', async () => {
		const space = newSpace('badsecret');
		const login = await startLogin(space, {env: {...space.env, BL_OAUTH_CLIENT_SECRET: wrongSecret}});
		await approveWithHttp(login.url);
		const result = await login.done;
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('error: Backlog rejected the client id or client secret (invalid_client');
		expect(result.stderr).toContain('hint: Copy the client id and client secret again');
		expect(existsSync(path.join(space.configDir, 'config.json'))).toBe(false);
	}, slow);

	it('reports a failing token endpoint', async () => {
		const space = newSpace('tokenfail');
		const login = await startLogin(space);
		space.oauth.failNextToken(503, '<html>Service Unavailable</html>', 'text/html');
		await approveWithHttp(login.url);
		const result = await login.done;
		expect(result.code).toBe(1);
		expect(result.stderr).toContain("error: Backlog's token endpoint failed with HTTP 503.");
		expect(existsSync(path.join(space.configDir, 'config.json'))).toBe(false);
	}, slow);

	it('stops on Ctrl+C with exit 130 and frees the port', async () => {
		const space = newSpace('cancelled');
		const login = await startLogin(space);
		login.child.kill('SIGINT');
		const result = await login.done;
		expect(result.code).toBe(130);
		expect(result.stderr).toContain('error: The OAuth login was cancelled.');
		const again = createServer();
		await new Promise<void>((resolve, reject) => {
			again.once('error', reject);
			again.listen(login.port, '127.0.0.1', resolve);
		});
		await new Promise(resolve => again.close(resolve));
	}, slow);

	it('names --port when the port is in use', async () => {
		const space = newSpace('busyport');
		const occupier = createServer();
		await new Promise<void>(resolve => occupier.listen(0, '127.0.0.1', resolve));
		const {port} = occupier.address() as {port: number};
		try {
			const result = await cli(['auth', 'login-oauth', '--space', space.origin, '--client-id', clientId, '--no-browser', '--port', String(port)], space.env);
			expect(result.code).toBe(1);
			expect(result.stderr).toContain(`error: Port ${port} on 127.0.0.1 is already in use.`);
			expect(result.stderr).toMatch(/^hint: .*--port.*redirect URI/m);
		} finally {
			await new Promise(resolve => occupier.close(resolve));
		}
	}, slow);

	it('asks for the client secret with a hint when there is no terminal to prompt in', async () => {
		const space = newSpace('nosecret');
		const {BL_OAUTH_CLIENT_SECRET: _, ...env} = space.env;
		const result = await cli(['auth', 'login-oauth', '--space', space.origin, '--client-id', clientId, '--no-browser', '--port', String(await freePort())], env);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('error: No OAuth client secret.');
		expect(result.stderr).toContain('hint: Set BL_OAUTH_CLIENT_SECRET');
	}, slow);
});

describe('refreshing the access token', () => {
	it('auth refresh forces one and stores the rotated refresh token', async () => {
		const space = newSpace('rotate');
		await loginApproved(space);
		const [first] = space.oauth.tokens;
		const result = await cli(['auth', 'refresh'], space.env);
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toContain('Refreshed 127.0.0.1');
		expect(space.oauth.refreshCount).toBe(1);
		const second = space.oauth.tokens[1]!;
		expect(second.grant).toBe('refresh_token');
		expect(await refreshTokenWorks(space.origin, first!.refreshToken)).toBe(false);

		const token = await cli(['auth', 'token'], space.env);
		expect(token.stdout.trim()).toBe(second.accessToken);
		// a second refresh can only succeed with the rotated token stored
		const again = await cli(['auth', 'refresh', '--json'], space.env);
		expect(again.code, again.stderr).toBe(0);
		expect(space.oauth.refreshCount).toBe(2);
		expect(JSON.parse(again.stdout)).toMatchObject({origin: space.origin});
	}, slow);

	it('auth token refreshes before printing when the token is about to expire', async () => {
		const space = newSpace('soon', {expiresIn: 30});
		await loginApproved(space);
		expect(space.oauth.refreshCount).toBe(0);
		const token = await cli(['auth', 'token'], space.env);
		expect(token.code, token.stderr).toBe(0);
		expect(space.oauth.refreshCount).toBe(1);
		expect(token.stdout.trim()).toBe(space.oauth.tokens.at(-1)!.accessToken);
		expect(token.stdout.trim()).not.toBe(space.oauth.tokens[0]!.accessToken);
		expect(await accepts(space.origin, token.stdout.trim())).toBe(true);
	}, slow);

	it('auth status refreshes on a 401 and still passes', async () => {
		const space = newSpace('expired');
		await loginApproved(space);
		space.oauth.expireAll();
		expect(await accepts(space.origin, space.oauth.tokens[0]!.accessToken)).toBe(false);
		const {result, report} = await statusJson(space);
		expect(result.code, result.stderr).toBe(0);
		expect(report.spaces[0]).toMatchObject({ok: true, accessToken: masked(space.oauth.tokens[0]!.accessToken)});
		expect(space.oauth.refreshCount).toBe(1);

		const next = await statusJson(space);
		expect(next.result.code).toBe(0);
		expect(next.report.spaces[0]).toMatchObject({ok: true, accessToken: masked(space.oauth.tokens[1]!.accessToken)});
		expect(space.oauth.refreshCount).toBe(1);
	}, slow);

	it('two auth token processes racing on an expired token use the refresh token once', async () => {
		const space = newSpace('race', {expiresIn: 30, tokenLatencyMs: 300});
		await loginApproved(space);
		// the refreshed token lives long, so the second process has no reason to refresh again
		space.oauth.expiresIn = 3600;
		const [one, two] = await Promise.all([cli(['auth', 'token'], space.env), cli(['auth', 'token'], space.env)]);
		expect(one.code, one.stderr).toBe(0);
		expect(two.code, two.stderr).toBe(0);
		expect(space.oauth.refreshCount).toBe(1);
		expect(one.stdout).toBe(two.stdout);
		expect(one.stdout.trim()).toBe(space.oauth.tokens[1]!.accessToken);
	}, slow);

	it('a revoked refresh token ends in "log in again" with the login-oauth hint', async () => {
		const space = newSpace('revoked');
		await loginApproved(space);
		space.oauth.revokeRefresh();
		space.oauth.expireAll();
		const result = await cli(['auth', 'status'], space.env);
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('log in again');
		expect(result.stdout).toContain(`auth login-oauth --space ${space.key}`);
		expect(space.oauth.refreshCount).toBe(0);

		const refresh = await cli(['auth', 'refresh'], space.env);
		expect(refresh.code).toBe(1);
		expect(refresh.stderr).toContain('log in again');
		expect(refresh.stderr).toContain(`auth login-oauth --space ${space.key}`);

		// remembered: the dead access token is not handed out any more
		const token = await cli(['auth', 'token'], space.env);
		expect(token.code).toBe(1);
		expect(token.stdout).toBe('');
		expect(token.stderr).toContain('log in again');
	}, slow);
});

describe('secrets', () => {
	it('never reach a file in plain text, nor any output but auth token', () => {
		const secrets = [clientSecret, wrongSecret, ...controllers.flatMap(oauth => oauth.tokens.flatMap(pair => [pair.accessToken, pair.refreshToken]))];
		expect(secrets.length).toBeGreaterThan(10);
		for (const directory of directories) expect(filesContaining(directory, secrets)).toEqual([]);
		expect(outputs.length).toBeGreaterThan(20);
		for (const {args, result} of outputs) {
			const shown = args.includes('token') ? result.stderr : `${result.stdout}${result.stderr}`;
			for (const secret of secrets) expect(shown.includes(secret), `${args.join(' ')} printed a secret`).toBe(false);
		}
	});
});
