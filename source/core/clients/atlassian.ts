/**
 * Checking an Atlassian API token against Jira / JSM or Confluence Cloud: who am I, with Basic
 * email:token. Every failure comes out as a BlTuiError with a hint; `verify*` never throw.
 */
import {BlTuiError, toBlTuiError} from '../errors.js';
import type {AtlassianAccount, ProfileCheck} from '../types.js';
import {clockTime} from '../time.js';
import type {Http, HttpResponse} from './http.js';

export type AtlassianTarget = {
	profile: string;
	baseUrl: string;
	product?: 'jira' | 'confluence';
	email: string;
	token: string;
};

type Product = ProfileCheck['product'];

export const apiTokenPage = 'https://id.atlassian.com/manage-profile/security/api-tokens';

export function basicAuthorization(user: string, token: string): string {
	return `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
}

/** Jira and JSM share `/rest/api/3/myself`; a `/wiki` profile checks Confluence's current user instead. */
export async function verifyAtlassian(http: Http, target: AtlassianTarget, signal?: AbortSignal): Promise<ProfileCheck> {
	const product = target.product ?? 'jira';
	const base = target.baseUrl.replace(/\/+$/, '');
	const path = product === 'confluence' ? '/wiki/rest/api/user/current' : '/rest/api/3/myself';
	let latencyMs: number | undefined;
	try {
		const response = await http.request(`${base}${path}`, {
			headers: {accept: 'application/json', authorization: basicAuthorization(target.email, target.token)},
			signal,
			secrets: [target.token],
		});
		latencyMs = response.latencyMs;
		if (response.status !== 200) throw atlassianError(response, {product, url: base});
		const account = accountOf(response);
		if (!account) throw unreadable(response, product, base);
		return {ok: true, profile: target.profile, product, account, latencyMs, ...(response.rateLimit ? {rateLimit: response.rateLimit} : {})};
	} catch (error) {
		return {ok: false, profile: target.profile, product, error: toBlTuiError(error), ...(latencyMs === undefined ? {} : {latencyMs})};
	}
}

function accountOf(response: HttpResponse): AtlassianAccount | undefined {
	const body = response.json as {accountId?: unknown; displayName?: unknown; emailAddress?: unknown; email?: unknown} | undefined;
	if (!body || typeof body.accountId !== 'string' || typeof body.displayName !== 'string') return undefined;
	const account: AtlassianAccount = {accountId: body.accountId, displayName: body.displayName};
	// Jira says emailAddress, Confluence says email; either may be hidden by the user's privacy settings
	const email = typeof body.emailAddress === 'string' ? body.emailAddress : body.email;
	if (typeof email === 'string' && email !== '') account.emailAddress = email;
	return account;
}

const productNames: Record<Product, string> = {jira: 'Jira', confluence: 'Confluence', bitbucket: 'Bitbucket'};

export function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

export function isHtml(response: HttpResponse): boolean {
	return /html/i.test(response.headers['content-type'] ?? '') || /^\s*<(!doctype|html|head|body)/i.test(response.text);
}

export function unreadable(response: HttpResponse, product: Product, url: string): BlTuiError {
	const host = hostOf(url);
	if (isHtml(response)) return wrongDomain(response, product, url);
	return new BlTuiError('bad-response', `${host} answered, but not as ${productNames[product]} does (HTTP ${response.status}).`, {
		status: response.status,
		hint: product === 'bitbucket' ? 'Check the Bitbucket API address.' : 'Check the base URL is your Atlassian site, e.g. https://acme.atlassian.net.',
	});
}

function wrongDomain(response: HttpResponse, product: Product, url: string): BlTuiError {
	const host = hostOf(url);
	const what = product === 'bitbucket' ? 'the Bitbucket API' : 'an Atlassian site';
	return new BlTuiError('wrong-domain', `${host} is not ${what}: ${productNames[product]} was not found there (HTTP ${response.status}).`, {
		status: response.status,
		hint:
			product === 'bitbucket'
				? 'The Bitbucket API lives at https://api.bitbucket.org.'
				: 'Use the address you open Jira or Confluence at, e.g. https://acme.atlassian.net (no /jira or /wiki path).',
	});
}

/**
 * The CAPTCHA a site demands after several failed logins shows in these headers (Atlassian's
 * "JIRA REST API Example - Basic Authentication": `X-Seraph-LoginReason: AUTHENTICATION_DENIED`,
 * `X-Authentication-Denied-Reason: CAPTCHA_CHALLENGE; login-url=...`). `AUTHENTICATED_FAILED`
 * alone is an ordinary wrong credential.
 */
function captchaOf(response: HttpResponse): {loginUrl?: string} | undefined {
	const denied = response.headers['x-authentication-denied-reason'] ?? '';
	const seraph = (response.headers['x-seraph-loginreason'] ?? '').split(/\s*,\s*/);
	if (!/captcha/i.test(denied) && !seraph.includes('AUTHENTICATION_DENIED')) return undefined;
	const loginUrl = /login-url=(\S+)/i.exec(denied)?.[1];
	return loginUrl ? {loginUrl} : {};
}

/** Seconds to wait from `Retry-After` (seconds or an HTTP date), as an epoch-seconds reset time. */
export function retryAfterReset(response: HttpResponse, now = Date.now()): number | undefined {
	const value = response.headers['retry-after']?.trim();
	if (!value) return response.rateLimit?.reset;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.ceil(now / 1000 + seconds);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.ceil(date / 1000);
}

/** What Jira, Confluence or Bitbucket said, when it is not the success we asked for, as a typed error. */
export function atlassianError(response: HttpResponse, where: {product: Product; url: string; bearer?: boolean}): BlTuiError {
	const {product, url} = where;
	const host = hostOf(url);
	const name = productNames[product];
	const {status} = response;
	const captcha = captchaOf(response);
	if (captcha) {
		return new BlTuiError('captcha', `${host} asks for a CAPTCHA after too many failed logins, so it refuses API calls.`, {
			status,
			hint: `Log in once in a browser${captcha.loginUrl ? ` at ${captcha.loginUrl}` : ` at ${new URL(url).origin}`} and solve the CAPTCHA, then try again.`,
		});
	}

	if (status === 401) {
		const hint =
			product === 'bitbucket' && where.bearer
				? 'The access token is wrong, expired or revoked: create a new one in the repository, project or workspace settings (Access tokens).'
				: `The token is wrong or expired, or the email is not the token owner's: check the email and create a token at ${apiTokenPage}.`;
		return new BlTuiError('unauthorized', `${name} at ${host} did not accept the credentials (HTTP 401).`, {status, hint});
	}

	if (status === 403) {
		const hint =
			product === 'bitbucket'
				? 'The token is valid but lacks a scope: give it read:user and read:workspace (API token) or account/repository read (access token).'
				: `The account is authenticated but has no permission: ask a site admin for ${name} access, or use a token without scope limits.`;
		return new BlTuiError('forbidden', `${name} at ${host} refused access (HTTP 403).`, {status, hint});
	}

	if (status === 429) {
		const resetAt = retryAfterReset(response);
		return new BlTuiError('rate-limited', `${name} at ${host} is rate-limiting requests (HTTP 429).`, {
			status,
			resetAt,
			hint: resetAt ? `Wait until ${clockTime(resetAt)} and try again.` : 'Wait a minute and try again.',
		});
	}

	if (status >= 500) {
		return new BlTuiError('server', `${name} at ${host} answered with a server error (HTTP ${status}).`, {
			status,
			hint: 'Atlassian may be down or under maintenance: see https://status.atlassian.com and try again later.',
		});
	}

	if (status === 404 || isHtml(response)) return wrongDomain(response, product, url);
	return unreadable(response, product, url);
}
