/**
 * The app's OAuth wizard, built binary in a real terminal: to the waiting screen, approved from
 * outside on the fixture's page, to "Logged in as", and the space saved as an OAuth login.
 */
import {createServer} from 'node:net';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {approveWithHttp, installOAuth} from '../fixtures/backlog-oauth.js';
import {fixtureApiKey, startBacklogServer, type BacklogFixture} from '../fixtures/backlog-server.js';
import {clearTestKeyring, cleanEnv, cliPath, filesContaining, removeDir, runCli, storageUnderTest, tempDir, testKeyringService} from '../helpers/run-cli.js';
import {Tmux, tmuxSkipReason} from '../helpers/tmux.js';

const skip = tmuxSkipReason();
const clientSecret = 'app-oauth-client-secret-0123456789';
let fixture: BacklogFixture;
let configDir: string;
let tmux: Tmux | undefined;

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as {port: number};
			server.close(() => resolve(port));
		});
	});
}

describe.skipIf(skip !== undefined)(`the OAuth wizard in a real terminal${skip ? ` (skipped: ${skip})` : ''}`, () => {
	beforeAll(async () => {
		fixture = await startBacklogServer([{key: 'acme', name: 'Acme Inc.'}, {key: 'oauthy', name: 'OAuthy', user: {name: 'Olive OAuth', userId: 'olive'}}]);
	});

	afterAll(async () => {
		await fixture.close();
	});

	afterEach(async () => {
		tmux?.kill();
		tmux = undefined;
		removeDir(configDir);
		await clearTestKeyring();
	});

	it('waits with the URL, is approved from outside, and shows who logged in', async () => {
		const oauth = installOAuth(fixture, 'oauthy', {clientId: 'app-client', clientSecret});
		configDir = tempDir();
		const seeded = await runCli(['auth', 'login', '--space', fixture.origin('acme'), '--with-token'], {env: cleanEnv(configDir), input: fixtureApiKey('acme')});
		expect(seeded.code, seeded.stderr).toBe(0);
		const port = await freePort();

		// wide enough that the authorize URL stays on one line
		tmux = Tmux.start([process.execPath, cliPath], {
			columns: 260,
			rows: 30,
			env: {BL_TUI_CONFIG_DIR: configDir, BL_TUI_STORAGE: storageUnderTest, BL_TUI_KEYRING_SERVICE: testKeyringService},
		});
		await tmux.waitForText('[Spaces]');
		tmux.sendKeys('a');
		await tmux.waitForText('How do you want to log in?');
		tmux.sendKeys('Down', 'Enter');
		await tmux.waitForText('Add a Backlog space with OAuth 2.0');
		tmux.type(fixture.origin('oauthy'));
		tmux.sendKeys('Enter');
		await tmux.waitForText('Client ID');
		tmux.type('app-client');
		tmux.sendKeys('Enter');
		await tmux.waitForText('Client secret');
		tmux.paste(clientSecret);
		await tmux.waitForText('•'.repeat(clientSecret.length));
		tmux.sendKeys('Enter');
		await tmux.waitForText('Port for the redirect');
		tmux.sendKeys('C-u');
		tmux.type(String(port));
		tmux.sendKeys('Enter');

		const waiting = await tmux.waitForText(/http:\/\/\S+\/OAuth2AccessRequest\.action\?\S+/);
		expect(waiting).toContain('Esc to cancel');
		expect(waiting).toMatch(/Times out in \d+:\d\d/);
		const url = /http:\/\/\S+\/OAuth2AccessRequest\.action\?\S+/.exec(waiting)![0];
		expect(url).toContain(encodeURIComponent(`http://127.0.0.1:${port}/callback`));

		const approved = await approveWithHttp(url);
		expect(approved.status).toBe(200);
		await tmux.waitForText('✓ Logged in as Olive OAuth (olive)');
		expect(oauth.approvals).toBe(1);
		tmux.sendKeys('Enter');
		await tmux.waitForText('Added');

		const list = await runCli(['auth', 'list', '--json'], {env: cleanEnv(configDir)});
		const spaces = JSON.parse(list.stdout) as Array<{origin: string; authMethod: string; current: boolean}>;
		expect(spaces.find(space => space.origin === fixture.origin('oauthy'))).toMatchObject({authMethod: 'oauth', current: true});
		const token = await runCli(['auth', 'token'], {env: cleanEnv(configDir)});
		expect(token.stdout.trim()).toBe(oauth.tokens.at(-1)!.accessToken);

		tmux.sendKeys('q');
		expect(await tmux.waitForExit()).toBe(0);
		const secrets = [clientSecret, ...oauth.tokens.flatMap(pair => [pair.accessToken, pair.refreshToken])];
		expect(filesContaining(configDir, secrets)).toEqual([]);
		expect(tmux.capture()).not.toContain(clientSecret);
	});
});
