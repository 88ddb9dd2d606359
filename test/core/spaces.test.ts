import {describe, expect, it} from 'vitest';
import {BlTuiError} from '../../source/core/errors.js';
import {apiKeyPage, findSpace, isLoopbackHost, normalizeSpace, type NormalizedSpace} from '../../source/core/spaces.js';
import type {SpaceRecord} from '../../source/core/types.js';

function cloud(key: string, domain = 'backlog.com'): NormalizedSpace {
	return {origin: `https://${key}.${domain}`, host: `${key}.${domain}`, spaceKey: key, cloud: true};
}

function other(origin: string): NormalizedSpace {
	const {host} = new URL(origin);
	return {origin, host, spaceKey: host, cloud: false};
}

function rejection(input: string, options?: {domain?: string}): BlTuiError {
	let caught: unknown;
	try {
		normalizeSpace(input, options);
	} catch (error) {
		caught = error;
	}

	expect(caught, `"${input}" should be refused`).toBeInstanceOf(BlTuiError);
	const error = caught as BlTuiError;
	expect(error.code).toBe('invalid-input');
	expect(error.hint, `"${input}" needs a hint`).toMatch(/\S/);
	return error;
}

describe('normalizeSpace: what is stored for what was typed', () => {
	it.each<[string, NormalizedSpace]>([
		// DESIGN §1's table
		['acme', cloud('acme')],
		['acme.backlog.jp', cloud('acme', 'backlog.jp')],
		['https://acme.backlog.com/projects/FOO?x=1', cloud('acme')],
		['https://backlog.example.co.jp/backlog', other('https://backlog.example.co.jp/backlog')],
		['http://127.0.0.1:8080', other('http://127.0.0.1:8080')],
		// bare keys
		['ACME', cloud('acme')],
		['a1-b2', cloud('a1-b2')],
		['7', cloud('7')],
		['a'.repeat(63), cloud('a'.repeat(63))],
		// hosts on the three cloud domains
		['acme.backlog.com', cloud('acme')],
		['acme.backlogtool.com', cloud('acme', 'backlogtool.com')],
		['ACME.BACKLOG.COM', cloud('acme')],
		['Acme.Backlog.Jp', cloud('acme', 'backlog.jp')],
		['https://acme.backlog.com', cloud('acme')],
		['https://acme.backlog.com/', cloud('acme')],
		['https://acme.backlog.com:443/', cloud('acme')],
		['HTTPS://ACME.BACKLOG.JP/Projects', cloud('acme', 'backlog.jp')],
		['//acme.backlog.com', cloud('acme')],
		// cloud hosts lose their path, query and hash
		['https://acme.backlog.jp/view/FOO-12#comment-3', cloud('acme', 'backlog.jp')],
		['https://acme.backlogtool.com/dashboard?lang=ja', cloud('acme', 'backlogtool.com')],
		['acme.backlog.com/wiki/FOO/Home', cloud('acme')],
		['https://acme.backlog.com/EditApiSettings.action', cloud('acme')],
		['https://acme.backlog.com/some/unknown/page', cloud('acme')],
		// Enterprise keeps its path prefix, up to the first Backlog page
		['https://backlog.example.co.jp/backlog/projects/FOO?x=1', other('https://backlog.example.co.jp/backlog')],
		['https://backlog.example.co.jp/backlog/', other('https://backlog.example.co.jp/backlog')],
		['https://backlog.example.co.jp/backlog/view/FOO-1#c', other('https://backlog.example.co.jp/backlog')],
		['https://backlog.example.co.jp/backlog/dashboard', other('https://backlog.example.co.jp/backlog')],
		['https://backlog.example.co.jp/backlog/EditApiSettings.action', other('https://backlog.example.co.jp/backlog')],
		['https://backlog.example.co.jp/tools/backlog/wiki/X', other('https://backlog.example.co.jp/tools/backlog')],
		['https://backlog.example.co.jp', other('https://backlog.example.co.jp')],
		['https://backlog.example.co.jp/?x=1', other('https://backlog.example.co.jp')],
		['backlog.example.co.jp/backlog', other('https://backlog.example.co.jp/backlog')],
		['https://BACKLOG.Example.CO.JP/backlog', other('https://backlog.example.co.jp/backlog')],
		['https://backlog.example.co.jp:8443/backlog', other('https://backlog.example.co.jp:8443/backlog')],
		['https://10.0.0.5/backlog', other('https://10.0.0.5/backlog')],
		['https://[2001:db8::1]/backlog', other('https://[2001:db8::1]/backlog')],
		// plain http to this machine
		['http://127.5.6.7', other('http://127.5.6.7')],
		['http://localhost', other('http://localhost')],
		['http://localhost:3000', other('http://localhost:3000')],
		['http://LOCALHOST:3000', other('http://localhost:3000')],
		['http://[::1]:8080', other('http://[::1]:8080')],
		['http://127.0.0.1:8080/acme', other('http://127.0.0.1:8080/acme')],
		['http://127.0.0.1:8080/acme/api/v2/space', other('http://127.0.0.1:8080/acme')],
		['localhost:8080', other('https://localhost:8080')],
		['127.0.0.1:8080', other('https://127.0.0.1:8080')],
		// what a paste brings along
		['  acme  ', cloud('acme')],
		['\tacme.backlog.jp\n', cloud('acme', 'backlog.jp')],
		['\r\nhttps://acme.backlog.com/projects/FOO\r\n', cloud('acme')],
	])('%j → %j', (typed, expected) => {
		expect(normalizeSpace(typed)).toEqual(expected);
	});

	it.each([
		['backlog.jp', cloud('acme', 'backlog.jp')],
		['backlogtool.com', cloud('acme', 'backlogtool.com')],
		['BACKLOG.JP', cloud('acme', 'backlog.jp')],
		['.backlog.jp', cloud('acme', 'backlog.jp')],
		[' backlog.com ', cloud('acme')],
	])('--domain %j puts a bare key on that domain', (domain, expected) => {
		expect(normalizeSpace('acme', {domain})).toEqual(expected);
	});

	it('--domain does not move a host that names its own domain', () => {
		expect(normalizeSpace('acme.backlog.com', {domain: 'backlog.jp'})).toEqual(cloud('acme'));
	});

	it.each(['example.com', 'backlog.co.jp', 'backlog', ''])('--domain %j is refused for a bare key', domain => {
		if (domain === '') {
			expect(normalizeSpace('acme', {domain})).toEqual(cloud('acme'));
			return;
		}

		const error = rejection('acme', {domain});
		expect(error.message).toContain(domain);
		expect(error.hint).toContain('backlog.com, backlog.jp, backlogtool.com');
	});
});

describe('normalizeSpace: what is refused, and why', () => {
	it.each<[string, RegExp]>([
		// userinfo: the host after "@" is where requests would go
		['acme.backlog.com@evil.com', /user name or password/],
		['https://acme.backlog.com@evil.com/', /user name or password/],
		['https://acme.backlog.com@evil.com/projects/X', /user name or password/],
		['https://user:pw@acme.backlog.com', /user name or password/],
		['https://user@acme.backlog.com', /user name or password/],
		['user@acme.backlog.com', /user name or password/],
		['http://acme.backlog.com@127.0.0.1:8080', /user name or password/],
		['https://evil.com\\@acme.backlog.com', /user name or password/],
		['https://user:pw@acme.backlog.com:99999', /user name or password/],
		// schemes other than http(s)
		['ftp://acme.backlog.com', /"ftp:" addresses are not allowed/],
		['file:///etc/passwd', /"file:" addresses are not allowed/],
		['ws://127.0.0.1:8080', /"ws:" addresses are not allowed/],
		['javascript:alert(1)', /not a web address/],
		['javascript://acme.backlog.com/%0aalert(1)', /"javascript:" addresses are not allowed/],
		['JavaScript:alert(1)', /not a web address/],
		['data:text/html,hi', /not a web address/],
		['mailto:me', /not a web address/],
		['mailto:me@acme.backlog.com', /user name or password/],
		['https://u:pass word@acme.backlog.com', /user name or password/],
		// plain http off this machine
		['http://acme.backlog.com', /Plain http:\/\/ is only allowed to this machine, not to acme\.backlog\.com/],
		['http://backlog.example.co.jp/backlog', /not to backlog\.example\.co\.jp/],
		['http://10.0.0.5', /not to 10\.0\.0\.5/],
		['http://localhost.evil.com', /not to localhost\.evil\.com/],
		['http://127.0.0.1.evil.com', /not to 127\.0\.0\.1\.evil\.com/],
		['http://[2001:db8::1]', /Plain http:\/\//],
		// empty, and spaces inside
		['', /empty/],
		['   ', /empty/],
		['\n\t', /empty/],
		['ac me', /contains spaces/],
		['acme .backlog.com', /contains spaces/],
		['https://acme.backlog.com/projects/A B', /contains spaces/],
		// malformed keys
		['-acme', /not a valid space key/],
		['acme-', /not a valid space key/],
		['ac_me', /not a valid space key/],
		['ac!me', /not a valid space key/],
		['a'.repeat(64), /not a valid space key/],
		['ac_me.backlog.com', /"ac_me" is not a valid space key/],
		['-acme.backlog.jp', /"-acme" is not a valid space key/],
		['a.b.backlog.com', /"a\.b" is not a valid space key/],
		[`${'a'.repeat(64)}.backlog.com`, /not a valid space key/],
		// hosts that are not a space
		['backlog.com', /Backlog's own site/],
		['https://backlog.jp/', /Backlog's own site/],
		['https://intranet', /"intranet" is not a full host name/],
		['intranet:8080', /"intranet" is not a full host name/],
		['acme:8080', /not a full host name/],
		['https://acme..backlog.com', /no valid host/],
		['acme..backlog.com', /no valid host/],
		['https://a..example.com/backlog', /no valid host/],
		['acme.backlog.com.', /no valid host/],
		['https://.backlog.com', /no valid host/],
		['https://acme.backlog.com:99999', /not a valid address/],
		['https://', /not a valid address/],
	])('%j is refused (%s)', (typed, message) => {
		expect(rejection(typed).message).toMatch(message);
	});

	it('tells a plain-http user the https address to use instead', () => {
		expect(rejection('http://acme.backlog.com').hint).toBe('Use https://acme.backlog.com.');
		expect(rejection('http://backlog.example.co.jp/backlog').hint).toBe('Use https://backlog.example.co.jp/backlog.');
	});

	it('never repeats a password typed before "@"', () => {
		for (const typed of ['https://user:hunter2-secret@acme.backlog.com', 'https://u:hunter2-secret@acme.backlog.com:99999', 'u:hunter2-secret@acme.backlog.com', 'https://u:hunter2-secret word@acme.backlog.com']) {
			const error = rejection(typed);
			expect(JSON.stringify(error.toJSON())).not.toContain('hunter2-secret');
		}
	});

	it('names what is wrong with a key and shows a good one', () => {
		expect(rejection('-acme').hint).toContain('"acme"');
		expect(rejection('backlog.jp').hint).toBe('Put your space key in front: "acme.backlog.jp".');
	});
});

describe('isLoopbackHost', () => {
	it.each([
		['127.0.0.1', true],
		['127.5.6.7', true],
		['127.255.255.255', true],
		['localhost', true],
		['::1', true],
		['[::1]', true],
		['128.0.0.1', false],
		['10.0.0.1', false],
		['localhost.evil.com', false],
		['127.0.0.1.evil.com', false],
		['127.evil.com', false],
		['[2001:db8::1]', false],
		['', false],
	])('%j → %s', (hostname, loopback) => {
		expect(isLoopbackHost(hostname)).toBe(loopback);
	});
});

describe('findSpace', () => {
	function record(origin: string, spaceKey?: string): SpaceRecord {
		const {host} = new URL(origin);
		return {origin, host, spaceKey: spaceKey ?? host.split('.')[0]!, authMethod: 'api-key', addedAt: '2025-01-01T00:00:00.000Z'};
	}

	const acme = record('https://acme.backlog.com');
	const globexJp = record('https://globex.backlog.jp');
	const enterprise = record('https://backlog.example.co.jp/backlog', 'ENT');
	const local = record('http://127.0.0.1:8080/initech', 'initech');
	const spaces = [acme, globexJp, enterprise, local];

	it.each<[string, SpaceRecord | undefined]>([
		// by origin, as stored or as typed a little differently
		['https://acme.backlog.com', acme],
		['https://acme.backlog.com/', acme],
		['HTTPS://ACME.BACKLOG.COM', acme],
		['https://backlog.example.co.jp/backlog', enterprise],
		['https://backlog.example.co.jp/backlog/', enterprise],
		['http://127.0.0.1:8080/initech', local],
		// by anything that normalises to a stored origin
		['https://acme.backlog.com/projects/FOO?x=1', acme],
		['https://backlog.example.co.jp/backlog/projects/FOO', enterprise],
		['globex.backlog.jp', globexJp],
		// by host
		['acme.backlog.com', acme],
		['backlog.example.co.jp', enterprise],
		['127.0.0.1:8080', local],
		// by space key
		['acme', acme],
		['ACME', acme],
		['globex', globexJp],
		['ent', enterprise],
		['initech', local],
		['  acme\n', acme],
		// nothing
		['umbrella', undefined],
		['umbrella.backlog.com', undefined],
		['https://acme.backlog.jp', undefined],
		['', undefined],
		['   ', undefined],
		['acme.backlog.com@evil.com', undefined],
	])('%j → %s', (reference, expected) => {
		expect(findSpace(reference, spaces)).toBe(expected);
	});

	it('finds nothing among no spaces', () => {
		expect(findSpace('acme', [])).toBeUndefined();
	});

	it('refuses a key that names spaces on two domains, listing their origins', () => {
		const acmeJp = record('https://acme.backlog.jp');
		for (const reference of ['acme', 'ACME']) {
			let caught: unknown;
			try {
				findSpace(reference, [acme, acmeJp]);
			} catch (error) {
				caught = error;
			}

			expect(caught).toBeInstanceOf(BlTuiError);
			expect((caught as BlTuiError).code).toBe('invalid-input');
			expect((caught as BlTuiError).message).toContain('names more than one space');
			expect((caught as BlTuiError).hint).toBe('Use the full origin: https://acme.backlog.com, https://acme.backlog.jp.');
		}

		expect(findSpace('acme.backlog.jp', [acme, acmeJp])).toBe(acmeJp);
		expect(findSpace('https://acme.backlog.com', [acme, acmeJp])).toBe(acme);
	});

	it('refuses a host that serves two Enterprise spaces under different prefixes', () => {
		const first = record('https://backlog.example.co.jp/one', 'ONE');
		const second = record('https://backlog.example.co.jp/two', 'TWO');
		expect(() => findSpace('backlog.example.co.jp', [first, second])).toThrow(/names more than one space/);
		expect(findSpace('one', [first, second])).toBe(first);
		expect(findSpace('https://backlog.example.co.jp/two/projects/X', [first, second])).toBe(second);
	});
});

describe('apiKeyPage', () => {
	it('is the space’s API settings page, under an Enterprise prefix too', () => {
		expect(apiKeyPage('https://acme.backlog.com')).toBe('https://acme.backlog.com/EditApiSettings.action');
		expect(apiKeyPage('https://backlog.example.co.jp/backlog')).toBe('https://backlog.example.co.jp/backlog/EditApiSettings.action');
	});
});
