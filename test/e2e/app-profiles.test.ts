/**
 * The Profiles tab of the real built binary in tmux, against the fake Atlassian server: add a
 * profile through the wizard with a pasted token, make another the default, log one out.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startAtlassianServer, type AtlassianServer} from '../fixtures/atlassian-server.js';
import {clearTestKeyring, cliPath, cleanEnv, removeDir, runCli, storageUnderTest, tempDir, testKeyringService} from '../helpers/run-cli.js';
import {Tmux, tmuxSkipReason} from '../helpers/tmux.js';

const skip = tmuxSkipReason();
const token = 'ATATT3xFfGF0-e2e-profile-token-0001';
let server: AtlassianServer;
let configDir: string;
let tmux: Tmux | undefined;

type Listed = {name: string; default: boolean; maskedToken: string | null};

async function profiles(): Promise<Listed[]> {
	const result = await runCli(['atlassian', 'list', '--json'], {env: cleanEnv(configDir)});
	expect(result.code, result.stderr).toBe(0);
	return JSON.parse(result.stdout) as Listed[];
}

/** From the wizard's first step (kind) to the profile saved and shown on the Profiles tab. */
async function fillWizard(app: Tmux, name: string) {
	await app.waitForText('Atlassian API token');
	app.sendKeys('Enter');
	await app.waitForText('Profile name:');
	app.sendKeys('C-u');
	app.type(name);
	app.sendKeys('Enter');
	await app.waitForText('Site (e.g.');
	app.type(server.url);
	await app.waitForText(`→ ${server.url}`);
	app.sendKeys('Enter');
	await app.waitForText("Email of the token's owner");
	app.type('alice@example.com');
	app.sendKeys('Enter');
	await app.waitForText('API token (paste it');
	app.paste(`${token}\n`);
	await app.waitForText('✓ Reached Jira as Alice Atlassian');
	expect(app.capture()).not.toContain(token);
	app.sendKeys('Enter');
	await app.waitForText(`Added the profile ${name}`);
}

describe.skipIf(skip !== undefined)(`the Profiles tab in a real terminal${skip ? ` (skipped: ${skip})` : ''}`, () => {
	beforeAll(async () => {
		server = await startAtlassianServer({accounts: [{email: 'alice@example.com', token, displayName: 'Alice Atlassian'}]});
	});

	afterAll(async () => {
		await server.close();
	});

	afterEach(async () => {
		tmux?.kill();
		tmux = undefined;
		removeDir(configDir);
		await clearTestKeyring();
	});

	it('adds profiles through the wizard, makes one the default, logs one out', async () => {
		configDir = tempDir();
		tmux = Tmux.start([process.execPath, cliPath], {
			columns: 100,
			rows: 30,
			env: {BL_TUI_CONFIG_DIR: configDir, BL_TUI_STORAGE: storageUnderTest, BL_TUI_KEYRING_SERVICE: testKeyringService},
		});
		await tmux.waitForText('Welcome to bl-tui');
		tmux.sendKeys('Enter');
		await tmux.waitForText('What do you want to set up first?');
		tmux.sendKeys('Down', 'Enter');
		await fillWizard(tmux, 'work');
		await tmux.waitForText('Spaces [Profiles]');
		await tmux.waitForText('›* work');
		expect((await profiles()).map(profile => [profile.name, profile.default])).toEqual([['work', true]]);

		tmux.sendKeys('a');
		await fillWizard(tmux, 'second');
		await tmux.waitForText('›  second');
		tmux.sendKeys('Enter');
		await tmux.waitForText('second is now the default profile.');
		expect((await profiles()).find(profile => profile.default)?.name).toBe('second');

		tmux.sendKeys('d');
		await tmux.waitForText('p remove the profile');
		tmux.sendKeys('p');
		await tmux.waitForText('Removed the profile second. There is no default profile now.');
		expect((await profiles()).map(profile => profile.name)).toEqual(['work']);

		tmux.sendKeys('d');
		await tmux.waitForText('c credentials only');
		tmux.sendKeys('c');
		await tmux.waitForText('Removed the credentials of work.');
		expect((await profiles())[0]?.maskedToken).toBeNull();

		tmux.sendKeys('q');
		expect(await tmux.waitForExit()).toBe(0);
		expect(tmux.alternateOn()).toBe(false);
	});
});
