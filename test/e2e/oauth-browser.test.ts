import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {BacklogClient} from '../../source/core/clients/backlog.js';
import {Http} from '../../source/core/clients/http.js';
import {BlTuiError} from '../../source/core/errors.js';
import {runOAuthLogin} from '../../source/core/oauth/flow.js';
import type {OAuthSecret} from '../../source/core/types.js';
import {installOAuth, type OAuthController} from '../fixtures/backlog-oauth.js';
import {startBacklogServer, type BacklogFixture} from '../fixtures/backlog-server.js';
import {approveInBrowser, chromiumPath, hasChromium} from '../helpers/browser.js';

const clientId = 'browser-client-id';
const clientSecret = 'browser-client-secret-0123456789abcdef';
const required = process.env.BL_TUI_REQUIRE_REAL === '1';

let fixture: BacklogFixture;
let oauth: OAuthController;
const http = new Http();

beforeAll(async () => {
	fixture = await startBacklogServer([{key: 'acme'}]);
	oauth = installOAuth(fixture, 'acme', {clientId, clientSecret});
});

afterAll(async () => {
	await http.close();
	await fixture.close();
});

function login() {
	let shown!: (url: string) => void;
	const url = new Promise<string>(resolve => {
		shown = resolve;
	});
	const secret = runOAuthLogin({
		http,
		origin: fixture.origin('acme'),
		clientId,
		clientSecret,
		port: 0,
		openBrowser: false,
		onAuthorizeUrl: shown,
		timeoutMs: 60_000,
	});
	secret.catch(() => {});
	return {url, secret};
}

function needsChromium(skip: (note: string) => void) {
	if (hasChromium()) return;
	if (required) throw new Error(`${chromiumPath} is missing and BL_TUI_REQUIRE_REAL=1 asks for the real browser test.`);
	skip(`${chromiumPath} is missing: install Debian's chromium to run the real-browser OAuth test`);
}

describe('OAuth login in a real browser', () => {
	it('finishes the login when headless Chromium clicks Approve', async ({skip}) => {
		needsChromium(skip);
		const {url, secret} = login();
		const outcome = await approveInBrowser(await url);
		expect(outcome.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
		expect(outcome.text).toContain('close this tab');

		const token: OAuthSecret = await secret;
		expect(oauth.approvals).toBe(1);
		expect(token.accessToken).toBe(oauth.tokens[0]!.accessToken);
		const check = await new BacklogClient(http, fixture.origin('acme'), {type: 'bearer', accessToken: token.accessToken}).verify();
		expect(check).toMatchObject({ok: true, spaceKey: 'acme'});
	});

	it('ends with a clear message when Chromium clicks Deny', async ({skip}) => {
		needsChromium(skip);
		const {url, secret} = login();
		const outcome = await approveInBrowser(await url, {deny: true});
		expect(outcome.url).toContain('error=access_denied');
		const error = await secret.then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(error).toBeInstanceOf(BlTuiError);
		expect((error as BlTuiError).message).toBe('You denied access in the browser.');
	});
});
