/**
 * The whole browser login: loopback server first, then the URL (shown, and opened when asked),
 * then the code, then the token exchange. The server is closed whatever happens.
 */
import {randomBytes} from 'node:crypto';
import type {OAuthSecret} from '../types.js';
import type {Http} from '../clients/http.js';
import {defaultTimeoutMs, startCallbackServer} from './loopback.js';
import {authorizeUrl, exchangeCode} from './tokens.js';

export type OAuthLoginRun = {
	http: Pick<Http, 'request'>;
	origin: string;
	clientId: string;
	clientSecret: string;
	port: number;
	openBrowser: boolean;
	/** Called once the server listens, before the browser opens: the user can always copy the URL. */
	onAuthorizeUrl: (url: string, redirectUri: string) => void;
	timeoutMs?: number;
	signal?: AbortSignal;
	/** Opens a URL in the user's browser; the `open` package when not given. */
	open?: (url: string) => Promise<void>;
};

export function newState(): string {
	return randomBytes(32).toString('base64url');
}

export async function runOAuthLogin(run: OAuthLoginRun): Promise<OAuthSecret> {
	const state = newState();
	const server = await startCallbackServer({port: run.port, state, timeoutMs: run.timeoutMs ?? defaultTimeoutMs, signal: run.signal});
	try {
		const url = authorizeUrl(run.origin, {clientId: run.clientId, redirectUri: server.redirectUri, state});
		run.onAuthorizeUrl(url, server.redirectUri);
		// not awaited: a launcher that hangs must not hold up the wait, which has its own timeout
		if (run.openBrowser) void openQuietly(url, run.open ?? openWithDefaultBrowser);
		const code = await server.waitForCode();
		return await exchangeCode(run.http, run.origin, {
			code,
			redirectUri: server.redirectUri,
			clientId: run.clientId,
			clientSecret: run.clientSecret,
			signal: run.signal,
		});
	} finally {
		await server.close();
	}
}

// A browser that fails to open is not an error: the URL was already shown and the wait goes on.
async function openQuietly(url: string, open: (url: string) => Promise<void>) {
	try {
		await open(url);
	} catch {}
}

async function openWithDefaultBrowser(url: string): Promise<void> {
	const {default: open} = await import('open');
	await open(url);
}
