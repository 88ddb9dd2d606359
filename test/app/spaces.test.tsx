import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {createFakeSession, failedCheck, okCheck} from '../helpers/fake-session.js';
import {keys, renderApp} from './render-app.js';

const acme = 'https://acme.backlog.com';
const beta = 'https://beta.backlog.jp';
const gamma = 'https://gamma.backlog.com';

function threeSpaces() {
	return createFakeSession({spaces: [{origin: acme, current: true}, {origin: beta}, {origin: gamma}]});
}

afterEach(() => {
	cleanup();
});

describe('Spaces screen', () => {
	it('lists spaces with the current one marked and checks each row concurrently', async () => {
		const session = threeSpaces();
		const app = await renderApp(session);
		await app.waitForFrame('acme.backlog.com');
		const [first, second, third] = await Promise.all([session.next('verify', acme), session.next('verify', beta), session.next('verify', gamma)]);
		expect(app.frame()).toMatch(/\* acme\.backlog\.com/);
		second.resolve(okCheck(beta, {latencyMs: 87}));
		await app.waitForFrame('✓ 87ms');
		first.resolve(failedCheck(acme, 'unauthorized'));
		await app.waitForFrame('✗ unauthorized');
		third.resolve(okCheck(gamma, {latencyMs: 301}));
		await app.waitForFrame('✓ 301ms');
	});

	it('moves with arrows, j/k, Home and End, and Enter switches the current space', async () => {
		const session = threeSpaces();
		const app = await renderApp(session);
		await app.waitForFrame('›* acme.backlog.com');
		app.press(keys.down);
		await app.waitForFrame('›  beta.backlog.jp');
		app.press('j');
		await app.waitForFrame('›  gamma.backlog.com');
		app.press('k');
		await app.waitForFrame('›  beta.backlog.jp');
		app.press(keys.end);
		await app.waitForFrame('›  gamma.backlog.com');
		app.press(keys.home);
		await app.waitForFrame('›* acme.backlog.com');
		app.press(keys.down, keys.enter);
		await app.waitForFrame('Switched to beta.backlog.jp');
		expect(session.spaces.find(space => space.current)?.origin).toBe(beta);
		await app.waitForFrame('›* beta.backlog.jp');
		expect(app.frame()).toMatch(/Space beta\.backlog\.jp/);
	});

	it('shows the selected space in the status panel, with warnings and rate limit', async () => {
		const session = createFakeSession({spaces: [{origin: acme, current: true, storedIn: 'Encrypted file'}], storage: {kind: 'file', storedIn: 'Encrypted file'}});
		const app = await renderApp(session);
		(await session.next('verify', acme)).resolve(okCheck(acme, {projectCount: 0, user: {id: 9, userId: 'viewer', name: 'Vera Viewer', roleType: 4}}));
		const frame = await app.waitForFrame('Logged in as  Vera Viewer (viewer)');
		expect(frame).toContain('Role          Viewer');
		expect(frame).toContain('May           read only');
		expect(frame).toContain('Auth method   API key');
		expect(frame).toContain('API key       abcd...');
		expect(frame).toContain('Stored in     Encrypted file');
		expect(frame).toContain('Check         ✓ 142ms');
		expect(frame).toMatch(/Rate limit\s+598\/600 left, resets in (59m|1h)/);
		expect(frame).toContain('Projects      0');
		expect(frame).toContain('⚠ This user sees no project.');
		expect(frame).toContain('⚠ Read-only role');
		expect(frame).toContain('⚠ No keyring answered');
	});

	it('shows the failure with its hint in the panel', async () => {
		const session = createFakeSession({spaces: [{origin: acme, current: true}]});
		const app = await renderApp(session);
		(await session.next('verify', acme)).resolve(failedCheck(acme, 'wrong-domain', 'This is not a Backlog API.', 'Check the domain.'));
		const frame = await app.waitForFrame('✗ This is not a Backlog API.');
		expect(frame).toContain('Check the domain.');
		expect(frame).toContain('✗ wrong domain');
	});

	it('counts down the OAuth expiry every second', async () => {
		const session = createFakeSession({
			spaces: [{origin: acme, current: true, authMethod: 'oauth', oauth: {clientId: 'client-1', maskedClientSecret: '...', maskedAccessToken: 'acce...', expiresAt: Date.now() + 125_000}}],
		});
		const app = await renderApp(session);
		await app.waitForFrame('Auth method   OAuth 2.0');
		const first = await app.waitForFrame(/Expires\s+in 2m 0[45]s/);
		const shown = /in 2m 0(\d)s/.exec(first)![1]!;
		await app.waitForFrame(`in 2m 0${Number(shown) - 1}s`, 3000);
		expect(app.frame()).toContain('Client ID     client-1');
	});

	it('r re-verifies the selected row and R every row', async () => {
		const session = threeSpaces();
		const app = await renderApp(session);
		for (const origin of [acme, beta, gamma]) (await session.next('verify', origin)).resolve(okCheck(origin));
		await app.waitForFrame('✓ 142ms');
		app.press('r');
		const again = await session.next('verify', acme);
		expect(session.callsOf('verify').filter(call => call.subject === beta)).toHaveLength(1);
		again.resolve(okCheck(acme, {latencyMs: 55}));
		await app.waitForFrame('✓ 55ms');
		app.press('R');
		await Promise.all([session.next('verify', acme), session.next('verify', beta), session.next('verify', gamma)]);
	});

	it('/ filters the list, Enter keeps the filter and Esc clears it', async () => {
		const session = threeSpaces();
		const app = await renderApp(session);
		await app.waitForFrame('gamma.backlog.com');
		app.press('/');
		app.press('be');
		await app.waitForFrame('/be');
		await app.waitForGone('gamma.backlog.com');
		expect(app.frame()).toContain('beta.backlog.jp');
		app.press('q');
		await app.waitForFrame('/beq');
		expect(app.exits).toEqual([]);
		app.press(keys.backspace, keys.enter);
		await app.waitForFrame('enter switch');
		app.press('/', keys.escape);
		await app.waitForFrame('gamma.backlog.com');
	});

	it('d asks before logging out; n keeps the space, y logs out', async () => {
		const session = threeSpaces();
		const app = await renderApp(session);
		await app.waitForFrame('beta.backlog.jp');
		app.press(keys.down, 'd');
		await app.waitForFrame('Log out of beta.backlog.jp? y/n');
		app.press('n');
		await app.waitForGone('Log out of');
		expect(session.spaces).toHaveLength(3);
		app.press('d');
		await app.waitForFrame('Log out of beta.backlog.jp? y/n');
		app.press('y');
		await app.waitForFrame('Logged out of beta.backlog.jp.');
		expect(session.spaces.map(space => space.origin)).toEqual([acme, gamma]);
		await app.waitForGone('beta.backlog.jp?');
	});

	it('cancels the checks still running when the screen goes away', async () => {
		const session = threeSpaces();
		const app = await renderApp(session);
		const pending = await session.next('verify', acme);
		app.press(keys.tab);
		await app.waitForFrame('[Profiles]');
		await expect.poll(() => pending.aborted).toBe(true);
	});

	it('says when there are no spaces yet', async () => {
		const session = createFakeSession({firstRun: false});
		const app = await renderApp(session);
		await app.waitForFrame('No spaces yet. Press a to add one.');
	});
});
