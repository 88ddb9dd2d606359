/**
 * Backlog's OAuth 2.0 endpoints: the authorize URL the browser opens, and the token endpoint for
 * both grants. Every secret sent is handed to Http so it never shows in a trace or a message.
 */
import {BlTuiError} from '../errors.js';
import {redactText} from '../redact.js';
import type {OAuthSecret} from '../types.js';
import type {Http, HttpResponse} from '../clients/http.js';

export type AuthorizeParameters = {clientId: string; redirectUri: string; state: string};

export type CodeExchange = {code: string; redirectUri: string; clientId: string; clientSecret: string; signal?: AbortSignal};

export type TokenRefresh = {
	refreshToken: string;
	clientId: string;
	clientSecret: string;
	/** How the space is named in the "log in again" message; the origin when not given. */
	space?: string;
	signal?: AbortSignal;
};

type TokenHttp = Pick<Http, 'request'>;

export function authorizeUrl(origin: string, {clientId, redirectUri, state}: AuthorizeParameters): string {
	const query = new URLSearchParams({response_type: 'code', client_id: clientId, redirect_uri: redirectUri, state});
	return `${origin}/OAuth2AccessRequest.action?${query.toString()}`;
}

export function tokenUrl(origin: string): string {
	return `${origin}/api/v2/oauth2/token`;
}

export async function exchangeCode(http: TokenHttp, origin: string, exchange: CodeExchange): Promise<OAuthSecret> {
	const {code, redirectUri, clientId, clientSecret} = exchange;
	const form = {grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, client_secret: clientSecret};
	const response = await post(http, origin, form, [code, clientSecret], exchange.signal);
	if (response.status !== 200) throw tokenError(response, 'code', origin, [code, clientSecret]);
	return toSecret(response, {clientId, clientSecret}, [code, clientSecret]);
}

export async function refreshToken(http: TokenHttp, origin: string, refresh: TokenRefresh): Promise<OAuthSecret> {
	const {clientId, clientSecret} = refresh;
	const form = {grant_type: 'refresh_token', refresh_token: refresh.refreshToken, client_id: clientId, client_secret: clientSecret};
	const secrets = [refresh.refreshToken, clientSecret];
	const response = await post(http, origin, form, secrets, refresh.signal);
	if (response.status !== 200) throw tokenError(response, 'refresh', refresh.space ?? origin, secrets);
	return toSecret(response, {clientId, clientSecret}, secrets);
}

async function post(http: TokenHttp, origin: string, form: Record<string, string>, secrets: string[], signal?: AbortSignal) {
	return http.request(tokenUrl(origin), {
		method: 'POST',
		headers: {'content-type': 'application/x-www-form-urlencoded', accept: 'application/json'},
		body: new URLSearchParams(form).toString(),
		signal,
		secrets,
	});
}

type TokenReply = {access_token?: unknown; refresh_token?: unknown; expires_in?: unknown; token_type?: unknown};

function toSecret(response: HttpResponse, client: {clientId: string; clientSecret: string}, secrets: string[]): OAuthSecret {
	const reply = (response.json ?? {}) as TokenReply;
	const {access_token: accessToken, refresh_token: refreshToken, expires_in: expiresIn} = reply;
	if (typeof accessToken !== 'string' || !accessToken || typeof refreshToken !== 'string' || !refreshToken) {
		throw new BlTuiError('oauth-token', 'Backlog answered the token request without an access token and a refresh token.', {
			hint: `Check that the space address is right; the reply began: ${excerpt(response, [...secrets, ...tokensIn(reply)])}`,
			status: response.status,
		});
	}

	const seconds = Number(expiresIn);
	const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds : 3600;
	return {type: 'oauth', accessToken, refreshToken, expiresAt: Date.now() + lifetime * 1000, ...client};
}

type ErrorReply = {error?: unknown; error_description?: unknown; errors?: Array<{message?: unknown; code?: unknown}>};

function tokenError(response: HttpResponse, grant: 'code' | 'refresh', space: string, secrets: string[]): BlTuiError {
	const reply = (typeof response.json === 'object' && response.json !== null ? response.json : {}) as ErrorReply;
	const oauthError = typeof reply.error === 'string' ? reply.error : undefined;
	const backlog = Array.isArray(reply.errors) ? reply.errors[0] : undefined;
	const apiCode = typeof backlog?.code === 'number' ? backlog.code : undefined;
	const said = redactText(
		[oauthError, reply.error_description, backlog?.message].filter(part => typeof part === 'string' && part).join(': '),
		secrets,
	);
	const detail = said ? ` (${said})` : ` (HTTP ${response.status})`;
	const details = {status: response.status, apiCode};

	if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
		return new BlTuiError('oauth-token', `Backlog rejected the client id or client secret${detail}.`, {
			...details,
			hint: 'Copy the client id and client secret again from the OAuth application registered in Backlog (Confidential client).',
		});
	}

	const rejectedGrant = oauthError === 'invalid_grant' || apiCode === 11 || (!oauthError && response.status === 401);
	if (grant === 'refresh' && rejectedGrant) {
		return new BlTuiError('needs-login', `The refresh token was rejected: log in again with \`bl-tui auth login-oauth --space ${space}\`.`, {
			...details,
			hint: 'Refresh tokens stop working when they were used already, revoked, or the app was removed in Backlog.',
		});
	}

	if (grant === 'code' && rejectedGrant) {
		return new BlTuiError('oauth-token', `Backlog rejected the authorization code${detail}.`, {
			...details,
			hint: 'Codes work once and expire quickly, and the redirect URI must match the one registered in Backlog: run the login again.',
		});
	}

	if (response.status === 429) {
		return new BlTuiError('oauth-token', `Backlog refused the token request: too many requests${detail}.`, {
			...details,
			hint: 'Wait a minute and try again.',
		});
	}

	if (response.status >= 500) {
		return new BlTuiError('oauth-token', `Backlog's token endpoint failed with HTTP ${response.status}.`, {
			...details,
			hint: 'Backlog may be having trouble: try again in a moment.',
		});
	}

	if (response.json === undefined) {
		return new BlTuiError('oauth-token', `The token endpoint answered HTTP ${response.status} with no OAuth reply.`, {
			...details,
			hint: 'Check the space address: a space key where a full domain belongs (or the reverse) lands on another page.',
		});
	}

	return new BlTuiError('oauth-token', `Backlog refused the token request${detail}.`, {
		...details,
		hint: 'Check the client id, client secret and the redirect URI registered in Backlog, then log in again.',
	});
}

function tokensIn(reply: TokenReply): string[] {
	return [reply.access_token, reply.refresh_token].filter((value): value is string => typeof value === 'string' && value.length > 0);
}

function excerpt(response: HttpResponse, secrets: string[]): string {
	const text = redactText(response.text.replace(/\s+/g, ' ').trim(), secrets);
	return text.length > 80 ? `${text.slice(0, 77)}...` : text || '(empty)';
}
