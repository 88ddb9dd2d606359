import {describe, expect, test} from 'vitest';
import {BlTuiError} from '../../source/core/errors.js';
import {
	envBitbucketTokenFor,
	envSuffix,
	envTokenFor,
	normalizeBaseUrl,
	putProfile,
	removeProfile,
	resolveProfileName,
	setDefaultProfile,
	validateProfileName,
} from '../../source/core/profiles.js';
import type {ConfigData, ProfileRecord} from '../../source/core/types.js';

function config(...names: string[]): ConfigData {
	const data: ConfigData = {version: 1, spaces: {}, profiles: {}};
	for (const name of names) data.profiles[name] = record(name);
	return data;
}

function record(name: string): ProfileRecord {
	return {name, baseUrl: 'https://acme.atlassian.net', email: 'me@acme.com', hasToken: true, addedAt: '2026-01-01T00:00:00.000Z'};
}

function rejection(run: () => unknown): BlTuiError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(BlTuiError);
		return error as BlTuiError;
	}

	throw new Error('expected a BlTuiError');
}

describe('normalizeBaseUrl', () => {
	test.each([
		['https://acme.atlassian.net', 'https://acme.atlassian.net', undefined],
		['  https://acme.atlassian.net/  ', 'https://acme.atlassian.net', undefined],
		['https://acme.atlassian.net///', 'https://acme.atlassian.net', undefined],
		['acme.atlassian.net', 'https://acme.atlassian.net', undefined],
		['acme', 'https://acme.atlassian.net', undefined],
		['HTTPS://Acme.Atlassian.NET', 'https://acme.atlassian.net', undefined],
		['https://acme.atlassian.net/jira/software/projects/FOO/boards/1?x=1#top', 'https://acme.atlassian.net', undefined],
		['https://acme.atlassian.net/browse/FOO-1', 'https://acme.atlassian.net', undefined],
		['https://acme.atlassian.net/servicedesk/customer/portal/1', 'https://acme.atlassian.net', undefined],
		['https://acme.atlassian.net/wiki/spaces/ENG/overview', 'https://acme.atlassian.net', 'confluence'],
		['https://acme.atlassian.net/wiki', 'https://acme.atlassian.net', 'confluence'],
		['https://jira.example.com/ctx/browse/FOO-1', 'https://jira.example.com/ctx', undefined],
		['http://127.0.0.1:8080/', 'http://127.0.0.1:8080', undefined],
		['http://localhost:3000/wiki/x', 'http://localhost:3000', 'confluence'],
		['http://[::1]:9000', 'http://[::1]:9000', undefined],
	])('%s → %s', (typed, baseUrl, product) => {
		const normalized = normalizeBaseUrl(typed);
		expect(normalized.baseUrl).toBe(baseUrl);
		expect(normalized.product).toBe(product);
	});

	test('says what it changed', () => {
		expect(normalizeBaseUrl('acme.atlassian.net').notes).toEqual(['Added https:// in front of acme.atlassian.net.']);
		expect(normalizeBaseUrl('https://acme.atlassian.net/').notes).toEqual(['Removed the trailing slash.']);
		expect(normalizeBaseUrl('https://acme.atlassian.net/wiki/spaces/X').notes).toEqual(['Kept the site only: dropped "/wiki/spaces/X".']);
		expect(normalizeBaseUrl('acme').notes[0]).toContain('acme.atlassian.net');
		expect(normalizeBaseUrl('https://acme.atlassian.net').notes).toEqual([]);
	});

	test.each([
		['', /empty/],
		['   ', /empty/],
		['http://acme.atlassian.net', /only allowed to this machine/],
		['ftp://acme.atlassian.net', /not allowed/],
		['mailto:me@acme.com', /not a web address/],
		['https://me:pw@acme.atlassian.net', /user name or password/],
		['acme.atlassian.net@evil.com', /user name or password/],
		['https://acme atlassian.net', /spaces/],
		['https://intranet', /not a full host name/],
		['https://acme..atlassian.net', /no valid host|not a valid address/],
		['-acme-', /not a valid site name/],
	])('refuses %j', (typed, reason) => {
		const error = rejection(() => normalizeBaseUrl(typed));
		expect(error.code).toBe('invalid-input');
		expect(error.message).toMatch(reason);
		expect(error.hint).toBeTruthy();
	});

	test('http hint names the https address', () => {
		expect(rejection(() => normalizeBaseUrl('http://acme.atlassian.net/jira')).hint).toContain('https://acme.atlassian.net');
	});
});

describe('validateProfileName', () => {
	test.each(['work', 'my-work', 'team_2', 'A', 'x'.repeat(64)])('accepts %s', name => {
		expect(validateProfileName(name)).toBe(name);
	});

	test('trims', () => {
		expect(validateProfileName('  work ')).toBe('work');
	});

	test.each(['', 'my work', 'work!', 'über', 'a/b', 'x'.repeat(65), 'a.b'])('refuses %j', name => {
		expect(rejection(() => validateProfileName(name)).code).toBe('invalid-input');
	});
});

describe('environment tokens (DESIGN §3)', () => {
	test('suffix is upper-cased with - as _', () => {
		expect(envSuffix('my-work')).toBe('MY_WORK');
		expect(envSuffix('Team_2')).toBe('TEAM_2');
	});

	test.each<[string, Record<string, string>, string | undefined]>([
		['per-profile variable wins', {ATLASSIAN_CLI_TOKEN_MY_WORK: 'p', ATLASSIAN_API_TOKEN: 'g'}, 'ATLASSIAN_CLI_TOKEN_MY_WORK'],
		['ATLASSIAN_API_TOKEN next', {ATLASSIAN_API_TOKEN: 'g'}, 'ATLASSIAN_API_TOKEN'],
		['another profile’s variable does not apply', {ATLASSIAN_CLI_TOKEN_OTHER: 'o'}, undefined],
		['a lower-case or dashed name is not read', {'ATLASSIAN_CLI_TOKEN_my-work': 'x', ATLASSIAN_CLI_TOKEN_MY_WORK: ''}, undefined],
		['empty values are unset', {ATLASSIAN_CLI_TOKEN_MY_WORK: '  ', ATLASSIAN_API_TOKEN: 'g'}, 'ATLASSIAN_API_TOKEN'],
		['Bitbucket tokens are not Atlassian tokens', {BITBUCKET_TOKEN: 'b', ATLASSIAN_BITBUCKET_TOKEN: 'b'}, undefined],
		['nothing set: the stored token applies', {}, undefined],
	])('Atlassian: %s', (_, env, variable) => {
		const found = envTokenFor('my-work', env);
		expect(found?.variable).toBe(variable);
		if (variable) expect(found?.token).toBe(env[variable]);
	});

	test.each<[string, Record<string, string>, string | undefined]>([
		[
			'per-profile variable wins',
			{ATLASSIAN_CLI_BITBUCKET_TOKEN_MY_WORK: 'p', ATLASSIAN_BITBUCKET_TOKEN: 'a', BITBUCKET_TOKEN: 'b'},
			'ATLASSIAN_CLI_BITBUCKET_TOKEN_MY_WORK',
		],
		['ATLASSIAN_BITBUCKET_TOKEN next', {ATLASSIAN_BITBUCKET_TOKEN: 'a', BITBUCKET_TOKEN: 'b'}, 'ATLASSIAN_BITBUCKET_TOKEN'],
		['BITBUCKET_TOKEN last', {BITBUCKET_TOKEN: 'b'}, 'BITBUCKET_TOKEN'],
		['never the Jira token', {ATLASSIAN_API_TOKEN: 'g', ATLASSIAN_CLI_TOKEN_MY_WORK: 'p'}, undefined],
		['empty values are unset', {ATLASSIAN_BITBUCKET_TOKEN: '', BITBUCKET_TOKEN: 'b'}, 'BITBUCKET_TOKEN'],
		['nothing set: the stored token applies', {}, undefined],
	])('Bitbucket: %s', (_, env, variable) => {
		const found = envBitbucketTokenFor('my-work', env);
		expect(found?.variable).toBe(variable);
		if (variable) expect(found?.token).toBe(env[variable]);
	});

	test('tokens are trimmed', () => {
		expect(envTokenFor('w', {ATLASSIAN_API_TOKEN: ' tok\n'})).toEqual({token: 'tok', variable: 'ATLASSIAN_API_TOKEN'});
	});
});

describe('default profile', () => {
	test('the first profile becomes the default', () => {
		const data = config();
		expect(putProfile(data, record('work'))).toEqual({isDefault: true, replaced: false});
		expect(data.defaultProfile).toBe('work');
		expect(putProfile(data, record('home'))).toEqual({isDefault: false, replaced: false});
		expect(data.defaultProfile).toBe('work');
	});

	test('--default moves it', () => {
		const data = config('work');
		data.defaultProfile = 'work';
		expect(putProfile(data, record('home'), {makeDefault: true}).isDefault).toBe(true);
		expect(data.defaultProfile).toBe('home');
	});

	test('saving again replaces and keeps the default', () => {
		const data = config('work', 'home');
		data.defaultProfile = 'home';
		expect(putProfile(data, {...record('work'), email: 'new@acme.com'})).toEqual({isDefault: false, replaced: true});
		expect(data.profiles.work!.email).toBe('new@acme.com');
		expect(data.defaultProfile).toBe('home');
	});

	test('a profile saved while there is no default becomes it', () => {
		const data = config('work');
		expect(putProfile(data, record('home')).isDefault).toBe(true);
	});

	test('removing the default clears it and says so', () => {
		const data = config('work', 'home');
		data.defaultProfile = 'work';
		expect(removeProfile(data, 'home')).toEqual({removed: true, clearedDefault: false});
		expect(data.defaultProfile).toBe('work');
		expect(removeProfile(data, 'work')).toEqual({removed: true, clearedDefault: true});
		expect(data.defaultProfile).toBeUndefined();
		expect(removeProfile(data, 'work')).toEqual({removed: false, clearedDefault: false});
	});

	test('use sets it; an unknown name is refused', () => {
		const data = config('work', 'home');
		setDefaultProfile(data, 'home');
		expect(data.defaultProfile).toBe('home');
		const error = rejection(() => setDefaultProfile(data, 'nope'));
		expect(error.code).toBe('not-configured');
		expect(error.hint).toContain('work, home');
	});

	test('--profile wins over the default', () => {
		const data = config('work', 'home');
		data.defaultProfile = 'work';
		expect(resolveProfileName(data, 'home')).toBe('home');
		expect(resolveProfileName(data)).toBe('work');
		expect(rejection(() => resolveProfileName(data, 'nope')).code).toBe('not-configured');
	});

	test('no default: the error names the command that fixes it', () => {
		const data = config('work');
		const error = rejection(() => resolveProfileName(data));
		expect(error.code).toBe('no-default-profile');
		expect(error.hint).toContain('bl-tui atlassian use <name>');
		const none = rejection(() => resolveProfileName(config()));
		expect(none.code).toBe('no-default-profile');
		expect(none.hint).toContain('bl-tui atlassian login');
	});

	test('a default that names a removed profile does not count', () => {
		const data = config('work');
		data.defaultProfile = 'gone';
		expect(rejection(() => resolveProfileName(data)).code).toBe('no-default-profile');
	});
});
