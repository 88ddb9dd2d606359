import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {BlTuiError} from '../../../source/core/errors.js';
import {Store, accounts, fileBackendNotice, parseStorageKind} from '../../../source/core/store/store.js';
import type {ConfigData} from '../../../source/core/types.js';
import {keyringTestService} from '../../helpers/keyring.js';
import {bundleWorker, type Worker} from '../../helpers/bundle-worker.js';

let root: string;
let directory: string;

beforeEach(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'bl-tui-store-'));
	directory = path.join(root, 'bl-tui');
});

afterEach(async () => {
	await rm(root, {recursive: true, force: true});
});

function writeConfig(data: Partial<ConfigData>): void {
	mkdirSync(directory, {recursive: true, mode: 0o700});
	writeFileSync(path.join(directory, 'config.json'), JSON.stringify({version: 1, spaces: {}, profiles: {}, ...data}), {mode: 0o600});
}

const store = (options: Partial<ConstructorParameters<typeof Store>[0]> = {}) => new Store({configDir: directory, keyringService: keyringTestService, ...options});

describe('which backend holds the secrets', () => {
	it('is the encrypted file when forced, with no notice', async () => {
		const notices: string[] = [];
		const forced = store({storage: 'file', onNotice: notice => notices.push(notice)});
		const backend = await forced.backend();
		expect(backend.kind).toBe('file');
		expect(backend.storedIn).toBe('Encrypted file');
		await forced.secrets.set(accounts.space('https://acme.backlog.com'), 'forced-file-secret');
		expect(forced.read().storage).toBe('file');
		expect(forced.read().fileBackendNoticeShown).toBeUndefined();
		expect(notices).toEqual([]);
		expect(readFileSync(path.join(directory, 'config.json'), 'utf8')).not.toContain('forced-file-secret');
	});

	it('is the keyring when forced, without asking the keyring first', async () => {
		const backend = await store({storage: 'keyring'}).backend();
		expect(backend.kind).toBe('keyring');
		expect(backend.storedIn).toBe('System keyring');
	});

	it.each(['file', 'keyring'] as const)('is the %s recorded in config.json', async kind => {
		writeConfig({storage: kind});
		expect((await store().backend()).kind).toBe(kind);
	});

	it('is what is forced even when config.json records another', async () => {
		writeConfig({storage: 'keyring'});
		expect((await store({storage: 'file'}).backend()).kind).toBe('file');
		writeConfig({storage: 'file'});
		expect((await store({storage: 'keyring'}).backend()).kind).toBe('keyring');
	});

	it('is decided once per store', async () => {
		const once = store({storage: 'file'});
		expect(await once.backend()).toBe(await once.backend());
	});
});

describe('parseStorageKind (--storage, BL_TUI_STORAGE)', () => {
	it.each([
		['keyring', 'keyring'],
		['file', 'file'],
		['', undefined],
		[undefined, undefined],
	])('%j → %j', (value, expected) => {
		expect(parseStorageKind(value, 'BL_TUI_STORAGE')).toBe(expected);
	});

	it.each(['Keyring', 'memory', ' file'])('refuses %j, naming where it came from', value => {
		let caught: unknown;
		try {
			parseStorageKind(value, 'BL_TUI_STORAGE');
		} catch (error) {
			caught = error;
		}

		expect(caught).toBeInstanceOf(BlTuiError);
		expect((caught as BlTuiError).code).toBe('invalid-input');
		expect((caught as BlTuiError).message).toBe(`BL_TUI_STORAGE must be "keyring" or "file", not "${value}".`);
	});
});

describe('the store’s secrets and files', () => {
	it('gets, sets and deletes through the chosen backend, never into config.json', async () => {
		const fileStore = store({storage: 'file'});
		const account = accounts.space('https://acme.backlog.com');
		await fileStore.secrets.set(account, 'store-secret-8d1f');
		expect(await fileStore.secrets.get(account)).toBe('store-secret-8d1f');
		expect(await store({storage: 'file'}).secrets.get(account)).toBe('store-secret-8d1f');
		await fileStore.secrets.delete(account);
		expect(await fileStore.secrets.get(account)).toBeUndefined();
		expect(readFileSync(path.join(directory, 'config.json'), 'utf8')).not.toContain('store-secret-8d1f');
	});

	it('names accounts per space and per profile product', () => {
		expect(accounts.space('https://acme.backlog.com')).toBe('space:https://acme.backlog.com');
		expect(accounts.atlassian('work')).toBe('profile:work:atlassian');
		expect(accounts.bitbucket('work')).toBe('profile:work:bitbucket');
	});

	it('lists its files and removes every one of them, then its empty directory', async () => {
		const fileStore = store({storage: 'file'});
		await fileStore.secrets.set(accounts.space('https://acme.backlog.com'), 'k');
		expect(fileStore.files()).toEqual(['config.json', 'credentials.enc', 'key'].map(name => path.join(directory, name)));
		expect(readdirSync(directory).sort()).toEqual(['config.json', 'credentials.enc', 'key']);
		await fileStore.removeFiles();
		expect(existsSync(directory)).toBe(false);
	});

	it('keeps a directory that holds files not its own', async () => {
		const fileStore = store({storage: 'file'});
		await fileStore.secrets.set(accounts.space('https://acme.backlog.com'), 'k');
		writeFileSync(path.join(directory, 'notes.txt'), 'mine');
		await fileStore.removeFiles();
		expect(readdirSync(directory)).toEqual(['notes.txt']);
	});

	it('says it is empty until something is saved', async () => {
		const fresh = store({storage: 'file'});
		expect(fresh.isEmpty()).toBe(true);
		await fresh.update(data => {
			data.defaultProfile = 'work';
		});
		expect(fresh.isEmpty()).toBe(false);
	});
});

describe('when no keyring answers', () => {
	const storeDirectory = fileURLToPath(new URL('../../../source/core/store/', import.meta.url));
	// run where D-Bus leads nowhere, so no keyring answers whatever this machine has;
	// `together`: both stores choose before either writes; `in-turn`: the second starts after the first wrote
	const worker = `
import {Store} from './store.js';

const [directory, service, order] = process.argv.slice(2);
const notices = [];
const open = () => new Store({configDir: directory, keyringService: service, onNotice: notice => notices.push(notice)});
const kinds = [];
const first = open();
let second = order === 'together' ? open() : undefined;
if (second) kinds.push((await second.backend()).kind);
kinds.push((await first.backend()).kind);
await first.secrets.set('space:https://acme.backlog.com', 'first-secret');
second ??= open();
await second.secrets.set('space:https://globex.backlog.com', 'second-secret');
if (order !== 'together') kinds.push((await second.backend()).kind);
process.stdout.write(JSON.stringify({kinds, notices, config: first.read(), secrets: [await open().secrets.get('space:https://acme.backlog.com'), await open().secrets.get('space:https://globex.backlog.com')]}));
`;
	let script: string;
	let bundled: Worker;

	beforeAll(async () => {
		bundled = await bundleWorker({contents: worker, resolveDir: storeDirectory});
		script = bundled.script;
	});

	afterAll(async () => {
		await bundled.remove();
	});

	type Outcome = {kinds: string[]; notices: string[]; config: ConfigData; secrets: string[]};

	async function run(order: 'together' | 'in-turn'): Promise<Outcome> {
		const child = spawn(process.execPath, [script, directory, keyringTestService, order], {
			stdio: ['ignore', 'pipe', 'inherit'],
			env: {...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(root, 'no-bus')}`},
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
		expect(code).toBe(0);
		return JSON.parse(output) as Outcome;
	}

	it.each(['in-turn', 'together'] as const)('keeps secrets in the encrypted file and says so exactly once across two stores (%s)', async order => {
		const outcome = await run(order);
		expect(outcome.kinds).toEqual(['file', 'file']);
		expect(outcome.notices).toEqual([fileBackendNotice(directory)]);
		expect(outcome.config).toMatchObject({storage: 'file', fileBackendNoticeShown: true});
		expect(outcome.secrets).toEqual(['first-secret', 'second-secret']);
	});

	it('tells the user plainly where the secrets are and how to insist on the keyring', () => {
		const notice = fileBackendNotice('/home/me/.config/bl-tui');
		expect(notice).toContain('/home/me/.config/bl-tui/credentials.enc');
		expect(notice).toContain('/home/me/.config/bl-tui/key');
		expect(notice).toContain('readable only by you');
		expect(notice).toContain('BL_TUI_STORAGE=keyring');
	});
});
