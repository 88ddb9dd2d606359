import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {BlTuiError} from '../../../source/core/errors.js';
import {sameState, startCallbackServer, type CallbackServer} from '../../../source/core/oauth/loopback.js';

const state = 'expected-state-0123456789';
let server: CallbackServer | undefined;

afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function start(options: {timeoutMs?: number; signal?: AbortSignal} = {}) {
	server = await startCallbackServer({port: 0, state, ...options});
	return server;
}

async function visit(path: string) {
	const response = await fetch(new URL(path, server!.redirectUri));
	return {status: response.status, text: await response.text()};
}

async function failure(promise: Promise<unknown>): Promise<BlTuiError> {
	const error = await promise.then(
		() => {
			throw new Error('expected the wait to fail');
		},
		(error: unknown) => error,
	);
	expect(error).toBeInstanceOf(BlTuiError);
	return error as BlTuiError;
}

async function refusesConnections(port: number) {
	await expect(fetch(`http://127.0.0.1:${port}/callback`)).rejects.toThrow();
}

describe('startCallbackServer', () => {
	it('listens on 127.0.0.1 before anything opens and hands over the code', async () => {
		const {redirectUri, port, waitForCode} = await start();
		expect(redirectUri).toBe(`http://127.0.0.1:${port}/callback`);
		const code = waitForCode();
		const page = await visit(`/callback?code=the-code&state=${state}`);
		expect(page.status).toBe(200);
		expect(page.text).toContain('close this tab');
		await expect(code).resolves.toBe('the-code');
		await refusesConnections(port);
	});

	it('keeps a code that arrives before anyone waits', async () => {
		const {waitForCode} = await start();
		await visit(`/callback?code=early&state=${state}`);
		await expect(waitForCode()).resolves.toBe('early');
	});

	it('answers 404 to stray paths and methods and keeps waiting', async () => {
		const {waitForCode} = await start();
		const code = waitForCode();
		expect((await visit('/')).status).toBe(404);
		expect((await visit('/favicon.ico')).status).toBe(404);
		expect((await visit(`/callbackx?code=c&state=${state}`)).status).toBe(404);
		const post = await fetch(server!.redirectUri + `?code=c&state=${state}`, {method: 'POST'});
		expect(post.status).toBe(404);
		await visit(`/callback?code=real&state=${state}`);
		await expect(code).resolves.toBe('real');
	});

	it('refuses a wrong or missing state with 400 and keeps waiting for the right one', async () => {
		const {waitForCode} = await start();
		const code = waitForCode();
		const wrong = await visit('/callback?code=forged&state=other-state');
		expect(wrong.status).toBe(400);
		expect(wrong.text).toContain('still waiting');
		expect((await visit('/callback?code=forged')).status).toBe(400);
		expect((await visit(`/callback?code=forged&state=${state}x`)).status).toBe(400);
		expect((await visit(`/callback?state=${state}`)).status).toBe(400);
		await visit(`/callback?code=genuine&state=${state}`);
		await expect(code).resolves.toBe('genuine');
	});

	it('ends with oauth-denied when the user denies access', async () => {
		const {waitForCode, port} = await start();
		const denied = failure(waitForCode());
		const page = await visit(`/callback?error=access_denied&state=${state}`);
		expect(page.text).toContain('close this tab');
		const error = await denied;
		expect(error.code).toBe('oauth-denied');
		expect(error.message).toBe('You denied access in the browser.');
		await refusesConnections(port);
	});

	it('reports other error values with their description', async () => {
		const {waitForCode} = await start();
		const denied = failure(waitForCode());
		await visit(`/callback?error=invalid_request&error_description=${encodeURIComponent('redirect_uri mismatch')}&state=${state}`);
		const error = await denied;
		expect(error.code).toBe('oauth-denied');
		expect(error.message).toContain('invalid_request');
		expect(error.message).toContain('redirect_uri mismatch');
	});

	it('times out with oauth-timeout and closes', async () => {
		const {waitForCode, port} = await start({timeoutMs: 50});
		const error = await failure(waitForCode());
		expect(error.code).toBe('oauth-timeout');
		await refusesConnections(port);
	});

	it('is cancelled by its AbortSignal and closes', async () => {
		const controller = new AbortController();
		const {waitForCode, port} = await start({signal: controller.signal});
		const cancelled = failure(waitForCode());
		controller.abort();
		const error = await cancelled;
		expect(error.code).toBe('cancelled');
		await refusesConnections(port);
	});

	it('refuses to start with an already aborted signal', async () => {
		const error = await failure(startCallbackServer({port: 0, state, signal: AbortSignal.abort()}));
		expect(error.code).toBe('cancelled');
	});

	it('names --port and the registered redirect URI when the port is taken', async () => {
		const blocker: Server = createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		const {port} = blocker.address() as AddressInfo;
		try {
			const error = await failure(startCallbackServer({port, state}));
			expect(error.code).toBe('port-in-use');
			expect(error.message).toContain(String(port));
			expect(error.hint).toContain('--port');
			expect(error.hint).toContain('redirect URI registered in Backlog must match');
		} finally {
			await new Promise(resolve => blocker.close(resolve));
		}
	});
});

describe('sameState', () => {
	it('compares equal strings only, whatever their length', () => {
		expect(sameState('abc', 'abc')).toBe(true);
		expect(sameState('abc', 'abd')).toBe(false);
		expect(sameState('abc', 'abcd')).toBe(false);
		expect(sameState('abc', '')).toBe(false);
	});
});
