/**
 * Keeping an OAuth access token fresh. Refresh tokens rotate and work once, so a refresh happens
 * under the store's cross-process lock and always re-reads what another process may have written.
 */
import {BlTuiError} from '../errors.js';
import type {OAuthSecret} from '../types.js';
import type {Http} from '../clients/http.js';
import {refreshToken} from './tokens.js';

/** Where one space's OAuth secret lives; the Store adapts itself to this. */
export type SecretSlot = {
	withLock<T>(fn: () => Promise<T>): Promise<T>;
	read(): Promise<OAuthSecret | undefined>;
	write(secret: OAuthSecret): Promise<void>;
};

export type FreshOptions = {
	/** Refresh even when the token is not near its expiry (`auth refresh`). */
	force?: boolean;
	/** Refresh when fewer than this many milliseconds are left. */
	skewMs?: number;
	/** The access token a server just refused: refresh unless another process already replaced it. */
	rejectedAccessToken?: string;
	/** How the space is named in "log in again" messages. */
	space?: string;
	signal?: AbortSignal;
};

export const defaultSkewMs = 60_000;

type RefreshHttp = Pick<Http, 'request'>;

export async function ensureFresh(slot: SecretSlot, http: RefreshHttp, origin: string, options: FreshOptions = {}): Promise<OAuthSecret> {
	const unlocked = await slot.read();
	if (unlocked && !needsRefresh(unlocked, options)) return unlocked;

	return slot.withLock(async () => {
		const current = await slot.read();
		if (!current) {
			throw new BlTuiError('needs-login', `No OAuth login is stored for ${options.space ?? origin}.`, {
				hint: `Log in with \`bl-tui auth login-oauth --space ${options.space ?? origin}\`.`,
			});
		}

		if (!needsRefresh(current, options)) return current;
		const rotated = await refreshToken(http, origin, {
			refreshToken: current.refreshToken,
			clientId: current.clientId,
			clientSecret: current.clientSecret,
			space: options.space,
			signal: options.signal,
		});
		await slot.write(rotated);
		return rotated;
	});
}

function needsRefresh(secret: OAuthSecret, options: FreshOptions): boolean {
	if (options.rejectedAccessToken !== undefined) return secret.accessToken === options.rejectedAccessToken;
	if (options.force) return true;
	return secret.expiresAt - Date.now() <= (options.skewMs ?? defaultSkewMs);
}

/** What a call reports back so withTokenRetry can tell an expired token from any other outcome. */
export type TokenRetryOptions<T> = FreshOptions & {
	/** True when the result (or the error thrown) means the access token expired. */
	isExpired?: (outcome: {result: T} | {error: unknown}) => boolean;
};

/**
 * Runs `call` with a fresh access token; when the server says the token expired (401 with
 * WWW-Authenticate), refreshes once and calls again.
 */
export async function withTokenRetry<T>(
	slot: SecretSlot,
	http: RefreshHttp,
	origin: string,
	call: (accessToken: string) => Promise<T>,
	options: TokenRetryOptions<T> = {},
): Promise<T> {
	const {isExpired = looksExpired, ...fresh} = options;
	const secret = await ensureFresh(slot, http, origin, {...fresh, force: false});
	const first = await settle(call(secret.accessToken));
	if (!isExpired(first)) return unwrap(first);

	const renewed = await ensureFresh(slot, http, origin, {...fresh, rejectedAccessToken: secret.accessToken});
	return call(renewed.accessToken);
}

/**
 * The default test: a 401 response with WWW-Authenticate (how Backlog says an OAuth token expired),
 * or what the Backlog client makes of one: a 401 error, or a failed check holding it, with no
 * Backlog error code.
 */
export function looksExpired(outcome: {result: unknown} | {error: unknown}): boolean {
	const value = 'result' in outcome ? outcome.result : outcome.error;
	if (isExpiredResponse(value)) return true;
	const check = value as {ok?: unknown; error?: unknown} | undefined;
	return isExpiredError(check?.ok === false ? check.error : value);
}

function isExpiredResponse(value: unknown): boolean {
	if (typeof value !== 'object' || value === null) return false;
	const {status, headers} = value as {status?: unknown; headers?: unknown};
	if (status !== 401 || typeof headers !== 'object' || headers === null) return false;
	return Object.keys(headers).some(name => name.toLowerCase() === 'www-authenticate');
}

// Backlog's code 11 means a wrong credential: refreshing would not help, so only code-less 401s count.
function isExpiredError(value: unknown): boolean {
	return value instanceof BlTuiError && value.code === 'unauthorized' && value.status === 401 && value.apiCode === undefined;
}

async function settle<T>(promise: Promise<T>): Promise<{result: T} | {error: unknown}> {
	try {
		return {result: await promise};
	} catch (error) {
		return {error};
	}
}

function unwrap<T>(outcome: {result: T} | {error: unknown}): T {
	if ('error' in outcome) throw outcome.error;
	return outcome.result;
}
