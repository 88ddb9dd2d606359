import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable, Writable} from 'node:stream';
import {Command} from 'commander';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import {registerAtlassianCommands} from '../../source/commands/atlassian.js';
import {printError, readAll, type CommandContext} from '../../source/commands/context.js';
import {toBlTuiError} from '../../source/core/errors.js';
import {Http} from '../../source/core/clients/http.js';
import {createSession, type RealSession} from '../../source/core/session.js';
import {accounts, Store} from '../../source/core/store/store.js';
import {startAtlassianServer, type AtlassianServer} from '../fixtures/atlassian-server.js';

const jiraToken = 'ATATT3xFfGF0-jira-token-for-work-0001';
const otherToken = 'ATATT3xFfGF0-jira-token-for-home-0002';
const accessToken = 'ATCTT3xFfGN0-workspace-access-token-03';

let server: AtlassianServer;
let configDir: string;
let store: Store;

beforeAll(async () => {
	server = await startAtlassianServer({
		accounts: [
			{email: 'mia@acme.com', token: jiraToken, accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof', username: 'mia'},
			{email: 'max@home.net', token: otherToken, accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Max Home'},
		],
		accessTokens: [{token: accessToken, workspaces: ['acme']}],
	});
});

afterAll(async () => {
	await server.close();
});

beforeEach(() => {
	configDir = mkdtempSync(path.join(tmpdir(), 'bl-tui-atlassian-'));
	store = new Store({configDir, storage: 'file'});
});

afterEach(() => {
	server.fail();
	process.exitCode = undefined;
	rmSync(configDir, {recursive: true, force: true});
});

type RunOptions = {
	env?: NodeJS.ProcessEnv;
	stdin?: string;
	/** A terminal: prompts answer from these, in order. */
	answers?: string[];
	secrets?: string[];
	json?: boolean;
	globalProfile?: string;
};

type Result = {code: number; stdout: string; stderr: string; asked: string[]; askedSecret: string[]};

function sink(chunks: string[]): NodeJS.WriteStream {
	return new Writable({
		write(chunk, _encoding, done) {
			chunks.push(String(chunk));
			done();
		},
	}) as unknown as NodeJS.WriteStream;
}

/** Runs `bl-tui <args>` through a commander program of our own, with a real store and the fake server. */
async function run(args: string[], options: RunOptions = {}): Promise<Result> {
	const out: string[] = [];
	const err: string[] = [];
	const asked: string[] = [];
	const askedSecret: string[] = [];
	const answers = [...(options.answers ?? [])];
	const secrets = [...(options.secrets ?? [])];
	const interactive = options.answers !== undefined || options.secrets !== undefined;
	const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as unknown as NodeJS.ReadStream;
	if (interactive) (stdin as {isTTY?: boolean}).isTTY = true;
	const stdout = sink(out);
	const stderr = sink(err);
	const http = new Http({timeoutMs: 2000});
	let session: Promise<RealSession> | undefined;
	const env = options.env ?? {};
	const context: CommandContext = {
		store,
		env,
		stdin,
		stdout,
		stderr,
		json: options.json === true,
		debug: false,
		color: false,
		interactive,
		options: {profile: options.globalProfile, json: options.json},
		session: async () => (session ??= createSession({store, env, http})),
		http: async () => http,
		async prompt(label) {
			asked.push(label);
			return answers.shift() ?? '';
		},
		async promptSecret(label) {
			askedSecret.push(label);
			return secrets.shift() ?? '';
		},
		readStdin: async () => readAll(stdin),
		print: text => out.push(`${text ?? ''}\n`),
		printJson: value => out.push(`${JSON.stringify(value, null, 2)}\n`),
		note: text => err.push(`${text}\n`),
		close: async () => http.close(),
	};

	const program = new Command().exitOverride().configureOutput({writeOut: text => out.push(text), writeErr: text => err.push(text)});
	registerAtlassianCommands(program, async () => context);
	process.exitCode = undefined;
	try {
		await program.parseAsync(args, {from: 'user'});
	} catch (error) {
		// what cli.ts does with a thrown failure
		printError(context, error);
		const code = toBlTuiError(error).code;
		process.exitCode = code === 'invalid-input' ? 2 : code === 'cancelled' ? 130 : 1;
	} finally {
		await context.close();
	}

	const code = Number(process.exitCode ?? 0);
	process.exitCode = undefined;
	return {code, stdout: out.join(''), stderr: err.join(''), asked, askedSecret};
}

function login(profile: string, extra: string[] = [], options: RunOptions = {}) {
	const [email, token] = profile === 'home' ? ['max@home.net', otherToken] : ['mia@acme.com', jiraToken];
	return run(['atlassian', 'login', '--profile', profile, '--base-url', server.url, '--email', email, ...extra], {stdin: token, ...options});
}

function filesText(): string {
	return readdirSync(configDir)
		.filter(name => !name.startsWith('.'))
		.map(name => readFileSync(path.join(configDir, name), 'latin1'))
		.join('\n');
}

describe('login flag rules', () => {
	test.each([
		[['--bearer'], '--bearer needs --bitbucket.'],
		[['--workspace', 'acme'], '--workspace needs --bitbucket.'],
		[['--bitbucket', '--bearer', '--email', 'mia@acme.com'], '--email is not used with --bearer.'],
	])('%j is a usage error (exit 2), refused before anything is sent', async (flags, message) => {
		const before = server.requests.length;
		const result = await run(['atlassian', 'login', '--profile', 'work', '--base-url', server.url, ...flags], {stdin: jiraToken});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`error: ${message}`);
		expect(result.stderr).toContain('hint: ');
		expect(server.requests.length).toBe(before);
		expect(store.read().profiles).toEqual({});
	});

	test.each([
		['--profile', ['--base-url', 'URL', '--email', 'mia@acme.com']],
		['--base-url', ['--profile', 'work', '--email', 'mia@acme.com']],
		['--email', ['--profile', 'work', '--base-url', 'https://acme.atlassian.net']],
	])('without a terminal a missing %s is an error, not a prompt', async (flag, args) => {
		const result = await run(['atlassian', 'login', ...args], {stdin: jiraToken});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`error: ${flag} is required.`);
		expect(result.asked).toEqual([]);
	});

	test('on a terminal missing values are prompted, the token masked', async () => {
		const result = await run(['atlassian', 'login'], {answers: ['work', server.url, 'mia@acme.com'], secrets: [jiraToken]});
		expect(result.code).toBe(0);
		expect(result.asked).toEqual(['Profile name: ', 'Base URL (e.g. https://acme.atlassian.net): ', 'Atlassian account email: ']);
		expect(result.askedSecret).toEqual(['API token (hidden): ']);
		expect(result.stderr).toContain('https://id.atlassian.com/manage-profile/security/api-tokens');
		expect(store.read().profiles.work).toMatchObject({baseUrl: server.url, email: 'mia@acme.com', hasToken: true});
	});

	test('on a terminal flags given are not asked again', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'work', '--base-url', server.url], {answers: ['mia@acme.com'], secrets: [jiraToken]});
		expect(result.code).toBe(0);
		expect(result.asked).toEqual(['Atlassian account email: ']);
	});

	test('an empty masked token is refused', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'work', '--base-url', server.url, '--email', 'mia@acme.com'], {secrets: ['']});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('error: The API token is empty.');
	});

	test('--token works, with a warning about shell history', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'work', '--base-url', server.url, '--email', 'mia@acme.com', '--token', jiraToken]);
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(/warning: --token lands in your shell history/);
	});

	test('a token on stdin gives no warning', async () => {
		const result = await login('work');
		expect(result.code).toBe(0);
		expect(result.stderr).not.toContain('warning');
	});

	test('nothing on stdin is an error', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'work', '--base-url', server.url, '--email', 'mia@acme.com'], {stdin: '\n'});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('error: No API token on stdin.');
	});

	test.each([
		['bad name!', 'is not a valid profile name'],
		['', '--profile is required'],
	])('profile name %j is refused', async (name, message) => {
		const result = await run(['atlassian', 'login', '--profile', name, '--base-url', server.url, '--email', 'mia@acme.com'], {stdin: jiraToken});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(message);
	});

	test.each([
		['http://acme.atlassian.net', 'Plain http:// is only allowed to this machine'],
		['https://me@acme.atlassian.net', 'carries a user name or password'],
		['ftp://acme.atlassian.net', 'addresses are not allowed'],
	])('base URL %s is refused with the reason', async (baseUrl, reason) => {
		const result = await run(['atlassian', 'login', '--profile', 'work', '--base-url', baseUrl, '--email', 'mia@acme.com'], {stdin: jiraToken});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(reason);
	});

	test('an email that is not one is refused', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'work', '--base-url', server.url, '--email', 'mia'], {stdin: jiraToken});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('"mia" is not an email address.');
	});

	test('a pasted page address is trimmed to the site, and said so', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'work', '--base-url', `${server.url}/jira/software/projects/FOO/boards/1/`, '--email', 'mia@acme.com'], {stdin: jiraToken});
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('Kept the site only: dropped "/jira/software/projects/FOO/boards/1"');
		expect(store.read().profiles.work!.baseUrl).toBe(server.url);
	});
});

describe('login verifies before saving', () => {
	test('Jira: checked with /rest/api/3/myself, then saved as the first, default profile', async () => {
		const result = await login('work');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('✓ Jira: logged in as Mia Krystof (5b10a2844c20165700ede21g)');
		expect(result.stdout).toContain('Saved profile "work" (default); token in Encrypted file.');
		expect(server.requests.at(-1)).toMatchObject({path: '/rest/api/3/myself', scheme: 'Basic'});
		const data = store.read();
		expect(data.defaultProfile).toBe('work');
		expect(data.profiles.work).toMatchObject({name: 'work', baseUrl: server.url, email: 'mia@acme.com', hasToken: true});
		expect(await store.secrets.get(accounts.atlassian('work'))).toBe(jiraToken);
	});

	test('the token is never on disk in plaintext, nor in any output', async () => {
		const result = await login('work', ['--bitbucket', '--bitbucket-api', server.bitbucketApi]);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('✓ Bitbucket');
		const bearer = await run(['atlassian', 'login', '--profile', 'ci', '--bitbucket', '--bearer', '--bitbucket-api', server.bitbucketApi], {stdin: accessToken});
		expect(bearer.code).toBe(0);
		const listed = await run(['atlassian', 'list', '--json']);
		const text = filesText();
		for (const secret of [jiraToken, accessToken]) {
			expect(text).not.toContain(secret);
			expect(result.stdout + result.stderr + bearer.stdout + bearer.stderr + listed.stdout).not.toContain(secret);
		}
	});

	test('Confluence: a /wiki address checks /wiki/rest/api/user/current and is remembered', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'docs', '--base-url', `${server.url}/wiki/spaces/ENG`, '--email', 'mia@acme.com'], {stdin: jiraToken});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('✓ Confluence: logged in as Mia Krystof');
		expect(server.requests.at(-1)?.path).toBe('/wiki/rest/api/user/current');
		expect(store.read().profiles.docs).toMatchObject({baseUrl: server.url, product: 'confluence'});
		await run(['atlassian', 'test', '--profile', 'docs']);
		expect(server.requests.at(-1)?.path).toBe('/wiki/rest/api/user/current');
	});

	test.each([
		['wrong token', () => {}, 'did not accept the credentials', "email is not the token owner's"],
		['403', () => server.fail(403), 'refused access (HTTP 403)', 'no permission'],
		['CAPTCHA', () => server.fail('captcha'), 'CAPTCHA', 'Log in once in a browser'],
		['429', () => server.fail(429, {retryAfter: 60}), 'rate-limiting', 'Wait until'],
		['500', () => server.fail(500), 'server error (HTTP 500)', 'status.atlassian.com'],
		['an HTML page', () => server.fail('html'), 'is not an Atlassian site', 'https://acme.atlassian.net'],
	])('%s: exit 1, error and hint, nothing saved', async (label, arrange, message, hint) => {
		arrange();
		const token = label === 'wrong token' ? 'ATATT-wrong-token-value-0000' : jiraToken;
		const result = await run(['atlassian', 'login', '--profile', 'work', '--base-url', server.url, '--email', 'mia@acme.com'], {stdin: token});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(message);
		expect(result.stderr).toContain(`hint: `);
		expect(result.stderr).toContain(hint);
		expect(result.stderr).toContain('Nothing was saved.');
		expect(result.stderr).not.toContain(token);
		expect(store.read().profiles).toEqual({});
		expect(await store.secrets.get(accounts.atlassian('work'))).toBeUndefined();
	});

	test('a failed re-login keeps the old token', async () => {
		await login('work');
		const result = await run(['atlassian', 'login', '--profile', 'work', '--base-url', server.url, '--email', 'mia@acme.com'], {stdin: 'ATATT-wrong'});
		expect(result.code).toBe(1);
		expect(await store.secrets.get(accounts.atlassian('work'))).toBe(jiraToken);
	});

	test('the first profile is the default; --default moves it', async () => {
		await login('work');
		const second = await login('home');
		expect(second.stdout).toContain('Saved profile "home";');
		expect(store.read().defaultProfile).toBe('work');
		const third = await login('home', ['--default']);
		expect(third.stdout).toContain('Saved profile "home" (default)');
		expect(store.read().defaultProfile).toBe('home');
	});

	test('an environment token that would win is pointed out', async () => {
		const result = await login('work', [], {env: {ATLASSIAN_API_TOKEN: 'from-env'}});
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('ATLASSIAN_API_TOKEN is set and wins over the saved token');
	});
});

describe('login --bitbucket', () => {
	const bitbucketApi = () => ['--bitbucket-api', server.bitbucketApi];

	test('Basic: an API token with the profile email, checked on /2.0/user', async () => {
		await login('work');
		const result = await run(['atlassian', 'login', '--profile', 'work', '--bitbucket', ...bitbucketApi()], {stdin: jiraToken});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('✓ Bitbucket: logged in as Mia Krystof (mia)');
		expect(server.requests.at(-1)).toMatchObject({path: '/2.0/user', scheme: 'Basic'});
		expect(store.read().profiles.work).toMatchObject({hasToken: true, bitbucket: {auth: 'basic', email: 'mia@acme.com', apiBase: server.bitbucketApi}});
		expect(await store.secrets.get(accounts.bitbucket('work'))).toBe(jiraToken);
		expect(await store.secrets.get(accounts.atlassian('work'))).toBe(jiraToken);
	});

	test('Basic on a new profile without a terminal needs --email', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'bb', '--bitbucket', ...bitbucketApi()], {stdin: jiraToken});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('error: --email is required.');
	});

	test('Bearer: an access token, no email, checked on /2.0/workspaces', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'ci', '--bitbucket', '--bearer', '--workspace', 'acme', ...bitbucketApi()], {stdin: accessToken});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('✓ Bitbucket: logged in as an access token for acme');
		expect(server.requests.at(-1)).toMatchObject({path: '/2.0/workspaces', scheme: 'Bearer'});
		expect(store.read().profiles.ci).toMatchObject({bitbucket: {auth: 'bearer', workspace: 'acme'}, hasToken: false});
		expect(store.read().profiles.ci!.bitbucket!.email).toBeUndefined();
		expect(await store.secrets.get(accounts.bitbucket('ci'))).toBe(accessToken);
	});

	test('Bearer with a workspace the token cannot see: nothing saved', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'ci', '--bitbucket', '--bearer', '--workspace', 'other', ...bitbucketApi()], {stdin: accessToken});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('cannot see the workspace "other"');
		expect(store.read().profiles).toEqual({});
	});

	test('Bearer with a revoked token: nothing saved', async () => {
		const result = await run(['atlassian', 'login', '--profile', 'ci', '--bitbucket', '--bearer', ...bitbucketApi()], {stdin: 'revoked'});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/hint: The access token is wrong, expired or revoked/);
		expect(await store.secrets.get(accounts.bitbucket('ci'))).toBeUndefined();
	});
});

describe('list and use', () => {
	test('list marks the default with * and masks tokens', async () => {
		await login('work');
		await login('home');
		await run(['atlassian', 'login', '--profile', 'work', '--bitbucket', '--bearer', '--workspace', 'acme', '--bitbucket-api', server.bitbucketApi], {stdin: accessToken});
		const result = await run(['atlassian', 'list']);
		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/^\* work {2}http:\/\/127\.0\.0\.1:\d+ {2}mia@acme\.com {2}Jira {2}token ATAT\.\.\. \(Encrypted file\) {2}Bitbucket access token ATCT\.\.\. \(Encrypted file\) workspace acme$/);
		expect(lines[1]).toMatch(/^ {2}home {2}/);
		expect(result.stdout).not.toContain(jiraToken);
	});

	test('list --json carries the same, masked', async () => {
		await login('work');
		const result = await run(['atlassian', 'list', '--json']);
		const [profile] = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
		expect(profile).toMatchObject({name: 'work', default: true, baseUrl: server.url, product: 'jira', email: 'mia@acme.com', tokenSource: 'Encrypted file', maskedToken: 'ATAT...', bitbucket: null});
	});

	test('the global --json flag works too', async () => {
		await login('work');
		expect(JSON.parse((await run(['atlassian', 'list'], {json: true})).stdout)).toHaveLength(1);
	});

	test('list with no profiles says how to add one', async () => {
		const result = await run(['atlassian', 'list']);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('bl-tui atlassian login');
		expect(JSON.parse((await run(['atlassian', 'list', '--json'])).stdout)).toEqual([]);
	});

	test('an environment token shows as Environment variable', async () => {
		await login('my-work');
		const result = await run(['atlassian', 'list', '--json'], {env: {ATLASSIAN_CLI_TOKEN_MY_WORK: 'envtoken-0123456789abcdef'}});
		expect(JSON.parse(result.stdout)[0]).toMatchObject({tokenSource: 'Environment variable', maskedToken: 'envt...'});
	});

	test('use moves the default; an unknown name is an error naming the profiles', async () => {
		await login('work');
		await login('home');
		const used = await run(['atlassian', 'use', 'home']);
		expect(used.code).toBe(0);
		expect(used.stdout).toContain('Default profile is now "home"');
		expect(store.read().defaultProfile).toBe('home');
		const unknown = await run(['atlassian', 'use', 'nope']);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain('error: There is no profile named "nope".');
		expect(unknown.stderr).toContain('work, home');
	});
});

describe('test', () => {
	test('checks the default profile, or --profile', async () => {
		await login('work');
		await login('home');
		const byDefault = await run(['atlassian', 'test']);
		expect(byDefault.code).toBe(0);
		expect(byDefault.stdout).toMatch(/✓ Jira: logged in as Mia Krystof \(5b10a2844c20165700ede21g\) — profile "work", \d+ ms/);
		const named = await run(['atlassian', 'test', '--profile', 'home']);
		expect(named.stdout).toContain('logged in as Max Home');
		const global = await run(['atlassian', 'test'], {globalProfile: 'home'});
		expect(global.stdout).toContain('logged in as Max Home');
	});

	test('no default profile: the error names bl-tui atlassian use', async () => {
		await login('work');
		await login('home');
		await run(['atlassian', 'logout', '--profile', 'work', '--remove-profile']);
		const result = await run(['atlassian', 'test']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('error: No profile given and no default profile is set.');
		expect(result.stderr).toContain('hint: Pass --profile, or choose a default: bl-tui atlassian use <name> (home).');
	});

	test('no profile at all: the hint says how to log in', async () => {
		const result = await run(['atlassian', 'test']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('hint: Add one with bl-tui atlassian login');
	});

	test('a failing check: exit 1 with the reason', async () => {
		await login('work');
		server.fail(500);
		const result = await run(['atlassian', 'test']);
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('✗ Jira (profile "work"): server error');
		expect(result.stderr).toContain('error: Jira at 127.0.0.1');
	});

	test('--json prints every check', async () => {
		await login('work');
		server.fail(401, {only: 'jira'});
		const result = await run(['atlassian', 'test', '--json']);
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ok: false, product: 'jira', error: expect.objectContaining({code: 'unauthorized', status: 401})})]);
	});

	test('checks Bitbucket too when the profile has it; --bitbucket checks only Bitbucket', async () => {
		await login('work');
		await run(['atlassian', 'login', '--profile', 'work', '--bitbucket', '--bitbucket-api', server.bitbucketApi], {stdin: jiraToken});
		const both = await run(['atlassian', 'test']);
		expect(both.code).toBe(0);
		expect(both.stdout).toContain('✓ Jira');
		expect(both.stdout).toContain('✓ Bitbucket');
		const only = await run(['atlassian', 'test', '--bitbucket']);
		expect(only.stdout).not.toContain('Jira');
		expect(only.stdout).toContain('✓ Bitbucket');
	});

	test('the environment token wins over the stored one', async () => {
		await login('my-work');
		const result = await run(['atlassian', 'test'], {env: {ATLASSIAN_CLI_TOKEN_MY_WORK: 'wrong-env-token', ATLASSIAN_API_TOKEN: jiraToken}});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('did not accept the credentials');
		const global = await run(['atlassian', 'test'], {env: {ATLASSIAN_API_TOKEN: 'also-wrong'}});
		expect(global.code).toBe(1);
	});

	test('Bitbucket never falls back to the Jira token from the environment', async () => {
		await login('work');
		await run(['atlassian', 'login', '--profile', 'work', '--bitbucket', '--bearer', '--bitbucket-api', server.bitbucketApi], {stdin: accessToken});
		const jiraEnv = await run(['atlassian', 'test', '--bitbucket'], {env: {ATLASSIAN_API_TOKEN: 'wrong', ATLASSIAN_CLI_TOKEN_WORK: 'wrong'}});
		expect(jiraEnv.code).toBe(0);
		const bitbucketEnv = await run(['atlassian', 'test', '--bitbucket'], {env: {BITBUCKET_TOKEN: 'revoked'}});
		expect(bitbucketEnv.code).toBe(1);
	});
});

describe('logout', () => {
	test('by default forgets the tokens and keeps the profile', async () => {
		await login('work');
		const result = await run(['atlassian', 'logout', '--profile', 'work']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Forgot the tokens of profile "work"; the profile stays');
		expect(store.read().profiles.work).toMatchObject({hasToken: false});
		expect(store.read().defaultProfile).toBe('work');
		expect(await store.secrets.get(accounts.atlassian('work'))).toBeUndefined();
		const tested = await run(['atlassian', 'test']);
		expect(tested.code).toBe(1);
		expect(tested.stderr).toContain('No Atlassian API token is stored');
	});

	test('falls back to the default profile', async () => {
		await login('work');
		await login('home');
		await run(['atlassian', 'logout']);
		expect(store.read().profiles.work!.hasToken).toBe(false);
		expect(store.read().profiles.home!.hasToken).toBe(true);
	});

	test('--remove-profile of the default removes it and says the default is gone', async () => {
		await login('work');
		await login('home');
		const result = await run(['atlassian', 'logout', '--profile', 'work', '--remove-profile']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Removed profile "work" and its tokens.');
		expect(result.stderr).toContain('It was the default profile: there is no default now. Choose one with bl-tui atlassian use <name>.');
		expect(Object.keys(store.read().profiles)).toEqual(['home']);
		expect(store.read().defaultProfile).toBeUndefined();
		expect(await store.secrets.get(accounts.atlassian('work'))).toBeUndefined();
	});

	test('--remove-profile of another keeps the default', async () => {
		await login('work');
		await login('home');
		const result = await run(['atlassian', 'logout', '--profile', 'home', '--remove-profile']);
		expect(result.stderr).not.toContain('default');
		expect(store.read().defaultProfile).toBe('work');
	});

	test('--bitbucket forgets only Bitbucket', async () => {
		await login('work');
		await run(['atlassian', 'login', '--profile', 'work', '--bitbucket', '--bitbucket-api', server.bitbucketApi], {stdin: jiraToken});
		const result = await run(['atlassian', 'logout', '--profile', 'work', '--bitbucket']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Forgot the Bitbucket credentials of profile "work".');
		expect(store.read().profiles.work!.bitbucket).toBeUndefined();
		expect(await store.secrets.get(accounts.bitbucket('work'))).toBeUndefined();
		expect(await store.secrets.get(accounts.atlassian('work'))).toBe(jiraToken);
	});

	test('--bitbucket on a profile without Bitbucket is an error', async () => {
		await login('work');
		const result = await run(['atlassian', 'logout', '--profile', 'work', '--bitbucket']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('has no Bitbucket credentials');
	});

	test('--remove-profile with --bitbucket is refused', async () => {
		await login('work');
		const result = await run(['atlassian', 'logout', '--profile', 'work', '--remove-profile', '--bitbucket']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('do not go together');
		expect(store.read().profiles.work).toBeDefined();
	});

	test('an unknown profile is an error', async () => {
		const result = await run(['atlassian', 'logout', '--profile', 'nope']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('There is no profile named "nope".');
	});

	test('a token still coming from the environment is pointed out', async () => {
		await login('work');
		const result = await run(['atlassian', 'logout', '--profile', 'work'], {env: {ATLASSIAN_API_TOKEN: 'x'}});
		expect(result.stderr).toContain('ATLASSIAN_API_TOKEN is still set');
	});
});

describe('help', () => {
	test.each(['login', 'list', 'use', 'test', 'logout'])('atlassian %s --help', async name => {
		const out: string[] = [];
		const program = new Command('bl-tui').exitOverride().configureOutput({writeOut: text => out.push(text), writeErr: text => out.push(text)});
		registerAtlassianCommands(program, async () => {
			throw new Error('no context for help');
		});
		await expect(program.parseAsync(['atlassian', name, '--help'], {from: 'user'})).rejects.toMatchObject({code: 'commander.helpDisplayed'});
		expect(out.join('')).toContain(`Usage: bl-tui atlassian ${name}`);
		expect(out.join('')).not.toContain('--bitbucket-api');
	});
});
