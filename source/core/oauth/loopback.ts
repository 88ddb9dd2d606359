/**
 * The loopback server that receives Backlog's redirect after the user approves in the browser.
 * It listens on 127.0.0.1 only, before the browser opens, and is closed on every path.
 */
import type {IncomingMessage, ServerResponse, Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {timingSafeEqual} from 'node:crypto';
import {BlTuiError} from '../errors.js';

export const defaultPort = 54_321;
export const defaultTimeoutMs = 300_000;

export type CallbackServerOptions = {
	/** 0 picks a free port (tests); Backlog needs the registered one. */
	port: number;
	state: string;
	timeoutMs?: number;
	signal?: AbortSignal;
};

export type CallbackServer = {
	redirectUri: string;
	port: number;
	/** Resolves with the authorization code; rejects with a BlTuiError. Closes the server either way. */
	waitForCode(): Promise<string>;
	close(): Promise<void>;
};

export function redirectUriFor(port: number): string {
	return `http://127.0.0.1:${port}/callback`;
}

export function sameState(expected: string, received: string): boolean {
	const a = Buffer.from(expected);
	const b = Buffer.from(received);
	return a.length === b.length && timingSafeEqual(a, b);
}

export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
	const {state, timeoutMs = defaultTimeoutMs, signal} = options;
	if (signal?.aborted) throw cancelled();

	let settle: {resolve: (code: string) => void; reject: (error: BlTuiError) => void} | undefined;
	let outcome: {code: string} | {error: BlTuiError} | undefined;
	const finish = (result: {code: string} | {error: BlTuiError}) => {
		if (outcome) return;
		outcome = result;
		deliver();
	};

	const deliver = () => {
		if (!outcome || !settle) return;
		if ('code' in outcome) settle.resolve(outcome.code);
		else settle.reject(outcome.error);
	};

	// node:http is a large builtin only the OAuth login needs: commands that read a token never load it
	const {createServer} = await import('node:http');
	const server = createServer((request, response) => {
		handle(request, response, state, finish, Boolean(outcome));
	});
	server.keepAliveTimeout = 1000;

	await listen(server, options.port);
	const port = (server.address() as AddressInfo).port;

	let closed: Promise<void> | undefined;
	const close = async () => {
		closed ??= new Promise<void>(resolve => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			server.close(() => {
				resolve();
			});
			server.closeIdleConnections();
			// Give the last page a moment to reach the browser, then drop whatever is left.
			setTimeout(() => {
				server.closeAllConnections();
			}, 500).unref();
		});
		return closed;
	};

	const timer = setTimeout(() => {
		finish({
			error: new BlTuiError('oauth-timeout', `No answer from the browser within ${describeSeconds(timeoutMs)}.`, {
				hint: 'Run the login again and approve access in the browser before the time runs out.',
			}),
		});
	}, timeoutMs);
	timer.unref();

	const onAbort = () => {
		finish({error: cancelled()});
	};

	signal?.addEventListener('abort', onAbort, {once: true});
	if (signal?.aborted) {
		await close();
		throw cancelled();
	}

	return {
		redirectUri: redirectUriFor(port),
		port,
		async waitForCode() {
			try {
				return await new Promise<string>((resolve, reject) => {
					settle = {resolve, reject};
					deliver();
				});
			} finally {
				await close();
			}
		},
		close,
	};
}

function handle(
	request: IncomingMessage,
	response: ServerResponse,
	state: string,
	finish: (result: {code: string} | {error: BlTuiError}) => void,
	done: boolean,
) {
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	if (request.method !== 'GET' || url.pathname !== '/callback') {
		page(response, 404, 'Not found', 'bl-tui is waiting for Backlog at /callback only.');
		return;
	}

	if (done) {
		page(response, 410, 'Already finished', 'This login has already finished. You can close this tab.');
		return;
	}

	// A wrong state is someone else's request (or a stale tab): refuse it and keep waiting for ours.
	if (!sameState(state, url.searchParams.get('state') ?? '')) {
		page(response, 400, 'Unexpected request', 'The state did not match this login. bl-tui is still waiting; you can close this tab.');
		return;
	}

	const error = url.searchParams.get('error');
	if (error) {
		page(response, 200, 'Access not granted', 'bl-tui did not get access. You can close this tab.', {last: true});
		finish({error: deniedError(error, url.searchParams.get('error_description') ?? undefined)});
		return;
	}

	const code = url.searchParams.get('code');
	if (!code) {
		page(response, 400, 'No code', 'The request carried no authorization code. bl-tui is still waiting; you can close this tab.');
		return;
	}

	page(response, 200, 'Logged in', 'bl-tui received access. You can close this tab and return to the terminal.', {last: true});
	finish({code});
}

function deniedError(error: string, description?: string): BlTuiError {
	if (error === 'access_denied') {
		return new BlTuiError('oauth-denied', 'You denied access in the browser.', {
			hint: 'Run the login again and choose Approve (Allow) on the Backlog page.',
		});
	}

	const detail = description ? `${error}: ${description}` : error;
	return new BlTuiError('oauth-denied', `Backlog refused the authorization (${detail}).`, {
		hint: 'Check the client id and that the redirect URI registered in Backlog matches exactly.',
	});
}

function cancelled(): BlTuiError {
	return new BlTuiError('cancelled', 'The OAuth login was cancelled.');
}

async function listen(server: Server, port: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const onError = (error: NodeJS.ErrnoException) => {
			reject(listenError(error, port));
		};

		server.once('error', onError);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', onError);
			resolve();
		});
	});
}

function listenError(error: NodeJS.ErrnoException, port: number): BlTuiError {
	if (error.code === 'EADDRINUSE') {
		return new BlTuiError('port-in-use', `Port ${port} on 127.0.0.1 is already in use.`, {
			hint: `Free the port or choose another with --port; the redirect URI registered in Backlog must match (http://127.0.0.1:<port>/callback).`,
			cause: error,
		});
	}

	return new BlTuiError('network', `Could not listen on 127.0.0.1:${port} (${error.code ?? error.message}).`, {
		hint: 'Choose another port with --port; the redirect URI registered in Backlog must match.',
		cause: error,
	});
}

function page(response: ServerResponse, status: number, title: string, text: string, {last = false} = {}) {
	const body = `<!doctype html><html><head><meta charset="utf-8"><title>bl-tui: ${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
	response.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'cache-control': 'no-store',
		'content-length': Buffer.byteLength(body),
		// the last page drops its connection once sent, so closing the server need not wait for it
		...(last ? {connection: 'close'} : {}),
	});
	response.end(body);
}

function describeSeconds(milliseconds: number): string {
	const seconds = Math.round(milliseconds / 1000);
	return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
