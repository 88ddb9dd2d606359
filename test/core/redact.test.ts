import {describe, expect, it} from 'vitest';
import {mask, redactText, redactUrl} from '../../source/core/redact.js';

describe('redactUrl', () => {
	it.each([
		['https://acme.backlog.com/api/v2/space?apiKey=SECRET', 'https://acme.backlog.com/api/v2/space?apiKey=***'],
		['https://x/y?count=1&apiKey=SECRET&order=asc', 'https://x/y?count=1&apiKey=***&order=asc'],
		['https://x/cb?code=SECRET&state=abc', 'https://x/cb?code=***&state=abc'],
		['https://x/t?access_token=A&refresh_token=R&client_secret=C#frag', 'https://x/t?access_token=***&refresh_token=***&client_secret=***#frag'],
		['grant_type=refresh_token&refresh_token=R&client_id=id', 'grant_type=refresh_token&refresh_token=***&client_id=id'],
		['https://x/y?apikey=SECRET', 'https://x/y?apikey=***'],
		['https://x/y?zipcode=123&state=s', 'https://x/y?zipcode=123&state=s'],
		['https://acme.backlog.com/api/v2/space', 'https://acme.backlog.com/api/v2/space'],
	])('%s', (url, expected) => {
		expect(redactUrl(url)).toBe(expected);
	});
});

describe('redactText', () => {
	it('replaces every given secret, longest first', () => {
		expect(redactText('key abc and abcdef here, abc again', ['abc', 'abcdef'])).toBe('key *** and *** here, *** again');
	});

	it('redacts Authorization credentials and secret parameters in free text', () => {
		const text = 'sent Authorization: Bearer eyJhbGci.payload.sig to https://x/y?apiKey=k1 and Basic dXNlcjpwYXNz';
		expect(redactText(text)).toBe('sent Authorization: Bearer *** to https://x/y?apiKey=*** and Basic ***');
	});

	it('ignores empty secrets', () => {
		expect(redactText('plain', [''])).toBe('plain');
	});
});

describe('mask', () => {
	it.each([
		['abcdefghijklmnopqrstuvwxyz0123456789', 'abcd...'],
		['abcdefghijklmnop', 'abcd...'],
		['short', '...'],
		['', '...'],
	])('%s → %s', (secret, expected) => {
		expect(mask(secret)).toBe(expected);
	});
});
