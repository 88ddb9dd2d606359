import {existsSync} from 'node:fs';
import {createServer} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {installOAuth, type OAuthController} from '../fixtures/backlog-oauth.js';
import {startBacklogServer, type BacklogFixture} from '../fixtures/backlog-server.js';
import {approveInBrowser, chromiumPath, hasChromium} from '../helpers/browser.js';
import {cleanEnv, clearTestKeyring, removeDir, runCli, startCli, storedInUnderTest, tempDir} from '../helpers/run-cli.js';

const clientId = 'browser-client-id';
const clientSecret = 'browser-client-secret-0123456789abcdef';
const required = process.env.BL_TUI_REQUIRE_REAL === '1';
const slow = 120_000;

let fixture: BacklogFixture;
const directories: string[] = [];

beforeAll(async () => {
	fixture = await startBacklogServer([]);
});

afterAll(async () => {
	await fixture.close();
	for (const directory of directories) removeDir(directory);
	await clearTestKeyring();
});

function newSpace(key: string): {origin: string; oauth: OAuthController; configDir: string; env: NodeJS.ProcessEnv} {
	fixture.addSpace({key, name: 'Acme Inc.', user: {name: 'Ada Lovelace', userId: 'ada'}});
	const oauth = installOAuth(fixture, key, {clientId, clientSecret});
	const directory = tempDir();
	directories.push(directory);
	const configDir = path.join(directory, 'config');
	return {origin: fixture.origin(key), oauth, configDir, env: cleanEnv(configDir, {BL_OAUTH_CLIENT_SECRET: clientSecret})};
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise(resolve => server.close(resolve));
	return port;
}

/** The real built command, waiting for a browser; returns once it printed the URL to open. */
async function startLogin(space: ReturnType<typeof newSpace>) {
	const port = await freePort();
	const login = startCli(['auth', 'login-oauth', '--space', space.origin, '--client-id', clientId, '--no-browser', '--port', String(port), '--timeout', '90'], {
		env: space.env,
		timeoutMs: slow,
	});
	const [url] = await login.waitForStderr(/http:\/\/127\.0\.0\.1:\d+\/\S*OAuth2AccessRequest\.action\?\S+/);
	return {url, port, done: login.done};
}

function needsChromium(skip: (note: string) => void) {
	if (hasChromium()) return;
	if (required) throw new Error(`${chromiumPath} is missing and BL_TUI_REQUIRE_REAL=1 asks for the real browser test.`);
	skip(`${chromiumPath} is missing: install Debian's chromium to run the real-browser OAuth test`);
}

describe('bl-tui auth login-oauth with a real browser', () => {
	it('logs in when headless Chromium clicks Approve on the URL bl-tui printed', async ({skip}) => {
		needsChromium(skip);
		const space = newSpace('acme');
		const {url, port, done} = await startLogin(space);
		const outcome = await approveInBrowser(url, {timeoutMs: 60_000});
		expect(outcome.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/callback\\?code=`));
		expect(outcome.text).toContain('close this tab');

		const result = await done;
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toContain('Logged in to 127.0.0.1');
		expect(result.stdout).toContain('as Ada Lovelace (ada)');
		expect(space.oauth.approvals).toBe(1);

		const status = await runCli(['auth', 'status'], {env: space.env, timeoutMs: slow});
		expect(status.code, status.stdout).toBe(0);
		expect(status.stdout).toContain('Auth method: OAuth 2.0');
		expect(status.stdout).toContain('Logged in as Ada Lovelace (ada)');
		expect(status.stdout).toContain(`Stored in: ${storedInUnderTest}`);
		const token = await runCli(['auth', 'token'], {env: space.env, timeoutMs: slow});
		expect(token.stdout.trim()).toBe(space.oauth.tokens[0]!.accessToken);
	}, slow);

	it('ends with a clear message when Chromium clicks Deny', async ({skip}) => {
		needsChromium(skip);
		const space = newSpace('denied');
		const {url, done} = await startLogin(space);
		const outcome = await approveInBrowser(url, {deny: true, timeoutMs: 60_000});
		expect(outcome.url).toContain('error=access_denied');
		expect(outcome.text).toContain('close this tab');

		const result = await done;
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('error: You denied access in the browser.');
		expect(space.oauth.denials).toBe(1);
		expect(existsSync(path.join(space.configDir, 'config.json'))).toBe(false);
	}, slow);
});
