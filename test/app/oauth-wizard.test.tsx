import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {BlTuiError} from '../../source/core/errors.js';
import type {OAuthLoginOptions} from '../../source/core/session-types.js';
import {createFakeSession} from '../helpers/fake-session.js';
import {keys, renderApp} from './render-app.js';

const acme = 'https://acme.backlog.com';

afterEach(() => {
	cleanup();
});

async function toWaitingScreen() {
	const session = createFakeSession({firstRun: false});
	const app = await renderApp(session);
	await app.waitForFrame('No spaces yet');
	app.press('a');
	await app.waitForFrame('How do you want to log in?');
	app.press(keys.down, keys.enter);
	await app.waitForFrame('Add a Backlog space with OAuth 2.0');
	app.press('acme\r');
	await app.waitForFrame('Client ID');
	app.press('client-1\r');
	await app.waitForFrame('Client secret');
	app.press('very-secret-value\r');
	await app.waitForFrame('Port for the redirect');
	expect(app.frame()).toContain('54321');
	app.press(keys.enter);
	const call = await session.next('loginOAuth', acme);
	return {session, app, call};
}

describe('OAuth wizard', () => {
	it('waits with the URL, a countdown and Esc to cancel, then shows who logged in', async () => {
		const {session, app, call} = await toWaitingScreen();
		const frame = await app.waitForFrame('OAuth2AccessRequest.action');
		expect(frame).toContain('Waiting for you to allow access in the browser');
		expect(frame).toMatch(/Times out in [45]:\d\d · Esc to cancel/);
		expect(frame).not.toContain('very-secret-value');
		const options = call.args[0] as OAuthLoginOptions;
		expect(options).toMatchObject({clientId: 'client-1', port: 54_321, openBrowser: true});
		call.resolve({id: 2, userId: 'bob', name: 'Bob OAuth', roleType: 1});
		await app.waitForFrame('✓ Logged in as Bob OAuth (bob)');
		app.press(keys.enter);
		await app.waitForFrame('Added acme.backlog.com');
		expect(session.spaces[0]?.authMethod).toBe('oauth');
	});

	it('Esc aborts the wait', async () => {
		const {app, call} = await toWaitingScreen();
		await app.waitForFrame('Esc to cancel');
		app.press(keys.escape);
		await expect.poll(() => call.aborted).toBe(true);
		await app.waitForFrame('Port for the redirect');
	});

	it('shows the error with its hint, and Enter tries again', async () => {
		const {session, app, call} = await toWaitingScreen();
		call.reject(new BlTuiError('port-in-use', 'Port 54321 is in use.', {hint: 'Choose another with --port.'}));
		await app.waitForFrame('✗ Port 54321 is in use.');
		expect(app.frame()).toContain('Choose another with --port.');
		app.press(keys.enter);
		const again = await session.next('loginOAuth', acme);
		expect(again).not.toBe(call);
	});
});
