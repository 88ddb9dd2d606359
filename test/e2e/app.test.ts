/**
 * The real built binary in a real terminal (tmux) against the fixture Backlog server: the
 * alternate screen, switching, adding with a pasted key, logging out, quitting restored.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {fixtureApiKey, startBacklogServer, type BacklogFixture} from '../fixtures/backlog-server.js';
import {clearTestKeyring, cliPath, cleanEnv, removeDir, runCli, storageUnderTest, tempDir, testKeyringService} from '../helpers/run-cli.js';
import {Tmux, tmuxSkipReason} from '../helpers/tmux.js';

const skip = tmuxSkipReason();
let fixture: BacklogFixture;
let configDir: string;
let tmux: Tmux | undefined;

function appEnv() {
	// CI=true as in a shell that exported it: the app must still draw every frame
	return {BL_TUI_CONFIG_DIR: configDir, BL_TUI_STORAGE: storageUnderTest, BL_TUI_KEYRING_SERVICE: testKeyringService, CI: 'true'};
}

async function login(key: string) {
	const result = await runCli(['auth', 'login', '--space', fixture.origin(key), '--with-token'], {env: cleanEnv(configDir), input: `${fixtureApiKey(key)}\n`});
	expect(result.code, result.stderr + result.stdout).toBe(0);
}

async function listed(): Promise<Array<{origin: string; current: boolean}>> {
	const result = await runCli(['auth', 'list', '--json'], {env: cleanEnv(configDir)});
	expect(result.code, result.stderr).toBe(0);
	const parsed = JSON.parse(result.stdout) as Array<{origin: string; current: boolean}> | {spaces: Array<{origin: string; current: boolean}>};
	return Array.isArray(parsed) ? parsed : parsed.spaces;
}

describe.skipIf(skip !== undefined)(`the app in a real terminal${skip ? ` (skipped: ${skip})` : ''}`, () => {
	beforeAll(async () => {
		fixture = await startBacklogServer([{key: 'acme', name: 'Acme Inc.'}, {key: 'beta', name: 'Beta Ltd.'}, {key: 'gamma', name: 'Gamma Co.'}]);
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

	it('switches, adds with a pasted key, logs out, and quits with the terminal restored', async () => {
		configDir = tempDir();
		await login('acme');
		await login('beta');
		await runCli(['auth', 'use', fixture.origin('acme')], {env: cleanEnv(configDir)});

		tmux = Tmux.start([process.execPath, cliPath], {columns: 100, rows: 30, env: appEnv()});
		await tmux.waitForText('[Spaces]');
		expect(tmux.alternateOn()).toBe(true);
		const screen = await tmux.waitForText(/✓ \d+ms[\s\S]*✓ \d+ms/);
		expect(screen).toContain('Logged in as');
		// at most rows - 1 lines: the last row stays empty
		expect(screen.replace(/\n$/, '').split('\n')[29]?.trim() ?? '').toBe('');

		// loopback spaces are labelled by the key their space API gave
		await tmux.waitForText('›* acme');
		tmux.sendKeys('Down', 'Enter');
		await tmux.waitForText('Switched to');
		expect((await listed()).find(space => space.current)?.origin).toBe(fixture.origin('beta'));

		tmux.sendKeys('a');
		await tmux.waitForText('How do you want to log in?');
		tmux.sendKeys('Enter');
		await tmux.waitForText('Space (a key such as acme');
		tmux.type(fixture.origin('gamma'));
		await tmux.waitForText(`→ ${fixture.origin('gamma')}`);
		tmux.sendKeys('Enter');
		await tmux.waitForText(`${fixture.origin('gamma')}/EditApiSettings.action`);
		tmux.paste(fixtureApiKey('gamma'));
		await tmux.waitForText('•'.repeat(fixtureApiKey('gamma').length));
		expect(tmux.capture()).not.toContain(fixtureApiKey('gamma'));
		tmux.sendKeys('Enter');
		await tmux.waitForText('✓ Logged in as');
		tmux.sendKeys('Enter');
		await tmux.waitForText('Added');
		expect((await listed()).map(space => space.origin).sort()).toEqual([fixture.origin('acme'), fixture.origin('beta'), fixture.origin('gamma')].sort());

		tmux.sendKeys('Home', 'd');
		await tmux.waitForText('? y/n');
		tmux.sendKeys('y');
		await tmux.waitForText('Logged out of');
		expect((await listed()).map(space => space.origin)).not.toContain(fixture.origin('acme'));

		tmux.sendKeys('q');
		expect(await tmux.waitForExit()).toBe(0);
		expect(tmux.alternateOn()).toBe(false);
	});

	it('Ctrl+C exits 130 and restores the terminal; too small a terminal says so', async () => {
		configDir = tempDir();
		await login('acme');
		tmux = Tmux.start([process.execPath, cliPath], {columns: 50, rows: 12, env: appEnv()});
		const small = await tmux.waitForText('50×12)');
		expect(small).toContain('Terminal too small');
		expect(tmux.alternateOn()).toBe(true);
		tmux.resize(80, 24);
		await tmux.waitForText('[Spaces]');
		tmux.sendKeys('C-c');
		expect(await tmux.waitForExit()).toBe(130);
		expect(tmux.alternateOn()).toBe(false);
	});
});
