/**
 * `bl-tui --demo`: the app against a sandbox Backlog and Atlassian on loopback, with a temporary
 * config and the encrypted-file backend, so a newcomer sees every screen with no account and
 * nothing of theirs is touched. The sandbox is the same fake server the tests drive.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startAtlassianServer} from '../test/fixtures/atlassian-server.js';
import {installOAuth} from '../test/fixtures/backlog-oauth.js';
import {fixtureApiKey, startBacklogServer} from '../test/fixtures/backlog-server.js';
import {createSession, type RealSession} from './core/session.js';
import {normalizeSpace} from './core/spaces.js';
import {accounts, Store} from './core/store/store.js';
import type {SpaceRecord} from './core/types.js';

export const demoOAuthApp = {clientId: 'demo-client', clientSecret: 'demo-client-secret-0123456789'};

export type Demo = {session: RealSession; configDir: string; close(): Promise<void>};

export async function startDemo(env: NodeJS.ProcessEnv): Promise<Demo> {
	const backlog = await startBacklogServer([
		{key: 'acme', name: 'Acme Inc.', user: {name: 'Ada Lovelace', userId: 'ada'}, roleType: 1, projects: 7},
		{key: 'globex', name: 'Globex', user: {name: 'Grace Hopper', userId: 'grace'}, roleType: 2, projects: 3, latencyMs: 1800},
		{key: 'initech', name: 'Initech', user: {name: 'Peter Gibbons', userId: 'peter'}, roleType: 4, projects: 0},
		{key: 'umbrella', name: 'Umbrella', projects: 2, failure: 'rate-limited'},
		{key: 'hooli', name: 'Hooli', projects: 4},
	]);
	installOAuth(backlog, 'acme', demoOAuthApp);
	const atlassian = await startAtlassianServer({
		accounts: [{email: 'ada@example.com', token: 'demo-atlassian-token-0123456789', displayName: 'Ada Lovelace', username: 'ada'}],
	});
	const configDir = mkdtempSync(path.join(tmpdir(), 'bl-tui-demo-'));
	// the sandbox never reads or writes the user's own keyring or config
	const store = new Store({configDir, storage: 'file'});
	const keys: Record<string, string> = {
		acme: fixtureApiKey('acme'),
		globex: fixtureApiKey('globex'),
		initech: fixtureApiKey('initech'),
		umbrella: fixtureApiKey('umbrella'),
		hooli: 'revoked-key-that-hooli-no-longer-accepts-0000',
	};
	await store.withLock(async () => {
		for (const [key, apiKey] of Object.entries(keys)) await store.secrets.set(accounts.space(backlog.origin(key)), JSON.stringify({type: 'api-key', apiKey}));
		await store.secrets.set(accounts.atlassian('work'), 'demo-atlassian-token-0123456789');
		await store.update(data => {
			for (const key of Object.keys(keys)) {
				const space = normalizeSpace(backlog.origin(key));
				const record: SpaceRecord = {origin: space.origin, host: space.host, spaceKey: key, authMethod: 'api-key', addedAt: new Date().toISOString()};
				data.spaces[space.origin] = record;
			}

			data.currentSpace = backlog.origin('acme');
			data.profiles.work = {name: 'work', baseUrl: atlassian.url, email: 'ada@example.com', hasToken: true, addedAt: new Date().toISOString()};
			data.defaultProfile = 'work';
			data.fileBackendNoticeShown = true;
		});
	});
	const sandboxEnv: NodeJS.ProcessEnv = {...env, BL_TUI_CONFIG_DIR: configDir};
	for (const name of ['BL_SPACE', 'BL_API_KEY', 'BACKLOG_API_KEY', 'BACKLOG_DOMAIN', 'ATLASSIAN_API_TOKEN', 'BITBUCKET_TOKEN']) delete sandboxEnv[name];
	const session = await createSession({store, env: sandboxEnv});
	const removeConfig = () => rmSync(configDir, {recursive: true, force: true});
	// a hang-up can end the process before close() runs: the sandbox's secrets must not stay behind
	process.once('exit', removeConfig);
	return {
		session,
		configDir,
		async close() {
			removeConfig();
			process.off('exit', removeConfig);
			await Promise.all([session.close(), backlog.close(), atlassian.close()]);
		},
	};
}
