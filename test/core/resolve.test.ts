import {describe, expect, it} from 'vitest';
import {BlTuiError} from '../../source/core/errors.js';
import {chooseSpace, envApiKey, noSpaceError, recordFor} from '../../source/core/resolve.js';
import {normalizeSpace} from '../../source/core/spaces.js';
import type {ConfigData, SpaceRecord} from '../../source/core/types.js';

function record(origin: string): SpaceRecord {
	const {host} = new URL(origin);
	return {origin, host, spaceKey: host.split('.')[0]!, authMethod: 'api-key', addedAt: '2025-01-01T00:00:00.000Z'};
}

const acme = record('https://acme.backlog.com');
const globex = record('https://globex.backlog.jp');
const initech = record('https://initech.backlogtool.com');
const umbrella = record('https://umbrella.backlog.com');

function config(current?: SpaceRecord): ConfigData {
	return {
		version: 1,
		currentSpace: current?.origin,
		spaces: Object.fromEntries([acme, globex, initech, umbrella].map(space => [space.origin, space])),
		profiles: {},
	};
}

function failure(fn: () => unknown): BlTuiError {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}

	expect(caught).toBeInstanceOf(BlTuiError);
	return caught as BlTuiError;
}

describe('chooseSpace: --space > BL_SPACE > BACKLOG_DOMAIN > current', () => {
	const everything = {BL_SPACE: 'globex', BACKLOG_DOMAIN: 'initech.backlogtool.com'};

	it.each<[string, string | undefined, NodeJS.ProcessEnv, SpaceRecord, string]>([
		['--space wins over all', 'acme', everything, acme, '--space'],
		['BL_SPACE wins over BACKLOG_DOMAIN and current', undefined, everything, globex, 'BL_SPACE'],
		['BACKLOG_DOMAIN wins over current', undefined, {BACKLOG_DOMAIN: 'initech.backlogtool.com'}, initech, 'BACKLOG_DOMAIN'],
		['the current space comes last', undefined, {}, umbrella, 'current'],
		['an empty --space counts as not given', '', everything, globex, 'BL_SPACE'],
		['a blank BL_SPACE counts as not set', undefined, {BL_SPACE: '  ', BACKLOG_DOMAIN: 'initech.backlogtool.com'}, initech, 'BACKLOG_DOMAIN'],
		['a blank BACKLOG_DOMAIN counts as not set', undefined, {BACKLOG_DOMAIN: ''}, umbrella, 'current'],
		['--space may be a host', 'globex.backlog.jp', {}, globex, '--space'],
		['--space may be an origin', 'https://initech.backlogtool.com', {}, initech, '--space'],
		['--space may be a pasted URL', 'https://acme.backlog.com/projects/FOO', {}, acme, '--space'],
		['BL_SPACE may be a host', undefined, {BL_SPACE: 'acme.backlog.com'}, acme, 'BL_SPACE'],
		['BACKLOG_DOMAIN is a full host', undefined, {BACKLOG_DOMAIN: 'globex.backlog.jp'}, globex, 'BACKLOG_DOMAIN'],
	])('%s', (_name, flag, env, expected, source) => {
		const choice = chooseSpace(config(umbrella), env, flag);
		expect(choice).toEqual({record: expected, source, fromEnvironment: false});
	});

	it('gives nothing when nothing names a space and none is current', () => {
		expect(chooseSpace(config(), {})).toBeUndefined();
		expect(chooseSpace({version: 1, spaces: {}, profiles: {}}, {})).toBeUndefined();
	});

	it('gives nothing when the current space is no longer stored', () => {
		expect(chooseSpace({...config(), currentSpace: 'https://gone.backlog.com'}, {})).toBeUndefined();
	});

	it('does not fall through to the next source when a name matches nothing', () => {
		const error = failure(() => chooseSpace(config(umbrella), {BL_SPACE: 'globex'}, 'nowhere'));
		expect(error.code).toBe('not-configured');
		expect(error.message).toBe('No space "nowhere" is logged in (from --space).');
		expect(error.hint).toBe('Log in with bl-tui auth login --space nowhere, or see bl-tui auth list.');
	});

	it.each([
		['BL_SPACE', {BL_SPACE: 'nowhere'}],
		['BACKLOG_DOMAIN', {BACKLOG_DOMAIN: 'nowhere.backlog.com'}],
	])('names %s when the space it names is not logged in', (source, env) => {
		const error = failure(() => chooseSpace(config(umbrella), env));
		expect(error.code).toBe('not-configured');
		expect(error.message).toContain(`(from ${source})`);
	});

	it('refuses a malformed name with the normalising error', () => {
		const error = failure(() => chooseSpace(config(), {BL_API_KEY: 'key'}, 'http://acme.backlog.com'));
		expect(error.code).toBe('invalid-input');
		expect(error.message).toMatch(/Plain http/);
	});

	it('passes on an ambiguous key', () => {
		const data = config();
		const acmeJp = record('https://acme.backlog.jp');
		data.spaces[acmeJp.origin] = acmeJp;
		expect(failure(() => chooseSpace(data, {}, 'acme')).message).toContain('names more than one space');
	});
});

describe('chooseSpace: a space only the environment knows', () => {
	it.each([
		['--space with BL_API_KEY', 'newco', {BL_API_KEY: 'key'}, '--space'],
		['BL_SPACE with BACKLOG_API_KEY', undefined, {BL_SPACE: 'newco', BACKLOG_API_KEY: 'key'}, 'BL_SPACE'],
		['BACKLOG_DOMAIN with BACKLOG_API_KEY (CI)', undefined, {BACKLOG_DOMAIN: 'newco.backlog.com', BACKLOG_API_KEY: 'key'}, 'BACKLOG_DOMAIN'],
	])('is usable from %s, with no config at all', (_name, flag, env, source) => {
		const choice = chooseSpace({version: 1, spaces: {}, profiles: {}}, env, flag);
		expect(choice).toMatchObject({
			source,
			fromEnvironment: true,
			record: {origin: 'https://newco.backlog.com', host: 'newco.backlog.com', spaceKey: 'newco', authMethod: 'api-key'},
		});
	});

	it('keeps an Enterprise prefix and a loopback origin from the environment', () => {
		const empty = {version: 1, spaces: {}, profiles: {}};
		expect(chooseSpace(empty, {BL_SPACE: 'https://backlog.example.co.jp/backlog/projects/X', BL_API_KEY: 'k'})?.record.origin).toBe('https://backlog.example.co.jp/backlog');
		expect(chooseSpace(empty, {BL_SPACE: 'http://127.0.0.1:8080/acme', BL_API_KEY: 'k'})?.record.origin).toBe('http://127.0.0.1:8080/acme');
	});

	it('prefers the stored space when the environment names one that is stored', () => {
		expect(chooseSpace(config(), {BL_SPACE: 'acme', BL_API_KEY: 'key'})).toEqual({record: acme, source: 'BL_SPACE', fromEnvironment: false});
	});

	it('is not usable when the environment gives no key, even a blank one', () => {
		for (const env of [{BL_SPACE: 'newco'}, {BL_SPACE: 'newco', BL_API_KEY: ''}, {BL_SPACE: 'newco', BACKLOG_API_KEY: '  '}]) {
			expect(failure(() => chooseSpace({version: 1, spaces: {}, profiles: {}}, env)).code).toBe('not-configured');
		}
	});
});

describe('envApiKey: BL_API_KEY > BACKLOG_API_KEY', () => {
	it.each<[NodeJS.ProcessEnv, ReturnType<typeof envApiKey>]>([
		[{BL_API_KEY: 'bl', BACKLOG_API_KEY: 'backlog'}, {apiKey: 'bl', variable: 'BL_API_KEY'}],
		[{BACKLOG_API_KEY: 'backlog'}, {apiKey: 'backlog', variable: 'BACKLOG_API_KEY'}],
		[{BL_API_KEY: '', BACKLOG_API_KEY: 'backlog'}, {apiKey: 'backlog', variable: 'BACKLOG_API_KEY'}],
		[{BL_API_KEY: ' \n', BACKLOG_API_KEY: 'backlog'}, {apiKey: 'backlog', variable: 'BACKLOG_API_KEY'}],
		[{BL_API_KEY: '  pasted-key\n'}, {apiKey: 'pasted-key', variable: 'BL_API_KEY'}],
		[{}, undefined],
		[{BL_API_KEY: '', BACKLOG_API_KEY: ''}, undefined],
	])('%j → %j', (env, expected) => {
		expect(envApiKey(env)).toEqual(expected);
	});
});

describe('noSpaceError and recordFor', () => {
	it('says how to log in when nothing is stored, and how to choose when something is', () => {
		const none = noSpaceError({version: 1, spaces: {}, profiles: {}});
		expect(none.code).toBe('not-configured');
		expect(none.message).toBe('No space is logged in.');
		expect(none.hint).toContain('BL_API_KEY');
		const unchosen = noSpaceError(config());
		expect(unchosen.message).toBe('No current space is chosen.');
		expect(unchosen.hint).toContain('bl-tui auth use');
	});

	it('makes an API-key record from a normalised space', () => {
		const made = recordFor(normalizeSpace('acme.backlog.jp'));
		expect(made).toMatchObject({origin: 'https://acme.backlog.jp', host: 'acme.backlog.jp', spaceKey: 'acme', authMethod: 'api-key'});
		expect(Number.isNaN(Date.parse(made.addedAt))).toBe(false);
	});
});
