import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import type {ProfileCandidate} from '../../source/core/session-types.js';
import {createFakeSession, failedProfileCheck, okProfileCheck} from '../helpers/fake-session.js';
import {keys, renderApp} from './render-app.js';

const token = 'ATATT3xFfGF0-token-value-1234';

afterEach(() => {
	cleanup();
});

async function onProfiles(options: Parameters<typeof createFakeSession>[0]) {
	const session = createFakeSession({firstRun: false, ...options});
	const app = await renderApp(session);
	await app.waitForFrame('[Spaces]');
	app.press(keys.tab);
	await app.waitForFrame('[Profiles]');
	return {session, app};
}

describe('Profiles screen', () => {
	it('lists profiles with the default marked and checks each on open', async () => {
		const {session, app} = await onProfiles({profiles: [{name: 'work', isDefault: true}, {name: 'oss', bitbucket: {auth: 'bearer', workspace: 'team'}, maskedBitbucketToken: 'BBAT...', bitbucketTokenSource: 'Environment variable'}]});
		await app.waitForFrame('›* work');
		const work = await session.next('verifyProfile', 'work');
		const oss = await session.next('verifyProfile', 'oss');
		expect(oss.args[1]).toEqual({bitbucket: true});
		work.resolve([okProfileCheck('work')]);
		const frame = await app.waitForFrame('Jira          ✓ 88ms Alice Atlassian (alice@');
		expect(frame).toContain('API token     ATAT... (System keyring)');
		expect(frame).toContain('Base URL      https://work.atlassian.net');
		expect(frame).toContain('Profile work');
		oss.resolve([failedProfileCheck('oss')]);
		await app.waitForFrame('✗ unauthorized');
		app.press(keys.down);
		const second = await app.waitForFrame('›  oss');
		expect(second).toContain('BB token      BBAT... (Environment variable)');
		expect(second).toContain('access token, workspace team');
		expect(second).toContain('Create a new API token.');
	});

	it('Enter makes the selected profile the default', async () => {
		const {session, app} = await onProfiles({profiles: [{name: 'work', isDefault: true}, {name: 'oss'}], answers: {verifyProfile: name => [okProfileCheck(name)]}});
		await app.waitForFrame('›* work');
		app.press(keys.down, keys.enter);
		await app.waitForFrame('oss is now the default profile.');
		await app.waitForFrame('›* oss');
		expect(session.profiles.find(profile => profile.isDefault)?.name).toBe('oss');
	});

	it('r re-verifies the selected profile, R all', async () => {
		const {session, app} = await onProfiles({profiles: [{name: 'work', isDefault: true}, {name: 'oss'}]});
		(await session.next('verifyProfile', 'work')).resolve([okProfileCheck('work')]);
		(await session.next('verifyProfile', 'oss')).resolve([okProfileCheck('oss')]);
		await app.waitForFrame('✓ 88ms');
		app.press('r');
		await session.next('verifyProfile', 'work');
		app.press('R');
		await session.next('verifyProfile', 'oss');
	});

	it('d offers credentials only, remove profile, or Bitbucket only', async () => {
		const {session, app} = await onProfiles({profiles: [{name: 'work', isDefault: true, bitbucket: {auth: 'basic'}}], answers: {verifyProfile: name => [okProfileCheck(name)]}});
		await app.waitForFrame('›* work');
		app.press('d');
		await app.waitForFrame('b Bitbucket only');
		app.press(keys.escape);
		await app.waitForGone('b Bitbucket only');
		app.press('d');
		await app.waitForFrame('c credentials only');
		app.press('b');
		await app.waitForFrame('Removed the Bitbucket credentials of work.');
		expect(session.profiles[0]?.bitbucket).toBeUndefined();
		app.press('d');
		await app.waitForFrame('c credentials only');
		app.press('c');
		await app.waitForFrame('Removed the credentials of work.');
		expect(session.profiles[0]?.hasToken).toBe(false);
		app.press('d');
		await app.waitForFrame('p remove the profile');
		app.press('p');
		await app.waitForFrame('Removed the profile work. There is no default profile now.');
		await app.waitForFrame('No Atlassian profiles yet');
	});

	it('adds an Atlassian profile through the wizard, verified before it is saved', async () => {
		const {session, app} = await onProfiles({});
		await app.waitForFrame('No Atlassian profiles yet');
		app.press('a');
		await app.waitForFrame('Atlassian API token');
		app.press(keys.enter);
		await app.waitForFrame('Profile name:');
		expect(app.frame()).toContain('default');
		app.press(keys.ctrlU, 'work\r');
		await app.waitForFrame('Site (e.g.');
		app.press('acme');
		await app.waitForFrame('→ https://acme.atlassian.net');
		app.press(keys.enter);
		await app.waitForFrame("Email of the token's owner");
		app.press('alice@example.com\r');
		await app.waitForFrame('API token (paste it');
		app.press(`\u001B[200~${token}\n\u001B[201~`);
		const call = await session.next('verifyProfileCandidate', 'work');
		expect(call.args[0]).toEqual({name: 'work', kind: 'atlassian', baseUrl: 'https://acme.atlassian.net', email: 'alice@example.com', token: '***'});
		expect(session.profiles).toEqual([]);
		call.resolve(okProfileCheck('work'));
		await app.waitForFrame('✓ Reached Jira as Alice Atlassian');
		app.press(keys.enter);
		await app.waitForFrame('Added the profile work, the default.');
		await app.waitForFrame('›* work');
		const saved = session.calls.find(c => c.method === 'saveProfile')!.args[0] as ProfileCandidate;
		expect(saved.kind).toBe('atlassian');
		for (const frame of app.frames) expect(frame).not.toContain(token);
	});

	it('adds a Bitbucket access token without asking for an email', async () => {
		const {session, app} = await onProfiles({profiles: [{name: 'work', isDefault: true}], answers: {verifyProfile: name => [okProfileCheck(name)]}});
		await app.waitForFrame('›* work');
		app.press('a');
		await app.waitForFrame('Bitbucket access token');
		app.press(keys.down, keys.down, keys.enter);
		await app.waitForFrame('Profile name:');
		app.press('work\r');
		await app.waitForFrame('Bitbucket API (Enter for https://api.bitbucket.org)');
		app.press(keys.enter);
		await app.waitForFrame('Bitbucket workspace (optional');
		expect(app.frame()).not.toContain('Email');
		app.press('team\r');
		await app.waitForFrame('Token (paste it');
		app.press(`${token}\r`);
		const call = await session.next('verifyProfileCandidate', 'work');
		expect(call.args[0]).toEqual({name: 'work', kind: 'bitbucket-bearer', bitbucketApi: 'https://api.bitbucket.org', workspace: 'team', token: '***'});
		call.resolve(failedProfileCheck('work', 'forbidden', 'The token lacks a scope.'));
		await app.waitForFrame('✗ The token lacks a scope.');
		expect(session.calls.some(c => c.method === 'saveProfile')).toBe(false);
		app.press(keys.escape);
		await app.waitForFrame('Bitbucket workspace');
	});

	it('e replaces the token, asking which one when the profile has Bitbucket too', async () => {
		const {session, app} = await onProfiles({profiles: [{name: 'work', isDefault: true, bitbucket: {auth: 'basic'}}], answers: {verifyProfile: name => [okProfileCheck(name)]}});
		await app.waitForFrame('›* work');
		app.press('e');
		await app.waitForFrame('Replace which token?');
		app.press(keys.down, keys.enter);
		await app.waitForFrame('Replace the Bitbucket token of work');
		app.press(`${token}\r`);
		const call = await session.next('replaceProfileToken', 'work');
		expect(call.args[2]).toEqual({bitbucket: true});
		call.resolve(okProfileCheck('work', 'bitbucket'));
		await app.waitForFrame('Token replaced');
		app.press(keys.enter);
		await app.waitForFrame('Replaced the Bitbucket token of work.');
	});
});
