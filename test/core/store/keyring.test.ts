import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeEach, describe, expect, it} from 'vitest';
import {KeyringBackend} from '../../../source/core/store/secrets.js';
import {Store, accounts} from '../../../source/core/store/store.js';
import {hasKeyring, keyringTestService, needKeyring} from '../../helpers/keyring.js';

const keyring = new KeyringBackend(keyringTestService);
const otherService = new KeyringBackend(`${keyringTestService}-other`);
const used = new Set<string>();
const secret = 'keyring-secret-5f0c1e7d2b9a4c86';

function account(name: string): string {
	const full = `${name}-${used.size}`;
	used.add(full);
	return full;
}

afterAll(async () => {
	if (!(await hasKeyring())) return;
	for (const name of used) {
		await keyring.delete(name);
		await otherService.delete(name);
	}
});

describe('KeyringBackend against the real Secret Service', () => {
	it('says it answers', async ({skip}) => {
		await needKeyring(skip);
		expect(await keyring.available()).toBe(true);
		expect(keyring.kind).toBe('keyring');
		expect(keyring.storedIn).toBe('System keyring');
		expect(keyring.files).toEqual([]);
	});

	it('sets, gets, replaces and deletes a secret', async ({skip}) => {
		await needKeyring(skip);
		const name = account('space:https://acme.backlog.com');
		expect(await keyring.get(name)).toBeUndefined();
		await keyring.set(name, secret);
		expect(await keyring.get(name)).toBe(secret);
		await keyring.set(name, `${secret}-rotated`);
		expect(await keyring.get(name)).toBe(`${secret}-rotated`);
		await keyring.delete(name);
		expect(await keyring.get(name)).toBeUndefined();
	});

	it('keeps accounts and services apart', async ({skip}) => {
		await needKeyring(skip);
		const first = account('profile:work:atlassian');
		const second = account('profile:work:bitbucket');
		await keyring.set(first, 'first-secret');
		await keyring.set(second, 'second-secret');
		expect(await keyring.get(first)).toBe('first-secret');
		expect(await keyring.get(second)).toBe('second-secret');
		expect(await otherService.get(first)).toBeUndefined();
		await keyring.delete(first);
		expect(await keyring.get(second)).toBe('second-secret');
	});

	it('keeps a JSON secret with any characters whole', async ({skip}) => {
		await needKeyring(skip);
		const name = account('space:https://backlog.example.co.jp/backlog');
		const oauth = JSON.stringify({type: 'oauth', accessToken: 'a"b\\c', refreshToken: 'äöü ✓ 鍵', expiresAt: 1_700_000_000_000});
		await keyring.set(name, oauth);
		expect(await keyring.get(name)).toBe(oauth);
	});

	it('deletes an account that holds nothing without complaint', async ({skip}) => {
		await needKeyring(skip);
		await expect(keyring.delete(account('never-set'))).resolves.toBeUndefined();
	});
});

describe('a Store whose secrets are in the real keyring', () => {
	let directory: string;

	beforeEach(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'bl-tui-keyring-'));
	});

	afterEach(async () => {
		await rm(directory, {recursive: true, force: true});
	});

	it('chooses the keyring by itself when it answers, and says nothing', async ({skip}) => {
		await needKeyring(skip);
		const notices: string[] = [];
		const store = new Store({configDir: directory, keyringService: keyringTestService, onNotice: notice => notices.push(notice)});
		const name = account(accounts.space('https://acme.backlog.com'));
		await store.secrets.set(name, secret);
		expect((await store.backend()).kind).toBe('keyring');
		expect(await keyring.get(name)).toBe(secret);
		expect(store.read().storage).toBe('keyring');
		expect(notices).toEqual([]);
		// only config.json and the lock's leftovers: no encrypted file, and the secret in no file
		const files = await readdir(directory, {recursive: true});
		expect(files).not.toContain('credentials.enc');
		expect(files).not.toContain('key');
		expect(await readFile(path.join(directory, 'config.json'), 'utf8')).not.toContain(secret);
		await store.secrets.delete(name);
		expect(await keyring.get(name)).toBeUndefined();
	});
});
