import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {noColourTheme} from '../../source/app/theme.js';
import {createFakeSession, okCheck} from '../helpers/fake-session.js';
import {keys, renderApp} from './render-app.js';

const acme = 'https://acme.backlog.com';

afterEach(() => {
	cleanup();
});

function session() {
	return createFakeSession({
		spaces: [{origin: acme, current: true}, {origin: 'https://beta.backlog.jp'}],
		profiles: [{name: 'work', isDefault: true}],
		answers: {verify: origin => okCheck(origin), verifyProfile: name => []},
	});
}

describe('the frame around the screens', () => {
	it('header names the current space, default profile and storage; footer lists the keys', async () => {
		const app = await renderApp(session());
		const frame = await app.waitForFrame('Profile work');
		expect(frame).toContain('bl-tui Space acme.backlog.com Profile work Secrets System keyring');
		expect(frame).toContain('[Spaces] Profiles');
		expect(frame).toContain('↑↓ move · enter switch · a add · r verify · e replace · d log out · / filter');
	});

	it('draws at most rows - 1 lines and follows resizes', async () => {
		const app = await renderApp(session(), {size: {columns: 80, rows: 24}});
		await app.waitForFrame('Profile work');
		expect(app.frame().split('\n').length).toBeLessThanOrEqual(23);
		expect(Math.max(...app.frame().split('\n').map(line => line.length))).toBeLessThanOrEqual(80);
		app.resize(100, 40);
		await app.waitFor(() => app.frame().split('\n').length === 39);
		app.resize(59, 20);
		await app.waitForFrame('Terminal too small: needs at least 60×15 (now 59×20)');
		app.resize(70, 14);
		await app.waitForFrame('(now 70×14)');
		app.press('q');
		await expect.poll(() => app.exits).toEqual([0]);
		app.resize(60, 15);
		await app.waitForFrame('[Spaces]');
		expect(app.frame().split('\n').length).toBeLessThanOrEqual(14);
	});

	it('? opens help generated from the key table; Esc closes it and the screen is as it was', async () => {
		const app = await renderApp(session());
		await app.waitForFrame('›* acme.backlog.com');
		app.press(keys.down);
		await app.waitForFrame('›  beta.backlog.jp');
		app.press('?');
		const frame = await app.waitForFrame('Keys · Spaces');
		expect(frame).toContain('re-verify every row');
		expect(frame).toContain('switch to this space');
		expect(frame).toContain('ctrl+c');
		expect(frame).toContain('esc/? close help');
		app.press(keys.escape);
		await app.waitForFrame('›  beta.backlog.jp');
		expect(app.frame()).not.toContain('Keys · Spaces');
	});

	it('Tab switches between Spaces and Profiles', async () => {
		const app = await renderApp(session());
		await app.waitForFrame('[Spaces]');
		app.press(keys.tab);
		await app.waitForFrame('Spaces [Profiles]');
		app.press('?');
		await app.waitForFrame('make this the default profile');
		app.press('?');
		await app.waitForGone('make this the default');
		app.press(keys.tab);
		await app.waitForFrame('[Spaces] Profiles');
	});

	it('q quits with 0 and Ctrl+C with 130, through the one exit callback', async () => {
		const app = await renderApp(session());
		await app.waitForFrame('[Spaces]');
		app.press('q');
		await expect.poll(() => app.exits).toEqual([0]);
		app.press(keys.ctrlC);
		await expect.poll(() => app.exits).toEqual([0, 130]);
	});

	it('the no-colour theme draws no colour and keeps every state readable', async () => {
		const app = await renderApp(session(), {theme: noColourTheme});
		await app.waitForFrame('✓ 142ms');
		const raw = app.lastFrame() ?? '';
		expect(raw).not.toMatch(/\u001B\[(3\d|9\d|4\d)(;\d+)*m/);
		expect(app.frame()).toContain('›* acme.backlog.com');
	});

	it('matches the snapshot of the spaces screen at 80×24', async () => {
		const fixed = createFakeSession({
			spaces: [{origin: acme, current: true}, {origin: 'https://beta.backlog.jp'}],
			profiles: [{name: 'work', isDefault: true}],
			answers: {verify: origin => okCheck(origin, {rateLimit: undefined}), verifyProfile: () => []},
		});
		const app = await renderApp(fixed, {theme: noColourTheme, size: {columns: 80, rows: 24}});
		await app.waitForFrame('Projects      3');
		await app.waitFor(() => app.frame().split('✓ 142ms').length === 4);
		expect(app.frame()).toMatchSnapshot();
	});
});
