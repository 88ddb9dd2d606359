/**
 * The Backlog API v2 calls bl-tui needs to check a credential: who am I, which space, how many
 * projects. Every failure, remote or local, comes out as a BlTuiError with a hint.
 */
import {BlTuiError, toBlTuiError} from '../errors.js';
import {redactText} from '../redact.js';
import {apiKeyPage, roles} from '../spaces.js';
import type {BacklogUser, RateLimit, SpaceCheck, SpaceSecret, Warning} from '../types.js';
import {clockTime} from '../time.js';
import type {Http, HttpResponse} from './http.js';

export type BacklogCredential = {type: 'api-key'; apiKey: string} | {type: 'bearer'; accessToken: string};

/** The credential a stored secret sends: an API key as `?apiKey=`, OAuth as a Bearer token. */
export function credentialOf(secret: SpaceSecret): BacklogCredential {
	return secret.type === 'api-key' ? {type: 'api-key', apiKey: secret.apiKey} : {type: 'bearer', accessToken: secret.accessToken};
}

export class BacklogClient {
	readonly #http: Http;
	readonly #origin: string;
	readonly #credential: BacklogCredential;

	constructor(http: Http, origin: string, credential: BacklogCredential) {
		this.#http = http;
		this.#origin = origin.replace(/\/+$/, '');
		this.#credential = credential;
	}

	async myself(signal?: AbortSignal): Promise<{user: BacklogUser; latencyMs: number; rateLimit?: RateLimit}> {
		const response = await this.#get('/users/myself', signal);
		const body = response.json as Partial<Record<keyof BacklogUser, unknown>> | undefined;
		if (
			!body ||
			typeof body.id !== 'number' ||
			typeof body.userId !== 'string' ||
			typeof body.name !== 'string' ||
			typeof body.roleType !== 'number'
		) {
			throw unreadable(response, this.#origin);
		}

		const user: BacklogUser = {id: body.id, userId: body.userId, name: body.name, roleType: body.roleType};
		if (typeof body.mailAddress === 'string') user.mailAddress = body.mailAddress;
		return {user, latencyMs: response.latencyMs, rateLimit: response.rateLimit};
	}

	async space(signal?: AbortSignal): Promise<{spaceKey: string; name: string}> {
		const response = await this.#get('/space', signal);
		const body = response.json as {spaceKey?: unknown; name?: unknown} | undefined;
		if (!body || typeof body.spaceKey !== 'string' || typeof body.name !== 'string') throw unreadable(response, this.#origin);
		return {spaceKey: body.spaceKey, name: body.name};
	}

	async projects(signal?: AbortSignal): Promise<{count: number}> {
		const response = await this.#get('/projects', signal);
		if (!Array.isArray(response.json)) throw unreadable(response, this.#origin);
		return {count: response.json.length};
	}

	/** Identity, space and projects in one round trip; identity's failure is the one reported (it names it best). Never throws. */
	async verify(signal?: AbortSignal): Promise<SpaceCheck> {
		const origin = this.#origin;
		let latencyMs: number | undefined;
		try {
			const [mine, ours, visible] = await Promise.allSettled([this.myself(signal), this.space(signal), this.projects(signal)]);
			const me = settled(mine);
			latencyMs = me.latencyMs;
			const [space, projects] = [settled(ours), settled(visible)];
			return {
				ok: true,
				origin,
				user: me.user,
				spaceKey: space.spaceKey,
				spaceName: space.name,
				projectCount: projects.count,
				latencyMs: me.latencyMs,
				rateLimit: me.rateLimit,
				warnings: warningsFor(me.user, projects.count),
			};
		} catch (error) {
			return {ok: false, origin, error: toBlTuiError(error), ...(latencyMs === undefined ? {} : {latencyMs})};
		}
	}

	async #get(path: string, signal?: AbortSignal): Promise<HttpResponse> {
		const credential = this.#credential;
		let url = `${this.#origin}/api/v2${path}`;
		const headers: Record<string, string> = {accept: 'application/json'};
		if (credential.type === 'api-key') url += `?apiKey=${encodeURIComponent(credential.apiKey)}`;
		else headers.authorization = `Bearer ${credential.accessToken}`;

		const secret = credential.type === 'api-key' ? credential.apiKey : credential.accessToken;
		const response = await this.#http.request(url, {headers, signal, secrets: [secret]});
		if (response.status < 200 || response.status >= 300 || response.json === undefined) {
			throw withoutSecret(backlogError(response, this.#origin), secret);
		}

		return response;
	}
}

// a server that echoes the request back in its error message must not leak the key through us
function withoutSecret(error: BlTuiError, secret: string): BlTuiError {
	if (!error.message.includes(secret)) return error;
	const {status, apiCode, resetAt, hint} = error;
	return new BlTuiError(error.code, redactText(error.message, [secret]), {status, apiCode, resetAt, hint});
}

function warningsFor(user: BacklogUser, projectCount: number): Warning[] {
	const warnings: Warning[] = [];
	if (projectCount === 0) {
		warnings.push({code: 'no-projects', message: 'You see no project in this space: ask an administrator to add you to one.'});
	}

	const role = roles[user.roleType];
	if (role && !role.write) {
		warnings.push({
			code: 'read-only',
			message: `Your role (${role.name}) is read-only: you cannot create or edit issues; ask an administrator for write access.`,
		});
	}

	return warnings;
}

/** A 401 an OAuth access token gets once it expired or was revoked: `WWW-Authenticate` and no JSON body. */
export function isExpiredTokenResponse(response: HttpResponse): boolean {
	return response.status === 401 && response.headers['www-authenticate'] !== undefined && backlogErrorOf(response) === undefined;
}

type BacklogApiError = {message?: string; code?: number};

function backlogErrorOf(response: HttpResponse): BacklogApiError | undefined {
	const errors = (response.json as {errors?: unknown} | undefined)?.errors;
	if (!Array.isArray(errors) || errors.length === 0) return undefined;
	const first = errors[0] as {message?: unknown; code?: unknown};
	return {
		message: typeof first?.message === 'string' ? first.message : undefined,
		code: typeof first?.code === 'number' ? first.code : undefined,
	};
}

function isHtml(response: HttpResponse): boolean {
	return /html/i.test(response.headers['content-type'] ?? '') || /^\s*<(!doctype|html|head|body)/i.test(response.text);
}

const wrongDomainHint =
	'A space key was given where a full domain belongs, or the reverse: check it is acme.backlog.com vs acme.backlog.jp, or your Enterprise host.';

/** Backlog's answer, when it is not the success we asked for, as a typed error. */
export function backlogError(response: HttpResponse, origin: string): BlTuiError {
	const host = hostOf(origin);
	const {status} = response;
	const apiError = backlogErrorOf(response);
	const apiCode = apiError?.code;
	const details = {status, apiCode};

	switch (apiCode) {
		case 11: {
			return new BlTuiError('unauthorized', `${host} did not accept the API key or token (authentication failure).`, {
				...details,
				hint: `The key is wrong, revoked, or belongs to another space: issue one at ${apiKeyPage(origin)}.`,
			});
		}

		case 12: {
			return new BlTuiError('two-step', `${host} requires two-step verification, and it is off for this account.`, {
				...details,
				hint: 'Turn on two-step verification in your Backlog personal settings, then try again.',
			});
		}

		case 4: {
			return new BlTuiError('ip-not-allowed', `${host} does not allow access from this IP address.`, {
				...details,
				hint: 'Ask a space administrator to allow your IP address, or connect from an allowed network.',
			});
		}

		case 2:
		case 3: {
			const message = apiCode === 3 ? `The licence of the space at ${host} has expired.` : `The plan of the space at ${host} does not include the API.`;
			return new BlTuiError('licence', message, {...details, hint: 'Ask the space administrator to check the subscription.'});
		}

		case 13: {
			return rateLimited(response, host);
		}

		case 5: {
			return forbidden(response, host);
		}

		default:
	}

	if (status === 429) return rateLimited(response, host);
	if (status >= 500) {
		return new BlTuiError('server', `${host} answered with a server error (HTTP ${status}).`, {
			...details,
			hint: 'Backlog may be down or under maintenance: try again in a few minutes.',
		});
	}

	if (status === 401) {
		if (isExpiredTokenResponse(response)) {
			return new BlTuiError('unauthorized', `The OAuth access token for ${host} expired or was revoked.`, {
				status,
				hint: 'bl-tui refreshes it on its own; if this persists, run `bl-tui auth refresh` or log in again with `bl-tui auth login-oauth`.',
			});
		}

		return new BlTuiError('unauthorized', `${host} did not accept the API key or token (HTTP 401).`, {
			...details,
			hint: `The key is wrong, revoked, or belongs to another space: issue one at ${apiKeyPage(origin)}.`,
		});
	}

	if (status === 403) return forbidden(response, host);
	if (status === 404) {
		return new BlTuiError('wrong-domain', `No Backlog space answers at ${origin} (HTTP 404).`, {...details, hint: wrongDomainHint});
	}

	if (status >= 300 && status < 400) {
		return new BlTuiError('wrong-domain', `${origin} redirected instead of answering as the Backlog API (HTTP ${status}).`, {
			...details,
			hint: wrongDomainHint,
		});
	}

	if (isHtml(response)) {
		return new BlTuiError('wrong-domain', `${origin} answered with a web page, not the Backlog API.`, {...details, hint: wrongDomainHint});
	}

	return unreadable(response, origin, apiError?.message);
}

function rateLimited(response: HttpResponse, host: string): BlTuiError {
	const resetAt = response.rateLimit?.reset;
	const when = resetAt === undefined ? '' : `; it resets at ${clockTime(resetAt)}`;
	return new BlTuiError('rate-limited', `${host} says too many requests${when}.`, {
		status: response.status,
		apiCode: backlogErrorOf(response)?.code,
		resetAt,
		hint: resetAt === undefined ? 'Wait a minute, then try again.' : `Wait until ${clockTime(resetAt)}, then try again.`,
	});
}

function forbidden(response: HttpResponse, host: string): BlTuiError {
	return new BlTuiError('forbidden', `${host} refused the request: this account lacks the permission.`, {
		status: response.status,
		apiCode: backlogErrorOf(response)?.code,
		hint: 'Your role may be read-only or not include this: ask a space administrator for the access you need.',
	});
}

function unreadable(response: HttpResponse, origin: string, serverMessage?: string): BlTuiError {
	const said = serverMessage ? `: ${serverMessage.replace(/\s+/g, ' ').trim().slice(0, 120)}` : '';
	return new BlTuiError('bad-response', `${hostOf(origin)} sent an answer bl-tui cannot read (HTTP ${response.status})${said}.`, {
		status: response.status,
		apiCode: backlogErrorOf(response)?.code,
		hint: 'Check that this is a Backlog space; run with --debug to see the exchange.',
	});
}

function hostOf(origin: string): string {
	try {
		const url = new URL(origin);
		return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
	} catch {
		return origin;
	}
}

function settled<T>(result: PromiseSettledResult<T>): T {
	if (result.status === 'rejected') throw result.reason;
	return result.value;
}
