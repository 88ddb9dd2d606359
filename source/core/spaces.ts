/**
 * Turning whatever the user typed or pasted into the origin of a Backlog space, or a reason why not.
 */
import {isIP} from 'node:net';
import {BlTuiError} from './errors.js';
import type {SpaceRecord} from './types.js';

export const cloudDomains = ['backlog.com', 'backlog.jp', 'backlogtool.com'] as const;
export type CloudDomain = (typeof cloudDomains)[number];
export const defaultDomain: CloudDomain = 'backlog.com';

export type NormalizedSpace = {
	origin: string;
	host: string;
	/** The space key for cloud spaces; the host for others until the space API names it. */
	spaceKey: string;
	cloud: boolean;
};

// Backlog space keys: letters, digits and hyphens, not starting or ending with a hyphen.
const spaceKeyPattern = /^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?$/i;
// The first path segment of a Backlog page: what follows the space's own prefix.
const backlogPageSegments = new Set([
	'projects',
	'view',
	'dashboard',
	'api',
	'find',
	'wiki',
	'file',
	'git',
	'board',
	'gantt',
	'user',
	'alias',
	'add',
	'subversion',
	'shared-files',
	'admin',
	'globalbar',
]);

function invalid(message: string, hint?: string): BlTuiError {
	return new BlTuiError('invalid-input', message, {hint});
}

export function isLoopbackHost(hostname: string): boolean {
	const bare = hostname.replace(/^\[|\]$/g, '');
	if (bare === 'localhost' || bare === '::1') return true;
	return isIP(bare) === 4 && bare.startsWith('127.');
}

function cloudDomainOf(hostname: string): CloudDomain | undefined {
	return cloudDomains.find(domain => hostname.endsWith(`.${domain}`));
}

/** True for a host on one of Backlog's cloud domains (acme.backlog.com, acme.backlog.jp, …). */
export function isCloudHost(host: string): boolean {
	return cloudDomainOf(host) !== undefined;
}

function parseDomain(domain: string): CloudDomain {
	const bare = domain.trim().toLowerCase().replace(/^\./, '');
	const match = cloudDomains.find(d => d === bare);
	if (!match) {
		throw invalid(`Unknown Backlog domain "${domain}".`, `Use one of ${cloudDomains.join(', ')}, or type the full host.`);
	}

	return match;
}

/**
 * `acme` → `https://acme.backlog.com`; `acme.backlog.jp` → `https://acme.backlog.jp`;
 * a URL → its origin, keeping an Enterprise path prefix; plain http only to loopback.
 */
export function normalizeSpace(input: string, options: {domain?: string} = {}): NormalizedSpace {
	const typed = input.trim();
	if (typed === '') throw invalid('The space is empty.', 'Type a space key such as "acme", or its host "acme.backlog.com".');

	const hasScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(typed);
	// `acme.backlog.com@evil.com` parses as user "acme.backlog.com" at host evil.com
	const userinfo = () => invalid('The address carries a user name or password before "@".', 'Remove the part before "@": it would send requests to another host.');
	// before parsing, so no later message repeats a password typed before "@"
	if (/@/.test(typed.split(/[/?#]/, hasScheme ? 3 : 1).join('/'))) throw userinfo();
	if (/\s/.test(typed)) throw invalid(`"${typed}" contains spaces.`, 'A space is a key such as "acme" or a host such as "acme.backlog.com".');

	if (!hasScheme && /^[a-z][a-z\d+.-]*:/i.test(typed) && !/^[^:/]+:\d+(?:[/?#]|$)/.test(typed)) {
		throw invalid(`"${typed}" is not a web address.`, 'Only https:// (or http:// to this machine) is allowed.');
	}

	if (!hasScheme && !/[./:]/.test(typed)) {
		if (!spaceKeyPattern.test(typed)) {
			throw invalid(`"${typed}" is not a valid space key.`, 'A space key has letters, digits and hyphens, e.g. "acme".');
		}

		const domain = options.domain ? parseDomain(options.domain) : defaultDomain;
		const host = `${typed.toLowerCase()}.${domain}`;
		return {origin: `https://${host}`, host, spaceKey: typed.toLowerCase(), cloud: true};
	}

	let url: URL;
	try {
		url = new URL(hasScheme ? typed : `https://${typed}`);
	} catch {
		throw invalid(`"${typed}" is not a valid address.`, 'Type a space key such as "acme", or a host such as "acme.backlog.com".');
	}

	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw invalid(`"${url.protocol}" addresses are not allowed.`, 'Only https:// (or http:// to this machine) is allowed.');
	}

	if (url.username !== '' || url.password !== '') throw userinfo();

	const {hostname} = url;
	if (hostname === '' || hostname.startsWith('.') || hostname.endsWith('.') || hostname.includes('..')) {
		throw invalid(`"${typed}" has no valid host.`, 'Type a host such as "acme.backlog.com", with no empty parts between dots.');
	}

	const loopback = isLoopbackHost(hostname);
	if (url.protocol === 'http:' && !loopback) {
		throw invalid(`Plain http:// is only allowed to this machine, not to ${hostname}.`, `Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}.`);
	}

	const cloud = cloudDomainOf(hostname);
	if (cloud) {
		const key = hostname.slice(0, -(cloud.length + 1));
		if (!spaceKeyPattern.test(key)) {
			throw invalid(`"${key}" is not a valid space key.`, 'A space key has letters, digits and hyphens, e.g. "acme".');
		}

		return {origin: `https://${url.host}`, host: url.host, spaceKey: key, cloud: true};
	}

	if (cloudDomains.some(domain => domain === hostname)) {
		throw invalid(`${hostname} is Backlog's own site, not a space.`, `Put your space key in front: "acme.${hostname}".`);
	}

	if (!loopback && isIP(hostname.replace(/^\[|\]$/g, '')) === 0 && !hostname.includes('.')) {
		throw invalid(`"${hostname}" is not a full host name.`, 'Type a key such as "acme" for Backlog cloud, or the full host of your Backlog Enterprise.');
	}

	const prefix = pathPrefix(url.pathname);
	return {origin: `${url.protocol}//${url.host}${prefix}`, host: url.host, spaceKey: url.host, cloud: false};
}

/** The part of an Enterprise path before the first Backlog page segment (`/backlog/projects/X` → `/backlog`). */
function pathPrefix(pathname: string): string {
	const kept: string[] = [];
	for (const segment of pathname.split('/')) {
		if (segment === '') continue;
		if (backlogPageSegments.has(segment) || segment.endsWith('.action')) break;
		kept.push(segment);
	}

	return kept.length === 0 ? '' : `/${kept.join('/')}`;
}

/**
 * Finds a stored space by what the user called it: its origin, its host or its space key.
 * Throws when the reference is ambiguous; returns undefined when nothing matches.
 */
export function findSpace(reference: string, spaces: readonly SpaceRecord[]): SpaceRecord | undefined {
	const typed = reference.trim();
	if (typed === '') return undefined;
	const lower = typed.toLowerCase().replace(/\/+$/, '');

	const byOrigin = spaces.find(space => space.origin.toLowerCase() === lower);
	if (byOrigin) return byOrigin;

	// before the default-domain guess: `acme` with acme.backlog.com and acme.backlog.jp stored is ambiguous
	const byKey = spaces.filter(space => space.spaceKey.toLowerCase() === lower);
	const byHost = spaces.filter(space => space.host.toLowerCase() === lower);
	for (const matches of [byKey, byHost]) {
		if (matches.length > 1) {
			throw invalid(`"${typed}" names more than one space.`, `Use the full origin: ${matches.map(space => space.origin).join(', ')}.`);
		}
	}

	let normalized: string | undefined;
	try {
		normalized = normalizeSpace(typed).origin;
	} catch {}

	const match = normalized === undefined ? undefined : spaces.find(space => space.origin === normalized);
	return match ?? byHost[0] ?? byKey[0];
}

/** The page where a Backlog user issues an API key. */
export function apiKeyPage(origin: string): string {
	return `${origin}/EditApiSettings.action`;
}

/** Backlog role types, from the users API, and what each may do. */
export const roles: Record<number, {name: string; can: string; write: boolean}> = {
	1: {name: 'Administrator', can: 'manage the space, projects and issues', write: true},
	2: {name: 'Normal user', can: 'create and edit issues, wikis and files', write: true},
	3: {name: 'Reporter', can: 'add issues and comments', write: true},
	4: {name: 'Viewer', can: 'read only', write: false},
	5: {name: 'Guest reporter', can: 'add issues in invited projects', write: true},
	6: {name: 'Guest viewer', can: 'read invited projects only', write: false},
};
