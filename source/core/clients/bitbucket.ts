/**
 * Checking Bitbucket Cloud credentials: an API token with the account email (Basic) reads
 * `/2.0/user`; an access token (Bearer) belongs to a repository, project or workspace, not a user,
 * so it cannot read `/2.0/user` and lists workspaces instead. `verifyBitbucket` never throws.
 */
import {BlTuiError, isBlTuiError, toBlTuiError} from '../errors.js';
import {defaultBitbucketApi} from '../profiles.js';
import type {ProfileCheck} from '../types.js';
import {atlassianError, basicAuthorization, unreadable} from './atlassian.js';
import type {Http, HttpResponse} from './http.js';

export type BitbucketTarget = {
	profile: string;
	auth: 'basic' | 'bearer';
	/** Basic only. */
	email?: string;
	token: string;
	workspace?: string;
	/** `https://api.bitbucket.org` unless set. */
	apiBase?: string;
};

export type BitbucketAccount = {uuid?: string; displayName?: string; username?: string; workspaces?: string[]};

export async function verifyBitbucket(http: Http, target: BitbucketTarget, signal?: AbortSignal): Promise<ProfileCheck> {
	const api = (target.apiBase ?? defaultBitbucketApi).replace(/\/+$/, '');
	const bearer = target.auth === 'bearer';
	const authorization = bearer ? `Bearer ${target.token}` : basicAuthorization(target.email ?? '', target.token);
	const get = async (path: string) => {
		const response = await http.request(`${api}${path}`, {
			headers: {accept: 'application/json', authorization},
			signal,
			secrets: [target.token],
		});
		if (response.status !== 200) throw atlassianError(response, {product: 'bitbucket', url: api, bearer});
		return response;
	};

	let latencyMs: number | undefined;
	try {
		const response = bearer ? await workspacesResponse(get, target.workspace) : await get('/2.0/user');
		latencyMs = response.latencyMs;
		const account = bearer ? workspacesOf(response) : userOf(response);
		if (!account) throw unreadable(response, 'bitbucket', api);
		if (target.workspace && account.workspaces && !account.workspaces.includes(target.workspace)) {
			throw new BlTuiError('not-found', `The access token cannot see the workspace "${target.workspace}".`, {
				hint: `It sees ${account.workspaces.length === 0 ? 'no workspace' : account.workspaces.join(', ')}: check --workspace, or create the token in that workspace.`,
			});
		}

		return {
			ok: true,
			profile: target.profile,
			product: 'bitbucket',
			account,
			latencyMs,
			...(response.rateLimit ? {rateLimit: response.rateLimit} : {}),
		};
	} catch (error) {
		return {ok: false, profile: target.profile, product: 'bitbucket', error: toBlTuiError(error), ...(latencyMs === undefined ? {} : {latencyMs})};
	}
}

function userOf(response: HttpResponse): BitbucketAccount | undefined {
	const body = response.json as {uuid?: unknown; display_name?: unknown; username?: unknown} | undefined;
	if (!body || (typeof body.uuid !== 'string' && typeof body.display_name !== 'string')) return undefined;
	const account: BitbucketAccount = {};
	if (typeof body.uuid === 'string') account.uuid = body.uuid;
	if (typeof body.display_name === 'string') account.displayName = body.display_name;
	if (typeof body.username === 'string') account.username = body.username;
	return account;
}

/**
 * Repository and project access tokens are refused by `/2.0/workspaces` with a 403 ("This API is not
 * accessible by this authentication mechanism", Atlassian KB); listing the workspace's repositories
 * works for every kind of access token, so a known workspace is checked that way.
 */
async function workspacesResponse(get: (path: string) => Promise<HttpResponse>, workspace?: string): Promise<HttpResponse> {
	try {
		return await get('/2.0/workspaces');
	} catch (error) {
		if (!workspace || !isBlTuiError(error) || error.code !== 'forbidden') throw error;
		const response = await get(`/2.0/repositories/${encodeURIComponent(workspace)}?pagelen=1`);
		if (!Array.isArray((response.json as {values?: unknown} | undefined)?.values)) return response;
		return {...response, json: {values: [{slug: workspace}]}};
	}
}

function workspacesOf(response: HttpResponse): BitbucketAccount | undefined {
	const values = (response.json as {values?: unknown} | undefined)?.values;
	if (!Array.isArray(values)) return undefined;
	const workspaces = values
		.map(value => (value as {slug?: unknown} | null)?.slug)
		.filter((slug): slug is string => typeof slug === 'string');
	return {workspaces};
}
