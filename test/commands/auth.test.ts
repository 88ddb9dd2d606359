import {readFileSync, writeFileSync, existsSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fixtureApiKey, startBacklogServer, type BacklogFixture} from '../fixtures/backlog-server.js';
import {cleanEnv, clearTestKeyring, filesBelow, filesContaining, modeOf, removeDir, runCli, storageUnderTest, storedInUnderTest, tempDir} from '../helpers/run-cli.js';

let fixture: BacklogFixture;
const directories: string[] = [];

function newConfig() {
	const directory = tempDir();
	directories.push(directory);
	return {directory, env: cleanEnv(path.join(directory, 'config'))};
}

async function login(env: NodeJS.ProcessEnv, key: string, apiKey = fixtureApiKey(key)) {
	return runCli(['auth', 'login', '--space', fixture.origin(key), '--with-token'], {env, input: `${apiKey}\n`});
}

beforeAll(async () => {
	fixture = await startBacklogServer([
		{key: 'acme', name: 'Acme Inc.', user: {name: 'Ada Lovelace', userId: 'ada'}, roleType: 1, projects: 3},
		{key: 'globex', name: 'Globex', user: {name: 'Grace Hopper', userId: 'grace'}, roleType: 4, projects: 0},
	]);
	for (let index = 0; index < 20; index++) fixture.addSpace({key: `team${index}`});
});

afterAll(async () => {
	await fixture.close();
	for (const directory of directories) removeDir(directory);
	await clearTestKeyring();
});

describe('a user with two spaces', () => {
	it('logs in, lists, switches, checks, pipes the token and logs out', async () => {
		const {directory, env} = newConfig();
		const first = await login(env, 'acme');
		expect(first.code).toBe(0);
		expect(first.stdout).toContain('Logged in to 127.0.0.1');
		expect(first.stdout).toContain('Ada Lovelace (ada)');

		const second = await login(env, 'globex');
		expect(second.code).toBe(0);
		// the newest login becomes current; the warnings reach the user
		expect(second.stderr).toContain('You see no project in this space');
		expect(second.stderr).toContain('read-only');

		const list = await runCli(['auth', 'list', '--json'], {env});
		const rows = JSON.parse(list.stdout) as Array<{origin: string; current: boolean; spaceKey: string}>;
		expect(rows.map(row => [row.origin, row.current])).toEqual([
			[fixture.origin('acme'), false],
			[fixture.origin('globex'), true],
		]);

		const use = await runCli(['auth', 'use', fixture.origin('acme')], {env});
		expect(use.code).toBe(0);
		const plain = await runCli(['auth', 'list'], {env});
		expect(plain.stdout).toMatch(/^\* \S+\s+http:\/\/127\.0\.0\.1:\d+\/acme/m);

		const status = await runCli(['auth', 'status', '--all'], {env});
		expect(status.code).toBe(0);
		expect(status.stdout).toContain('Logged in as Ada Lovelace (ada)');
		expect(status.stdout).toContain('Logged in as Grace Hopper (grace)');
		expect(status.stdout).toContain(`Stored in: ${storedInUnderTest}`);
		expect(status.stdout).toContain(`API key: ${fixtureApiKey('acme').slice(0, 4)}...`);
		expect(status.stdout).toContain('Role: Viewer');

		const json = await runCli(['auth', 'status', '--json'], {env});
		const report = JSON.parse(json.stdout) as {spaces: Array<Record<string, unknown>>};
		expect(report.spaces).toHaveLength(1);
		expect(report.spaces[0]).toMatchObject({origin: fixture.origin('acme'), authMethod: 'API key', storedIn: storedInUnderTest, ok: true, projectCount: 3});
		expect(report.spaces[0].loggedInAs).toMatchObject({name: 'Ada Lovelace', userId: 'ada'});

		const token = await runCli(['auth', 'token'], {env});
		expect(token.stdout).toBe(`${fixtureApiKey('acme')}\n`);
		const other = await runCli(['auth', 'token', '--space', fixture.origin('globex')], {env});
		expect(other.stdout.trim()).toBe(fixtureApiKey('globex'));

		const logout = await runCli(['auth', 'logout', fixture.origin('globex')], {env});
		expect(logout.code).toBe(0);
		const after = JSON.parse((await runCli(['auth', 'list', '--json'], {env})).stdout) as unknown[];
		expect(after).toHaveLength(1);

		// nothing but the encrypted file holds a secret, and it holds them encrypted
		expect(filesContaining(directory, [fixtureApiKey('acme'), fixtureApiKey('globex')])).toEqual([]);
	});

	it('keeps its files private: directory 0700, files 0600', async () => {
		const {env} = newConfig();
		await login(env, 'acme');
		const configDir = env.BL_TUI_CONFIG_DIR!;
		expect(modeOf(configDir)).toBe(0o700);
		const files = storageUnderTest === 'file' ? ['config.json', 'credentials.enc', 'key'] : ['config.json'];
		for (const file of files) expect(modeOf(path.join(configDir, file))).toBe(0o600);
		if (storageUnderTest === 'keyring') expect(existsSync(path.join(configDir, 'credentials.enc'))).toBe(false);
	});

	it('logout --all leaves no file of ours behind', async () => {
		const {env} = newConfig();
		await login(env, 'acme');
		await login(env, 'globex');
		const result = await runCli(['auth', 'logout', '--all'], {env});
		expect(result.code).toBe(0);
		expect(existsSync(env.BL_TUI_CONFIG_DIR!)).toBe(false);
	});
});

describe('failures', () => {
	it('refuses a wrong key with a hint and saves nothing', async () => {
		const {env} = newConfig();
		const result = await login(env, 'acme', 'x'.repeat(64));
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('error:');
		expect(result.stderr).toContain('hint:');
		expect(result.stderr).toContain('EditApiSettings.action');
		expect(result.stderr).not.toContain('x'.repeat(64));
		expect(existsSync(path.join(env.BL_TUI_CONFIG_DIR!, 'config.json'))).toBe(false);
	});

	it('refuses malformed spaces with exit 2', async () => {
		const {env} = newConfig();
		for (const space of ['acme.backlog.com@evil.com', 'ftp://acme.backlog.com', 'http://acme.backlog.com', 'ac me']) {
			const result = await runCli(['auth', 'login', '--space', space, '--with-token'], {env, input: 'k'});
			expect(result.code, space).toBe(2);
			expect(result.stderr, space).toMatch(/^error: .+\nhint: .+/m);
		}
	});

	it('reports a corrupt config.json by name and keeps it byte for byte', async () => {
		const {env} = newConfig();
		await login(env, 'acme');
		const file = path.join(env.BL_TUI_CONFIG_DIR!, 'config.json');
		const corrupt = '{"version":1,"spaces":{"x": [oops';
		writeFileSync(file, corrupt);
		for (const args of [['auth', 'list'], ['auth', 'use', 'acme'], ['auth', 'status']]) {
			const result = await runCli(args, {env});
			expect(result.code, args.join(' ')).toBe(1);
			expect(result.stderr).toContain(file);
			expect(result.stderr).toContain('not valid JSON');
		}

		expect(readFileSync(file, 'utf8')).toBe(corrupt);
	});

	it('refuses a config written by a newer version and keeps it', async () => {
		const {env} = newConfig();
		await login(env, 'acme');
		const file = path.join(env.BL_TUI_CONFIG_DIR!, 'config.json');
		const newer = JSON.stringify({version: 99, spaces: {}, profiles: {}});
		writeFileSync(file, newer);
		const result = await login(env, 'globex');
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('newer bl-tui');
		expect(readFileSync(file, 'utf8')).toBe(newer);
	});

	it('exits 1 from status when a check fails, naming the failure', async () => {
		const {env} = newConfig();
		await login(env, 'acme');
		await login(env, 'globex');
		fixture.setFailure('globex', 'ip');
		try {
			const result = await runCli(['auth', 'status', '--all'], {env});
			expect(result.code).toBe(1);
			expect(result.stdout).toContain('Logged in as Ada Lovelace');
			expect(result.stdout).toMatch(/✗ IP blocked: .*does not allow access from this IP address/);
		} finally {
			fixture.setFailure('globex', 'none');
		}
	});
});

describe('environment precedence', () => {
	it('works from the environment alone, with no config at all', async () => {
		const {env} = newConfig();
		const result = await runCli(['auth', 'status', '--json'], {env: {...env, BL_SPACE: fixture.origin('acme'), BL_API_KEY: fixtureApiKey('acme')}});
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout) as {spaces: Array<{storedIn: string; ok: boolean}>};
		expect(report.spaces[0]).toMatchObject({storedIn: 'Environment variable', ok: true});
		expect(existsSync(env.BL_TUI_CONFIG_DIR!)).toBe(false);
	});

	it('lets the environment key win over the stored one and says so', async () => {
		const {env} = newConfig();
		await login(env, 'acme');
		const wrong = await runCli(['auth', 'status'], {env: {...env, BACKLOG_API_KEY: 'y'.repeat(64)}});
		expect(wrong.code).toBe(1);
		expect(wrong.stdout).toContain('Stored in: Environment variable');
		const token = await runCli(['auth', 'token'], {env: {...env, BL_API_KEY: 'from-env'}});
		expect(token.stdout.trim()).toBe('from-env');
	});

	it('chooses the space by --space > BL_SPACE > BACKLOG_DOMAIN > current', async () => {
		const {env} = newConfig();
		await login(env, 'acme');
		await login(env, 'globex');
		const current = async (extra: NodeJS.ProcessEnv, args: string[] = []) =>
			(await runCli(['auth', 'token', ...args], {env: {...env, ...extra}})).stdout.trim();
		expect(await current({})).toBe(fixtureApiKey('globex'));
		expect(await current({BACKLOG_DOMAIN: fixture.origin('acme')})).toBe(fixtureApiKey('acme'));
		expect(await current({BACKLOG_DOMAIN: fixture.origin('acme'), BL_SPACE: fixture.origin('globex')})).toBe(fixtureApiKey('globex'));
		expect(await current({BL_SPACE: fixture.origin('globex')}, ['--space', fixture.origin('acme')])).toBe(fixtureApiKey('acme'));
	});
});

describe('two processes at once', () => {
	it('20 parallel logins into 20 spaces leave 20 spaces', async () => {
		const {env} = newConfig();
		const results = await Promise.all(Array.from({length: 20}, async (_, index) => login(env, `team${index}`)));
		expect(results.map(result => result.code)).toEqual(Array.from({length: 20}, () => 0));
		const rows = JSON.parse((await runCli(['auth', 'list', '--json'], {env})).stdout) as Array<{spaceKey: string}>;
		expect(rows).toHaveLength(20);
		const tokens = await Promise.all(Array.from({length: 20}, async (_, index) => runCli(['auth', 'token', '--space', fixture.origin(`team${index}`)], {env})));
		expect(tokens.map(token => token.stdout.trim())).toEqual(Array.from({length: 20}, (_, index) => fixtureApiKey(`team${index}`)));
	}, 180_000);
});

describe('--debug', () => {
	it('traces requests with the key redacted', async () => {
		const {directory, env} = newConfig();
		const result = await runCli(['--debug', 'auth', 'login', '--space', fixture.origin('acme'), '--with-token'], {env, input: fixtureApiKey('acme')});
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('[debug] → GET');
		expect(result.stderr).toContain('apiKey=***');
		expect(result.stderr + result.stdout).not.toContain(fixtureApiKey('acme'));
		expect(filesBelow(directory).length).toBeGreaterThan(0);
		expect(filesContaining(directory, [fixtureApiKey('acme')])).toEqual([]);
	});
});
