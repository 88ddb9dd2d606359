import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {configDirRule, type DoctorLine, type DoctorReport} from '../../source/commands/doctor.js';
import {startAtlassianServer, type AtlassianServer} from '../fixtures/atlassian-server.js';
import {fixtureApiKey, startBacklogServer, type BacklogFixture} from '../fixtures/backlog-server.js';
import {cleanEnv, clearTestKeyring, removeDir, runCli, tempDir} from '../helpers/run-cli.js';

let fixture: BacklogFixture;
let atlassian: AtlassianServer;
const directories: string[] = [];
const atlassianToken = 'ATATT3xFfGF0-doctor-token';

function newConfig(extra: NodeJS.ProcessEnv = {}) {
	const directory = tempDir();
	directories.push(directory);
	const configDir = path.join(directory, 'config');
	return {directory, configDir, env: cleanEnv(configDir, extra)};
}

async function login(env: NodeJS.ProcessEnv, origin: string, apiKey: string) {
	const result = await runCli(['auth', 'login', '--space', origin, '--with-token'], {env, input: `${apiKey}\n`});
	expect(result.code, result.stderr).toBe(0);
}

async function addProfile(env: NodeJS.ProcessEnv) {
	const result = await runCli(['atlassian', 'login', '--profile', 'work', '--base-url', atlassian.url, '--email', 'dev@example.com'], {env, input: `${atlassianToken}\n`});
	expect(result.code, result.stderr).toBe(0);
}

async function doctorJson(env: NodeJS.ProcessEnv, args: string[] = []) {
	const result = await runCli(['doctor', '--json', ...args], {env});
	return {...result, report: JSON.parse(result.stdout) as DoctorReport};
}

function line(lines: DoctorLine[], label: string): DoctorLine {
	const found = lines.find(candidate => candidate.label === label);
	expect(found, `no line "${label}" in ${JSON.stringify(lines)}`).toBeDefined();
	return found!;
}

beforeAll(async () => {
	fixture = await startBacklogServer([{key: 'acme', user: {name: 'Ada Lovelace', userId: 'ada'}}]);
	atlassian = await startAtlassianServer({accounts: [{email: 'dev@example.com', token: atlassianToken, displayName: 'Dev Person'}]});
});

afterAll(async () => {
	await fixture.close();
	await atlassian.close();
	for (const directory of directories) removeDir(directory);
	await clearTestKeyring();
});

describe('bl-tui doctor', () => {
	it('gives a healthy setup ✓ everywhere and exit 0, without a secret in sight', async () => {
		const {env, configDir} = newConfig();
		await login(env, fixture.origin('acme'), fixtureApiKey('acme'));
		await addProfile(env);

		const text = await runCli(['doctor'], {env});
		expect(text.code, text.stdout + text.stderr).toBe(0);
		expect(text.stdout).toMatch(/^Config$/m);
		expect(text.stdout.split('\n').find(row => row.startsWith('  ✓ directory'))).toMatch(/^ {2}✓ directory\s+(\S+): mode 0700, chosen by BL_TUI_CONFIG_DIR$/);
		expect(text.stdout).toContain(`${configDir}: mode 0700`);
		expect(text.stdout).toMatch(/✓ config\.json\s+\S+: mode 0600; 1 space, 1 profile/);
		expect(text.stdout).toMatch(/✓ acme\s+http:\/\/127\.0\.0\.1:\d+\/acme {2}\d+ ms {2}Ada Lovelace \(ada\)/);
		expect(text.stdout).toMatch(/✓ work jira\s+\d+ ms {2}Dev Person/);
		expect(text.stdout).toMatch(/^Keyring\n {2}[✓!] system keyring/m);
		expect(text.stdout).toContain(`✓ Node`);
		for (const secret of [fixtureApiKey('acme'), atlassianToken]) expect(text.stdout + text.stderr).not.toContain(secret);

		const {code, report} = await doctorJson(env);
		expect(code).toBe(0);
		expect(report.ok).toBe(true);
		expect(report.failures).toBe(0);
		expect(line(report.sections.config, 'directory')).toMatchObject({status: 'ok', mode: '0700', chosenBy: 'BL_TUI_CONFIG_DIR', path: configDir});
		expect(line(report.sections.spaces, 'acme')).toMatchObject({status: 'ok', origin: fixture.origin('acme')});
		expect(line(report.sections.profiles, 'work jira')).toMatchObject({status: 'ok', account: 'Dev Person'});
		expect(line(report.sections.keyring, 'secrets').backend).toMatch(/^(keyring|file)$/);
	});

	it('shows the variables in effect by name, secrets only as "set", and which one wins', async () => {
		const {env} = newConfig();
		await login(env, fixture.origin('acme'), fixtureApiKey('acme'));
		await addProfile(env);
		const secrets = {BL_API_KEY: 'wrong-key-from-env', BACKLOG_API_KEY: 'ignored-key', ATLASSIAN_API_TOKEN: 'wrong-jira-token'};
		const withEnv = {...env, ...secrets, BL_SPACE: 'acme', BACKLOG_DOMAIN: fixture.origin('acme')};

		const text = await runCli(['doctor'], {env: withEnv});
		for (const secret of Object.values(secrets)) expect(text.stdout + text.stderr).not.toContain(secret);
		expect(text.stdout).toMatch(/✓ BL_SPACE\s+acme/);
		expect(text.stdout).toMatch(/✓ BL_API_KEY\s+set$/m);
		expect(text.stdout).toMatch(/✓ ATLASSIAN_API_TOKEN\s+set$/m);
		expect(text.stdout).toContain('from BL_SPACE; BACKLOG_DOMAIN ignored');
		expect(text.stdout).toContain('BL_API_KEY wins over the stored secret of the chosen space; BACKLOG_API_KEY is ignored');
		expect(text.stdout).toContain('ATLASSIAN_API_TOKEN wins over the stored Atlassian token');
		// the environment's wrong secrets are what gets checked, so both checks fail
		expect(text.stdout).toMatch(/✗ acme\s+\S+ {2}unauthorized/);
		expect(text.stdout).toMatch(/✗ work jira\s+unauthorized/);
		expect(text.stdout).toMatch(/ {4}hint: /);
		expect(text.code).toBe(1);

		const {report} = await doctorJson(withEnv);
		expect(line(report.sections.environment, 'BL_API_KEY')).toEqual({status: 'ok', label: 'BL_API_KEY', detail: 'set', name: 'BL_API_KEY', set: true});
		expect(line(report.sections.environment, 'space')).toMatchObject({winner: 'BL_SPACE'});
		expect(line(report.sections.environment, 'Backlog secret')).toMatchObject({winner: 'BL_API_KEY'});
		expect(JSON.stringify(report)).not.toContain('wrong-key-from-env');
	});

	it('reports a corrupt config.json, leaves it byte for byte, and goes on', async () => {
		const {env, configDir} = newConfig();
		await login(env, fixture.origin('acme'), fixtureApiKey('acme'));
		const configPath = path.join(configDir, 'config.json');
		const corrupt = Buffer.from('{"version": 1, "spaces": {\u00E9');
		writeFileSync(configPath, corrupt);

		const text = await runCli(['doctor'], {env});
		expect(text.code).toBe(1);
		expect(text.stdout).toMatch(/✗ config\.json\s+\S+config\.json: mode 0600; \S+ is not valid JSON/);
		expect(text.stdout).toContain('hint: bl-tui left the file as it is');
		// the rest of the report is still there
		expect(text.stdout).toMatch(/^Keyring$/m);
		expect(text.stdout).toMatch(/^Spaces\n {2}! not checked/m);
		expect(text.stderr).toBe('');
		expect(readFileSync(configPath).equals(corrupt)).toBe(true);

		const {report} = await doctorJson(env);
		expect(line(report.sections.config, 'config.json')).toMatchObject({status: 'fail', error: {code: 'config-corrupt'}});
		expect(readFileSync(configPath).equals(corrupt)).toBe(true);
	});

	it('exits 1 with the error word and a hint when a space does not answer', async () => {
		const dead = await startBacklogServer([{key: 'gone'}]);
		const {env} = newConfig();
		await login(env, fixture.origin('acme'), fixtureApiKey('acme'));
		await login(env, dead.origin('gone'), fixtureApiKey('gone'));
		await dead.close();

		const text = await runCli(['doctor'], {env});
		expect(text.code).toBe(1);
		expect(text.stdout).toMatch(/✓ acme\s/);
		expect(text.stdout).toMatch(/✗ gone\s+http:\/\/127\.0\.0\.1:\d+\/gone {2}refused: /);
		expect(text.stdout).toMatch(/1 problem\.$/m);

		const {report} = await doctorJson(env);
		expect(report.ok).toBe(false);
		expect(line(report.sections.spaces, 'gone')).toMatchObject({status: 'fail', error: {code: 'refused'}});
	});

	it('flags secret files others may read (✗) and a readable config.json (!)', async () => {
		const {env, configDir} = newConfig({BL_TUI_STORAGE: 'file'});
		await login(env, fixture.origin('acme'), fixtureApiKey('acme'));
		const secrets = path.join(configDir, 'credentials.enc');
		chmodSync(secrets, 0o644);

		const open = await runCli(['doctor'], {env});
		expect(open.code).toBe(1);
		expect(open.stdout).toMatch(/✗ credentials\.enc\s+\S+: mode 0644, expected 0600$/m);
		expect(open.stdout).toContain(`${secrets}: mode 0644`);
		expect(open.stdout).toContain(`hint: Others on this machine may read it: chmod 600 ${secrets}`);

		chmodSync(secrets, 0o600);
		chmodSync(path.join(configDir, 'config.json'), 0o644);
		chmodSync(configDir, 0o755);
		const {code, report} = await doctorJson(env);
		expect(code).toBe(0);
		expect(line(report.sections.config, 'config.json')).toMatchObject({status: 'warn', mode: '0644', expected: '0600'});
		expect(line(report.sections.config, 'directory')).toMatchObject({status: 'warn', mode: '0755', hint: `Others on this machine may read it: chmod 700 ${configDir}`});
		expect(line(report.sections.config, 'key')).toMatchObject({status: 'ok', mode: '0600'});
		expect(report.warnings).toBeGreaterThanOrEqual(2);
	});

	it('says which rule chose the config directory', async () => {
		const {directory, env} = newConfig();
		const flagged = path.join(directory, 'flagged');
		const byFlag = await doctorJson(env, ['--config-dir', flagged]);
		expect(line(byFlag.report.sections.config, 'directory')).toMatchObject({chosenBy: '--config-dir', path: flagged, mode: null});
		expect(byFlag.code).toBe(0);

		const xdg = path.join(directory, 'xdg');
		const byXdg = await doctorJson({...env, BL_TUI_CONFIG_DIR: undefined, XDG_CONFIG_HOME: xdg});
		expect(line(byXdg.report.sections.config, 'directory')).toMatchObject({chosenBy: 'XDG_CONFIG_HOME', path: path.join(xdg, 'bl-tui')});

		expect(configDirRule('/x', {BL_TUI_CONFIG_DIR: '/y'})).toBe('--config-dir');
		expect(configDirRule(undefined, {BL_TUI_CONFIG_DIR: '/y', XDG_CONFIG_HOME: '/z'})).toBe('BL_TUI_CONFIG_DIR');
		expect(configDirRule(undefined, {XDG_CONFIG_HOME: '/z'})).toBe('XDG_CONFIG_HOME');
		expect(configDirRule(undefined, {})).toBe('default');
	});

	it('warns about a per-profile variable that names no profile', async () => {
		const {env} = newConfig();
		await addProfile(env);
		const {report} = await doctorJson({...env, ATLASSIAN_CLI_TOKEN_HOME: 'x'});
		const lines = report.sections.environment.filter(candidate => candidate.label === 'ATLASSIAN_CLI_TOKEN_HOME');
		expect(lines.map(candidate => [candidate.status, candidate.detail])).toEqual([
			['ok', 'set'],
			['warn', 'names no profile'],
		]);
		expect(lines[1]!.hint).toContain('Profiles: work.');
	});
});
