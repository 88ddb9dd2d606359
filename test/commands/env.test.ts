import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {dotenvQuote, formatEnv, orgName, shellQuote, type EnvVariable} from '../../source/commands/env.js';
import {startAtlassianServer, type AtlassianServer} from '../fixtures/atlassian-server.js';
import {fixtureApiKey, startBacklogServer, type BacklogFixture} from '../fixtures/backlog-server.js';
import {accounts, Store} from '../../source/core/store/store.js';
import type {OAuthSecret} from '../../source/core/types.js';
import {cleanEnv, clearTestKeyring, cliPath, removeDir, runCli, storageUnderTest, tempDir, testKeyringService} from '../helpers/run-cli.js';

let fixture: BacklogFixture;
let atlassian: AtlassianServer;
let env: NodeJS.ProcessEnv;
const directories: string[] = [];

const atlassianToken = 'ATATT3xFfGF0-jira-token';
const bitbucketToken = 'ATBB-bitbucket-token';

function newConfig(): NodeJS.ProcessEnv {
	const directory = tempDir();
	directories.push(directory);
	return cleanEnv(path.join(directory, 'config'));
}

async function login(into: NodeJS.ProcessEnv, key: string) {
	const result = await runCli(['auth', 'login', '--space', fixture.origin(key), '--with-token'], {env: into, input: `${fixtureApiKey(key)}\n`});
	expect(result.code, result.stderr).toBe(0);
}

/** What bash sees after `eval "$(bl-tui env)"`: each named variable's value, exactly. */
function evalInBash(script: string, names: string[]): Record<string, string> {
	const printed = spawnSync('bash', ['-c', `eval "$(cat)"; for name in ${names.join(' ')}; do printf '%s\\0' "\${!name}"; done`], {input: script, encoding: 'utf8', env: {PATH: process.env.PATH}});
	expect(printed.status, printed.stderr).toBe(0);
	const values = printed.stdout.split('\0').slice(0, -1);
	return Object.fromEntries(names.map((name, index) => [name, values[index]!]));
}

/** Reads dotenv lines the way the format promises: `NAME="value"` with \\ \" \$ \n \r escaped. */
function parseDotenv(text: string): Array<[string, string]> {
	return text
		.split('\n')
		.filter(line => line !== '')
		.map(line => {
			const match = /^([A-Z\d_]+)="((?:[^"\\]|\\.)*)"$/.exec(line);
			expect(match, line).not.toBeNull();
			const value = match![2]!.replaceAll(/\\(.)/g, (_, escaped: string) => ({n: '\n', r: '\r'})[escaped] ?? escaped);
			return [match![1]!, value];
		});
}

beforeAll(async () => {
	fixture = await startBacklogServer([{key: 'acme'}, {key: 'my-team'}]);
	atlassian = await startAtlassianServer({accounts: [{email: 'dev@example.com', token: atlassianToken, displayName: 'Dev'}, {email: 'dev@example.com', token: bitbucketToken, workspaces: ['team']}]});
	env = newConfig();
	await login(env, 'acme');
	await login(env, 'my-team');
});

afterAll(async () => {
	await fixture.close();
	await atlassian.close();
	for (const directory of directories) removeDir(directory);
	await clearTestKeyring();
});

describe('bl-tui env for Backlog', () => {
	const names = ['BACKLOG_DOMAIN', 'BACKLOG_API_KEY', 'BACKLOG_ORG_ACME_DOMAIN', 'BACKLOG_ORG_ACME_API_KEY', 'BACKLOG_ORG_MY_TEAM_DOMAIN', 'BACKLOG_ORG_MY_TEAM_API_KEY'];
	const domain = (key: string) => fixture.origin(key).replace('http://', '');

	it('prints sh exports that bash can eval: the current space, then every stored space', async () => {
		const result = await runCli(['env'], {env});
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout.split('\n').filter(Boolean).map(line => line.split('=')[0])).toEqual(names.map(name => `export ${name}`));
		expect(evalInBash(result.stdout, names)).toEqual({
			BACKLOG_DOMAIN: domain('my-team'),
			BACKLOG_API_KEY: fixtureApiKey('my-team'),
			BACKLOG_ORG_ACME_DOMAIN: domain('acme'),
			BACKLOG_ORG_ACME_API_KEY: fixtureApiKey('acme'),
			BACKLOG_ORG_MY_TEAM_DOMAIN: domain('my-team'),
			BACKLOG_ORG_MY_TEAM_API_KEY: fixtureApiKey('my-team'),
		});
		// no TTY: no note about secrets on the terminal
		expect(result.stderr).toBe('');
	});

	it('gives the same variables in the same order as dotenv and as JSON', async () => {
		const sh = evalInBash((await runCli(['env'], {env})).stdout, names);
		const dotenv = await runCli(['env', '--format', 'dotenv'], {env});
		expect(dotenv.code, dotenv.stderr).toBe(0);
		expect(parseDotenv(dotenv.stdout)).toEqual(names.map(name => [name, sh[name]]));

		const json = await runCli(['env', '--format', 'json'], {env});
		const parsed = JSON.parse(json.stdout) as Record<string, string>;
		expect(Object.entries(parsed)).toEqual(names.map(name => [name, sh[name]]));

		// --json alone means the json format
		expect(JSON.parse((await runCli(['--json', 'env'], {env})).stdout)).toEqual(parsed);
	});

	it('dotenv output loads in bash too, as a sourced file would', async () => {
		const dotenv = (await runCli(['env', '--format', 'dotenv'], {env})).stdout;
		const loaded = spawnSync('bash', ['-c', 'set -a; eval "$(cat)"; printf "%s|%s" "$BACKLOG_DOMAIN" "$BACKLOG_ORG_ACME_API_KEY"'], {input: dotenv, encoding: 'utf8', env: {PATH: process.env.PATH}});
		expect(loaded.stdout).toBe(`${domain('my-team')}|${fixtureApiKey('acme')}`);
	});

	it('follows --space > BL_SPACE > BACKLOG_DOMAIN > current', async () => {
		const chosen = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
			const result = await runCli(['env', '--format', 'json', ...args], {env: {...env, ...extra}});
			expect(result.code, result.stderr).toBe(0);
			return (JSON.parse(result.stdout) as Record<string, string>).BACKLOG_DOMAIN;
		};

		expect(await chosen([])).toBe(domain('my-team'));
		expect(await chosen([], {BACKLOG_DOMAIN: fixture.origin('acme')})).toBe(domain('acme'));
		expect(await chosen([], {BL_SPACE: 'acme', BACKLOG_DOMAIN: fixture.origin('my-team')})).toBe(domain('acme'));
		expect(await chosen(['--space', 'my-team'], {BL_SPACE: 'acme'})).toBe(domain('my-team'));
		expect(await chosen(['--space', 'acme'])).toBe(domain('acme'));
	});

	it('lets BL_API_KEY win over the stored key of the chosen space only', async () => {
		const result = await runCli(['env', '--format', 'json'], {env: {...env, BL_API_KEY: 'key-from-env', BACKLOG_API_KEY: 'loses'}});
		const parsed = JSON.parse(result.stdout) as Record<string, string>;
		expect(parsed.BACKLOG_API_KEY).toBe('key-from-env');
		expect(parsed.BACKLOG_ORG_MY_TEAM_API_KEY).toBe('key-from-env');
		expect(parsed.BACKLOG_ORG_ACME_API_KEY).toBe(fixtureApiKey('acme'));
	});

	it('exports an OAuth space\'s access token as BACKLOG_ACCESS_TOKEN', async () => {
		const oauthEnv = newConfig();
		fixture.addSpace({key: 'oauth-co', bearerTokens: ['bearer-access-token']});
		const origin = fixture.origin('oauth-co');
		const store = new Store({configDir: oauthEnv.BL_TUI_CONFIG_DIR!, storage: storageUnderTest, keyringService: testKeyringService});
		const secret: OAuthSecret = {type: 'oauth', accessToken: 'bearer-access-token', refreshToken: 'refresh', expiresAt: Date.now() + 3_600_000, clientId: 'client', clientSecret: 'client-secret'};
		await store.secrets.set(accounts.space(origin), JSON.stringify(secret));
		await store.update(data => {
			data.spaces[origin] = {origin, host: new URL(origin).host, spaceKey: 'oauth-co', authMethod: 'oauth', clientId: 'client', addedAt: new Date().toISOString()};
			data.currentSpace = origin;
		});

		const result = await runCli(['env', '--format', 'json'], {env: oauthEnv});
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({
			BACKLOG_DOMAIN: domain('oauth-co'),
			BACKLOG_ACCESS_TOKEN: 'bearer-access-token',
			BACKLOG_ORG_OAUTH_CO_DOMAIN: domain('oauth-co'),
			BACKLOG_ORG_OAUTH_CO_ACCESS_TOKEN: 'bearer-access-token',
		});
	});

	it('works from the environment alone, with no config (CI)', async () => {
		const result = await runCli(['env', '--format', 'json'], {env: {...newConfig(), BACKLOG_DOMAIN: fixture.origin('acme'), BACKLOG_API_KEY: 'ci-key'}});
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({BACKLOG_DOMAIN: domain('acme'), BACKLOG_API_KEY: 'ci-key'});
	});

	it('warns on stderr when the secrets go to a terminal', () => {
		const terminal = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} env`, '/dev/null'], {
			encoding: 'utf8',
			env: {...newConfig(), BACKLOG_DOMAIN: fixture.origin('acme'), BL_API_KEY: 'tty-key'},
			timeout: 20_000,
		});
		expect(terminal.stdout).toContain('This output contains secrets');
		expect(terminal.stdout).toContain("export BACKLOG_API_KEY='tty-key'");
	});

	it('says how to log in when nothing is logged in', async () => {
		const result = await runCli(['env'], {env: newConfig()});
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('error: No space is logged in.');
		expect(result.stderr).toContain('hint: Log in with bl-tui auth login --space');
	});

	it('refuses --space with --profile, and an unknown format', async () => {
		const both = await runCli(['env', '--space', 'acme', '--profile', 'work'], {env});
		expect(both.code).toBe(2);
		expect(both.stderr).toContain('not both');
		const format = await runCli(['env', '--format', 'yaml'], {env});
		expect(format.code).toBe(2);
		expect(format.stdout).toBe('');
	});
});

describe('bl-tui env --profile', () => {
	let profileEnv: NodeJS.ProcessEnv;

	beforeAll(async () => {
		profileEnv = newConfig();
		const jira = await runCli(['atlassian', 'login', '--profile', 'my-work', '--base-url', atlassian.url, '--email', 'dev@example.com'], {env: profileEnv, input: `${atlassianToken}\n`});
		expect(jira.code, jira.stderr).toBe(0);
		const bitbucket = await runCli(['atlassian', 'login', '--profile', 'my-work', '--bitbucket', '--email', 'dev@example.com', '--workspace', 'team', '--bitbucket-api', atlassian.bitbucketApi], {
			env: profileEnv,
			input: `${bitbucketToken}\n`,
		});
		expect(bitbucket.code, bitbucket.stderr).toBe(0);
	});

	it('exports the Atlassian and Bitbucket credentials of the profile', async () => {
		const result = await runCli(['env', '--profile', 'my-work', '--format', 'json'], {env: profileEnv});
		expect(result.code, result.stderr).toBe(0);
		expect(Object.entries(JSON.parse(result.stdout) as Record<string, string>)).toEqual([
			['ATLASSIAN_BASE_URL', atlassian.url],
			['ATLASSIAN_EMAIL', 'dev@example.com'],
			['ATLASSIAN_API_TOKEN', atlassianToken],
			['ATLASSIAN_BITBUCKET_TOKEN', bitbucketToken],
			['BITBUCKET_TOKEN', bitbucketToken],
			['BITBUCKET_WORKSPACE', 'team'],
			['BITBUCKET_EMAIL', 'dev@example.com'],
		]);

		const sh = await runCli(['--profile', 'my-work', 'env'], {env: profileEnv});
		expect(evalInBash(sh.stdout, ['ATLASSIAN_API_TOKEN', 'BITBUCKET_TOKEN'])).toEqual({ATLASSIAN_API_TOKEN: atlassianToken, BITBUCKET_TOKEN: bitbucketToken});
	});

	it('takes tokens from the environment first, and never the Jira token for Bitbucket', async () => {
		const perProfile = await runCli(['env', '--profile', 'my-work', '--format', 'json'], {
			env: {...profileEnv, ATLASSIAN_CLI_TOKEN_MY_WORK: 'per-profile', ATLASSIAN_API_TOKEN: 'global'},
		});
		const parsed = JSON.parse(perProfile.stdout) as Record<string, string>;
		expect(parsed.ATLASSIAN_API_TOKEN).toBe('per-profile');
		expect(parsed.BITBUCKET_TOKEN).toBe(bitbucketToken);

		const bitbucket = await runCli(['env', '--profile', 'my-work', '--format', 'json'], {env: {...profileEnv, ATLASSIAN_BITBUCKET_TOKEN: 'bb-env', BITBUCKET_TOKEN: 'loses'}});
		expect((JSON.parse(bitbucket.stdout) as Record<string, string>).BITBUCKET_TOKEN).toBe('bb-env');
	});

	it('names the profiles there are when the one asked for does not exist', async () => {
		const result = await runCli(['env', '--profile', 'nope'], {env: profileEnv});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('There is no profile named "nope"');
		expect(result.stderr).toContain('my-work');
	});
});

describe('formats', () => {
	const awkward: EnvVariable[] = [
		{name: 'QUOTE', value: "it's"},
		{name: 'DOUBLE', value: 'say "hi" to $HOME and `id`'},
		{name: 'BACKSLASH', value: String.raw`C:\temp\n`},
		{name: 'LINES', value: 'one\ntwo'},
		{name: 'EMPTY', value: ''},
	];

	it('quotes awkward values so bash gets them back byte for byte', () => {
		const names = awkward.map(variable => variable.name);
		expect(evalInBash(formatEnv(awkward, 'sh'), names)).toEqual(Object.fromEntries(awkward.map(({name, value}) => [name, value])));
	});

	it('escapes backslash, quote, dollar and line breaks in dotenv', () => {
		expect(dotenvQuote('a"b$c\\d\ne')).toBe(String.raw`"a\"b\$c\\d\ne"`);
		expect(parseDotenv(formatEnv(awkward, 'dotenv'))).toEqual(awkward.map(({name, value}) => [name, value]));
		expect(formatEnv(awkward, 'dotenv').split('\n')).toHaveLength(awkward.length + 1);
	});

	it('quotes for sh with single quotes only', () => {
		expect(shellQuote("it's")).toBe(String.raw`'it'\''s'`);
		expect(JSON.parse(formatEnv(awkward, 'json'))).toEqual(Object.fromEntries(awkward.map(({name, value}) => [name, value])));
	});

	it('names each space by its key upper-cased, other characters as _', () => {
		expect(orgName('my-team')).toBe('MY_TEAM');
		expect(orgName('backlog.example.com:8443')).toBe('BACKLOG_EXAMPLE_COM_8443');
		expect(orgName('acme2')).toBe('ACME2');
	});
});
