/**
 * Atlassian profiles without I/O: what the user typed for a site, profile names, which environment
 * variable supplies a token (DESIGN §3), and the default-profile rules applied to config data.
 */
import {isIP} from 'node:net';
import {BlTuiError} from './errors.js';
import {isLoopbackHost} from './spaces.js';
import type {ConfigData, ProfileRecord} from './types.js';

export type AtlassianProduct = 'jira' | 'confluence';

export type NormalizedBaseUrl = {
	/** `https://acme.atlassian.net`: scheme and host (and a self-hosted context path), no trailing slash. */
	baseUrl: string;
	/** Set when the pasted address was a Confluence page (`/wiki/...`). */
	product?: AtlassianProduct;
	/** What was changed, to tell the user in one line each. */
	notes: string[];
};

export const defaultBitbucketApi = 'https://api.bitbucket.org';

// The first path segment of a page of Jira, JSM or Confluence: everything from it on is a page, not the site.
const productSegments = new Set([
	'jira',
	'wiki',
	'browse',
	'secure',
	'projects',
	'servicedesk',
	'rest',
	'plugins',
	'issues',
	'people',
	'home',
	'login.jsp',
	'dashboard',
	'display',
	'spaces',
	'pages',
]);

const profileNamePattern = /^[a-z\d_-]{1,64}$/i;

function invalid(message: string, hint?: string): BlTuiError {
	return new BlTuiError('invalid-input', message, {hint});
}

/**
 * `acme.atlassian.net/jira/software/projects/X` → `https://acme.atlassian.net`; a `/wiki/...`
 * address keeps the fact that the user meant Confluence; plain http only to loopback.
 */
export function normalizeBaseUrl(input: string): NormalizedBaseUrl {
	const typed = input.trim();
	const notes: string[] = [];
	if (typed === '') throw invalid('The base URL is empty.', 'Type your site, e.g. https://acme.atlassian.net.');
	if (/\s/.test(typed)) throw invalid(`"${typed}" contains spaces.`, 'Type your site, e.g. https://acme.atlassian.net.');

	const hasScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(typed);
	if (!hasScheme && /^[a-z][a-z\d+.-]*:/i.test(typed) && !/^[^:/]+:\d+(?:[/?#]|$)/.test(typed)) {
		throw invalid(`"${typed}" is not a web address.`, 'Only https:// (or http:// to this machine) is allowed.');
	}

	let address = typed;
	if (!hasScheme && !/[./:]/.test(typed)) {
		if (!/^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?$/i.test(typed)) {
			throw invalid(`"${typed}" is not a valid site name.`, 'Type your site, e.g. https://acme.atlassian.net.');
		}

		address = `${typed.toLowerCase()}.atlassian.net`;
		notes.push(`Read "${typed}" as the Atlassian Cloud site ${address}.`);
	}

	let url: URL;
	try {
		url = new URL(hasScheme ? address : `https://${address}`);
	} catch {
		throw invalid(`"${typed}" is not a valid address.`, 'Type your site, e.g. https://acme.atlassian.net.');
	}

	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw invalid(`"${url.protocol}" addresses are not allowed.`, 'Only https:// (or http:// to this machine) is allowed.');
	}

	// `acme.atlassian.net@evil.com` parses as user "acme.atlassian.net" at host evil.com
	if (url.username !== '' || url.password !== '' || /@/.test(typed.split(/[/?#]/, hasScheme ? 3 : 1).join('/'))) {
		throw invalid(`"${typed}" carries a user name or password.`, 'Remove the part before "@": it would send your token to another host.');
	}

	const {hostname} = url;
	if (hostname === '' || hostname.startsWith('.') || hostname.endsWith('.') || hostname.includes('..')) {
		throw invalid(`"${typed}" has no valid host.`, 'Type your site, e.g. https://acme.atlassian.net.');
	}

	const loopback = isLoopbackHost(hostname);
	if (url.protocol === 'http:' && !loopback) {
		throw invalid(`Plain http:// is only allowed to this machine, not to ${hostname}.`, `Use https://${url.host}: the token would travel unencrypted.`);
	}

	if (!loopback && isIP(hostname) === 0 && !hostname.includes('.')) {
		throw invalid(`"${hostname}" is not a full host name.`, 'Type your site, e.g. https://acme.atlassian.net.');
	}

	if (!hasScheme && address === typed) notes.push(`Added https:// in front of ${typed}.`);

	const segments = url.pathname.split('/').filter(segment => segment !== '');
	const kept: string[] = [];
	let product: AtlassianProduct | undefined;
	for (const segment of segments) {
		const lower = segment.toLowerCase();
		if (lower === 'wiki') product = 'confluence';
		// Atlassian Cloud sites live at the root; a path there is always a page.
		if (productSegments.has(lower) || lower.endsWith('.jsp') || lower.endsWith('.action') || hostname.endsWith('.atlassian.net')) break;
		kept.push(segment);
	}

	const prefix = kept.length === 0 ? '' : `/${kept.join('/')}`;
	const rest = url.pathname.replace(/\/+$/, '').slice(prefix.length);
	if (rest !== '' || url.search !== '' || url.hash !== '') {
		notes.push(`Kept the site only: dropped "${rest}${url.search}${url.hash}".`);
	} else if (/\/$/.test(typed.split(/[?#]/)[0]!)) {
		notes.push('Removed the trailing slash.');
	}

	const baseUrl = `${url.protocol}//${url.host}${prefix}`;
	return product ? {baseUrl, product, notes} : {baseUrl, notes};
}

export function validateProfileName(input: string): string {
	const name = input.trim();
	if (name === '') throw invalid('The profile name is empty.', 'Name it with letters, digits, "-" or "_", e.g. "work".');
	if (!profileNamePattern.test(name)) {
		throw invalid(`"${name}" is not a valid profile name.`, 'Use letters, digits, "-" and "_" only (at most 64), e.g. "work".');
	}

	return name;
}

/** `my-work` → `MY_WORK`, the suffix of the per-profile variables. */
export function envSuffix(profile: string): string {
	return profile.toUpperCase().replaceAll('-', '_');
}

export type EnvToken = {token: string; variable: string};

function firstSet(env: NodeJS.ProcessEnv, variables: string[]): EnvToken | undefined {
	for (const variable of variables) {
		const token = env[variable]?.trim();
		if (token) return {token, variable};
	}

	return undefined;
}

/** `ATLASSIAN_CLI_TOKEN_<PROFILE>` > `ATLASSIAN_API_TOKEN`; undefined means the stored token applies. */
export function envTokenFor(profile: string, env: NodeJS.ProcessEnv): EnvToken | undefined {
	return firstSet(env, [`ATLASSIAN_CLI_TOKEN_${envSuffix(profile)}`, 'ATLASSIAN_API_TOKEN']);
}

/** `ATLASSIAN_CLI_BITBUCKET_TOKEN_<PROFILE>` > `ATLASSIAN_BITBUCKET_TOKEN` > `BITBUCKET_TOKEN`; never the Jira token. */
export function envBitbucketTokenFor(profile: string, env: NodeJS.ProcessEnv): EnvToken | undefined {
	return firstSet(env, [`ATLASSIAN_CLI_BITBUCKET_TOKEN_${envSuffix(profile)}`, 'ATLASSIAN_BITBUCKET_TOKEN', 'BITBUCKET_TOKEN']);
}

/** Keyring account names of a profile's two secrets. */
export function tokenAccount(profile: string): string {
	return `profile:${profile}:atlassian`;
}

export function bitbucketAccount(profile: string): string {
	return `profile:${profile}:bitbucket`;
}

export function unknownProfile(name: string, data: ConfigData): BlTuiError {
	const names = Object.keys(data.profiles);
	return new BlTuiError('not-configured', `There is no profile named "${name}".`, {
		hint: names.length === 0 ? loginHint : `Profiles: ${names.join(', ')}. See bl-tui atlassian list.`,
	});
}

const loginHint = 'Add one with bl-tui atlassian login --profile <name> --base-url URL --email E; the first profile becomes the default.';

/** `--profile` > default profile; a typed error that says how to fix it when neither names one. */
export function resolveProfileName(data: ConfigData, requested?: string): string {
	if (requested !== undefined && requested.trim() !== '') {
		const name = validateProfileName(requested);
		if (!data.profiles[name]) throw unknownProfile(name, data);
		return name;
	}

	const fallback = data.defaultProfile;
	if (fallback && data.profiles[fallback]) return fallback;
	const names = Object.keys(data.profiles);
	throw new BlTuiError('no-default-profile', 'No profile given and no default profile is set.', {
		hint: names.length === 0 ? loginHint : `Pass --profile, or choose a default: bl-tui atlassian use <name> (${names.join(', ')}).`,
	});
}

export type PutProfileOutcome = {isDefault: boolean; replaced: boolean};

/** Saves a profile into the config draft; the first profile, or one saved with --default, becomes the default. */
export function putProfile(data: ConfigData, record: ProfileRecord, options: {makeDefault?: boolean} = {}): PutProfileOutcome {
	const replaced = Boolean(data.profiles[record.name]);
	data.profiles[record.name] = record;
	const hasDefault = Boolean(data.defaultProfile && data.profiles[data.defaultProfile]);
	if (options.makeDefault || !hasDefault) data.defaultProfile = record.name;
	return {isDefault: data.defaultProfile === record.name, replaced};
}

export type RemoveProfileOutcome = {removed: boolean; clearedDefault: boolean};

/** Removes a profile from the config draft; removing the default leaves no default, and says so. */
export function removeProfile(data: ConfigData, name: string): RemoveProfileOutcome {
	if (!data.profiles[name]) return {removed: false, clearedDefault: false};
	delete data.profiles[name];
	const clearedDefault = data.defaultProfile === name;
	if (clearedDefault) delete data.defaultProfile;
	return {removed: true, clearedDefault};
}

export function setDefaultProfile(data: ConfigData, name: string): void {
	if (!data.profiles[name]) throw unknownProfile(name, data);
	data.defaultProfile = name;
}
