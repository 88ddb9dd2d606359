import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import type {ImportCandidate} from '../../source/core/session-types.js';
import {normalizeSpace} from '../../source/core/spaces.js';
import {createFakeSession, failedCheck, okCheck, okProfileCheck} from '../helpers/fake-session.js';
import {keys, renderApp} from './render-app.js';

const acme = 'https://acme.backlog.com';
const beta = 'https://beta.backlog.jp';

afterEach(() => {
	cleanup();
});

function candidate(origin: string, source: string): ImportCandidate {
	return {source, space: normalizeSpace(origin), secret: {type: 'api-key', apiKey: 'imported-key-000000000000'}};
}

describe('first-time setup', () => {
	it('welcome → service → the API-key wizard → the Spaces tab', async () => {
		const session = createFakeSession();
		const app = await renderApp(session);
		await app.waitForFrame('Welcome to bl-tui');
		await app.waitForFrame('enter continue');
		app.press(keys.enter);
		await app.waitForFrame('What do you want to set up first?');
		app.press(keys.enter);
		await app.waitForFrame('How do you want to log in?');
		app.press(keys.enter);
		await app.waitForFrame('Space (a key such as acme');
		app.press('acme\r');
		await app.waitForFrame('EditApiSettings.action');
		app.press('Abcd1234Efgh5678Ijkl\r');
		(await session.next('verifyCandidate', acme)).resolve(okCheck(acme));
		await app.waitForFrame('✓ Logged in as Alice Example');
		app.press(keys.enter);
		await app.waitForFrame('[Spaces]');
		await app.waitForFrame('›* acme.backlog.com');
	});

	it('Esc from the wizard goes back to the service choice; Atlassian opens the profile wizard', async () => {
		const session = createFakeSession();
		const app = await renderApp(session);
		await app.waitForFrame('Welcome to bl-tui');
		app.press(keys.enter);
		await app.waitForFrame('What do you want to set up first?');
		app.press(keys.enter);
		await app.waitForFrame('How do you want to log in?');
		app.press(keys.escape);
		await app.waitForFrame('What do you want to set up first?');
		app.press(keys.down, keys.enter);
		await app.waitForFrame('Add an Atlassian profile');
		app.press(keys.enter, keys.ctrlU, 'work\r');
		await app.waitForFrame('Site (e.g.');
		app.press('acme\r', 'a@example.com\r');
		await app.waitForFrame('API token (paste it');
		app.press('token-000000000000000000\r');
		(await session.next('verifyProfileCandidate', 'work')).resolve(okProfileCheck('work'));
		await app.waitForFrame('✓ Reached Jira');
		app.press(keys.enter);
		await app.waitForFrame('[Profiles]');
		await app.waitForFrame('Profile work');
	});

	it('offers to import what it found, verifying each before saving it', async () => {
		const session = createFakeSession({firstRun: true, importCandidates: [candidate(acme, 'environment (BACKLOG_DOMAIN)'), candidate(beta, 'bl CLI keyring')]});
		const app = await renderApp(session);
		await app.waitForFrame('Found 2 credential(s) you can import.');
		app.press(keys.enter);
		await app.waitForFrame('Import credentials found on this machine');
		expect(app.frame()).toContain('[x] acme.backlog.com from environment (BACKLOG_DOMAIN)');
		app.press(keys.enter);
		const [first, second] = await Promise.all([session.next('verifyCandidate', acme), session.next('verifyCandidate', beta)]);
		first.resolve(okCheck(acme));
		second.resolve(failedCheck(beta, 'unauthorized'));
		await app.waitForFrame('✓ imported');
		await app.waitForFrame('✗ unauthorized');
		expect(session.spaces.map(space => space.origin)).toEqual([acme]);
		app.press(keys.enter);
		await app.waitForFrame('›* acme.backlog.com');
	});

	it('space unselects a candidate and s skips to the service choice', async () => {
		const session = createFakeSession({firstRun: true, importCandidates: [candidate(acme, 'environment'), candidate(beta, 'bl CLI')]});
		const app = await renderApp(session);
		await app.waitForFrame('Found 2');
		app.press(keys.enter);
		await app.waitForFrame('[x] acme.backlog.com');
		app.press(' ');
		await app.waitForFrame('[ ] acme.backlog.com');
		app.press(keys.enter);
		await session.next('verifyCandidate', beta);
		expect(session.callsOf('verifyCandidate').map(call => call.subject)).toEqual([beta]);
		const other = createFakeSession({firstRun: true, importCandidates: [candidate(acme, 'environment')]});
		cleanup();
		const skipping = await renderApp(other);
		await skipping.waitForFrame('Found 1');
		skipping.press(keys.enter);
		await skipping.waitForFrame('[x] acme.backlog.com');
		skipping.press('s');
		await skipping.waitForFrame('What do you want to set up first?');
		expect(other.spaces).toEqual([]);
	});
});
