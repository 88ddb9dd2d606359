import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {createFakeSession, failedCheck, okCheck} from '../helpers/fake-session.js';
import {keys, renderApp} from './render-app.js';

const acme = 'https://acme.backlog.com';
const secretKey = 'Abcd1234Efgh5678Ijkl9012';

afterEach(() => {
	cleanup();
});

async function openApiKeyWizard() {
	const session = createFakeSession({firstRun: false});
	const app = await renderApp(session);
	await app.waitForFrame('No spaces yet');
	app.press('a');
	await app.waitForFrame('How do you want to log in?');
	app.press(keys.enter);
	await app.waitForFrame('Space (a key such as acme');
	return {session, app};
}

describe('API-key wizard', () => {
	it('normalises the space live and shows the refusal reason', async () => {
		const {app} = await openApiKeyWizard();
		app.press('acme');
		await app.waitForFrame('→ https://acme.backlog.com');
		app.press(keys.ctrlU, 'http://evil.example.com');
		await app.waitForFrame('Plain http:// is only allowed to this machine');
		app.press(keys.enter);
		expect(app.frame()).not.toContain('Issue an API key at');
		app.press(keys.ctrlU, 'acme.backlog.jp/projects/X');
		await app.waitForFrame('→ https://acme.backlog.jp');
	});

	it('takes a pasted key masked, verifies, shows who logged in, and only then saves', async () => {
		const {session, app} = await openApiKeyWizard();
		app.press('acme', keys.enter);
		await app.waitForFrame('https://acme.backlog.com/EditApiSettings.action');
		app.press(`\u001B[200~${secretKey}\u001B[201~`);
		await app.waitForFrame('•'.repeat(secretKey.length));
		expect(app.frame()).not.toContain(secretKey);
		app.press(keys.enter);
		await app.waitForFrame('Verifying with acme.backlog.com');
		const call = await session.next('verifyCandidate', acme);
		expect(call.args[1]).toEqual({type: 'api-key', apiKey: secretKey});
		expect(session.calls.some(c => c.method === 'saveSpace')).toBe(false);
		call.resolve(okCheck(acme));
		await app.waitForFrame('✓ Logged in as Alice Example (alice)');
		expect(session.spaces.map(space => space.origin)).toEqual([acme]);
		app.press(keys.enter);
		await app.waitForFrame('Added acme.backlog.com, now the current space.');
		await app.waitForFrame('›* acme.backlog.com');
		for (const frame of app.frames) expect(frame).not.toContain(secretKey);
	});

	it('a paste ending in a newline submits; a refused key is not saved and can be retried', async () => {
		const {session, app} = await openApiKeyWizard();
		app.press('acme\r');
		await app.waitForFrame('EditApiSettings.action');
		app.press(`wrong-key-0000000000\r`);
		(await session.next('verifyCandidate', acme)).resolve(failedCheck(acme, 'unauthorized', 'The API key was refused.', 'Issue a new key.'));
		await app.waitForFrame('✗ The API key was refused.');
		expect(app.frame()).toContain('Issue a new key.');
		expect(session.spaces).toEqual([]);
		app.press(keys.ctrlU);
		await app.waitForGone('••••');
		app.press(`${secretKey}\r`);
		(await session.next('verifyCandidate', acme)).resolve(okCheck(acme));
		await app.waitForFrame('✓ Logged in as');
	});

	it('strips control bytes, Backspace deletes, and Esc steps back without saving', async () => {
		const {session, app} = await openApiKeyWizard();
		app.press('acme', keys.enter);
		await app.waitForFrame('EditApiSettings.action');
		app.press('ab\u0007c');
		await app.waitForFrame('•••');
		app.press(keys.backspace);
		await app.waitForGone('•••');
		app.press(keys.escape);
		await app.waitForGone('EditApiSettings.action');
		await app.waitForFrame('→ https://acme.backlog.com');
		app.press(keys.escape);
		await app.waitForFrame('How do you want to log in?');
		app.press(keys.escape);
		await app.waitForFrame('No spaces yet');
		expect(session.calls.some(c => c.method === 'verifyCandidate' || c.method === 'saveSpace')).toBe(false);
	});

	it('Esc while verifying cancels the request', async () => {
		const {session, app} = await openApiKeyWizard();
		app.press('acme\r');
		await app.waitForFrame('EditApiSettings.action');
		app.press(`${secretKey}\r`);
		const call = await session.next('verifyCandidate', acme);
		app.press(keys.escape);
		await expect.poll(() => call.aborted).toBe(true);
		await app.waitForGone('Verifying');
		expect(session.spaces).toEqual([]);
	});

	it('q types into the field instead of quitting', async () => {
		const {app} = await openApiKeyWizard();
		app.press('q');
		await app.waitForFrame('→ https://q.backlog.com');
		expect(app.exits).toEqual([]);
	});
});

describe('replacing a secret', () => {
	it('e asks for a new key, verifies it through replaceSecret and shows the result', async () => {
		const session = createFakeSession({spaces: [{origin: acme, current: true}]});
		const app = await renderApp(session);
		(await session.next('verify', acme)).resolve(okCheck(acme));
		await app.waitForFrame('✓ 142ms');
		app.press('e');
		await app.waitForFrame('Replace the API key of acme.backlog.com');
		app.press(`${secretKey}\r`);
		const call = await session.next('replaceSecret', acme);
		call.resolve(okCheck(acme, {latencyMs: 77}));
		await app.waitForFrame('key replaced');
		app.press(keys.enter);
		await app.waitForFrame('Replaced the secret of acme.backlog.com.');
		await app.waitForFrame('API key       Abcd...');
	});
});
