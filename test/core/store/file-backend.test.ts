import {randomBytes} from 'node:crypto';
import {existsSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {BlTuiError} from '../../../source/core/errors.js';
import {FileBackend} from '../../../source/core/store/secrets.js';

let root: string;
let directory: string;
let backend: FileBackend;
let secretsPath: string;
let keyPath: string;

const acme = 'space:https://acme.backlog.com';
const globex = 'space:https://globex.backlog.jp';
const acmeKey = 'AcmeApiKey0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR';
const globexKey = 'GlobexApiKey9876543210zyxwvutsrqponmlkjihgfedcba';

beforeEach(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'bl-tui-file-'));
	directory = path.join(root, 'bl-tui');
	backend = new FileBackend(directory);
	secretsPath = path.join(directory, 'credentials.enc');
	keyPath = path.join(directory, 'key');
});

afterEach(async () => {
	await rm(root, {recursive: true, force: true});
});

const mode = (target: string) => statSync(target).mode & 0o777;

/** Every file under the config directory, as bytes. */
function allFiles(): Map<string, Buffer> {
	const files = new Map<string, Buffer>();
	for (const name of readdirSync(directory, {recursive: true}) as string[]) {
		const full = path.join(directory, name);
		if (statSync(full).isFile()) files.set(name, readFileSync(full));
	}

	return files;
}

function expectInNoFile(secrets: string[]): void {
	for (const [name, bytes] of allFiles()) {
		for (const secret of secrets) {
			for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')]) {
				expect(bytes.includes(form), `${name} holds ${secret.slice(0, 6)}… as ${form === secret ? 'plaintext' : 'an encoding'}`).toBe(false);
			}
		}
	}
}

async function failure(promise: Promise<unknown>): Promise<BlTuiError> {
	const error = await promise.then(
		() => {
			throw new Error('expected a failure');
		},
		(error: unknown) => error,
	);
	expect(error).toBeInstanceOf(BlTuiError);
	return error as BlTuiError;
}

describe('FileBackend', () => {
	it('says what it is and which files it writes', () => {
		expect(backend.kind).toBe('file');
		expect(backend.storedIn).toBe('Encrypted file');
		expect(backend.files).toEqual([secretsPath, keyPath]);
	});

	it('gives nothing for an account never set, and writes no file to say so', async () => {
		expect(await backend.get(acme)).toBeUndefined();
		expect(existsSync(directory)).toBe(false);
		await backend.delete(acme);
		expect(allFiles().size).toBe(0);
	});

	it('sets, gets, replaces and deletes secrets, one account at a time', async () => {
		await backend.set(acme, acmeKey);
		await backend.set(globex, globexKey);
		expect(await backend.get(acme)).toBe(acmeKey);
		expect(await backend.get(globex)).toBe(globexKey);
		await backend.set(acme, `${acmeKey}-new`);
		expect(await backend.get(acme)).toBe(`${acmeKey}-new`);
		await backend.delete(acme);
		expect(await backend.get(acme)).toBeUndefined();
		expect(await backend.get(globex)).toBe(globexKey);
		expect(await new FileBackend(directory).get(globex)).toBe(globexKey);
	});

	it('keeps any characters whole', async () => {
		const oauth = JSON.stringify({type: 'oauth', accessToken: 'a"b\\c\n', refreshToken: 'äöü ✓ 鍵 🔑'});
		await backend.set(acme, oauth);
		expect(await new FileBackend(directory).get(acme)).toBe(oauth);
	});

	it('keeps both files 0600 in a 0700 directory', async () => {
		const previous = process.umask(0o000);
		try {
			await backend.set(acme, acmeKey);
			await backend.set(globex, globexKey);
		} finally {
			process.umask(previous);
		}

		expect(mode(directory)).toBe(0o700);
		expect(mode(secretsPath)).toBe(0o600);
		expect(mode(keyPath)).toBe(0o600);
		expect(statSync(keyPath).size).toBe(32);
	});

	it('never holds a secret in plaintext (nor base64 or hex) in any file', async () => {
		await backend.set(acme, acmeKey);
		await backend.set(globex, globexKey);
		await backend.delete(globex);
		expectInNoFile([acmeKey, globexKey]);
		// the account names are sealed too: nobody learns which spaces you use
		expect(readFileSync(secretsPath, 'utf8')).not.toContain('acme');
	});

	it('seals every write afresh: the same content never gives the same bytes', async () => {
		await backend.set(acme, acmeKey);
		const first = readFileSync(secretsPath, 'utf8');
		await backend.set(acme, acmeKey);
		const second = readFileSync(secretsPath, 'utf8');
		expect(second).not.toBe(first);
		expect(JSON.parse(second).iv).not.toBe(JSON.parse(first).iv);
	});

	it('keeps its key across writes, and a key per directory', async () => {
		await backend.set(acme, acmeKey);
		const key = readFileSync(keyPath);
		await backend.set(globex, globexKey);
		expect(readFileSync(keyPath).equals(key)).toBe(true);
		const other = new FileBackend(path.join(root, 'other'));
		await other.set(acme, acmeKey);
		expect(readFileSync(path.join(root, 'other', 'key')).equals(key)).toBe(false);
	});

	it('loses nothing when many sets run at once', async () => {
		const names = Array.from({length: 20}, (_, index) => `space:https://s${index}.backlog.com`);
		await Promise.all(names.map(async (name, index) => backend.set(name, `secret-${index}`)));
		for (const [index, name] of names.entries()) expect(await backend.get(name)).toBe(`secret-${index}`);
	});
});

describe('FileBackend refuses what it cannot trust, and overwrites nothing', () => {
	beforeEach(async () => {
		await backend.set(acme, acmeKey);
	});

	async function expectRefusedAndKept(message: RegExp) {
		const before = allFiles();
		const attempts = [async () => backend.get(acme), async () => backend.set(globex, globexKey), async () => backend.delete(acme), async () => new FileBackend(directory).get(acme)];
		for (const attempt of attempts) {
			const error = await failure(attempt());
			expect(error.code).toBe('storage');
			expect(error.message).toMatch(message);
			expect(error.hint).toMatch(/left (it|the file) as it is/);
			expect(JSON.stringify(error.toJSON())).not.toContain(acmeKey);
		}

		expect(allFiles()).toEqual(before);
	}

	it('when the ciphertext was tampered with', async () => {
		const sealed = JSON.parse(readFileSync(secretsPath, 'utf8')) as {data: string};
		const bytes = Buffer.from(sealed.data, 'base64');
		bytes[0]! ^= 0x01;
		writeFileSync(secretsPath, JSON.stringify({...sealed, data: bytes.toString('base64')}), {mode: 0o600});
		await expectRefusedAndKept(/credentials\.enc cannot be decrypted or read/);
	});

	it('when the authentication tag was tampered with', async () => {
		const sealed = JSON.parse(readFileSync(secretsPath, 'utf8')) as {tag: string};
		writeFileSync(secretsPath, JSON.stringify({...sealed, tag: randomBytes(16).toString('base64')}), {mode: 0o600});
		await expectRefusedAndKept(/cannot be decrypted or read/);
	});

	it('when the file is not ours at all', async () => {
		writeFileSync(secretsPath, 'garbage', {mode: 0o600});
		await expectRefusedAndKept(/cannot be decrypted or read/);
	});

	it('when the key was replaced by another', async () => {
		writeFileSync(keyPath, randomBytes(32), {mode: 0o600});
		await expectRefusedAndKept(/cannot be decrypted or read/);
	});

	it('when the key has the wrong length', async () => {
		writeFileSync(keyPath, randomBytes(16), {mode: 0o600});
		await expectRefusedAndKept(/is not a bl-tui key \(wrong length\)/);
	});

	it('when the key is gone, without making a new one', async () => {
		unlinkSync(keyPath);
		await expectRefusedAndKept(/its key .*key is missing/);
		expect(existsSync(keyPath)).toBe(false);
	});
});

describe('FileBackend and a writer killed mid-write', () => {
	it('reads and writes past a leftover temporary file', async () => {
		await backend.set(acme, acmeKey);
		// what a writer killed between write and rename leaves: its own temp file, half written
		const leftovers = [`${secretsPath}.${process.pid}.tmp`, `${secretsPath}.999999.tmp`];
		for (const leftover of leftovers) writeFileSync(leftover, '{"v":1,"iv":"', {mode: 0o600});
		expect(await new FileBackend(directory).get(acme)).toBe(acmeKey);
		await backend.set(globex, globexKey);
		expect(await new FileBackend(directory).get(acme)).toBe(acmeKey);
		expect(await new FileBackend(directory).get(globex)).toBe(globexKey);
		// our own temp name is reused and renamed away; another process's is left to it
		expect(existsSync(leftovers[0]!)).toBe(false);
		expect(existsSync(leftovers[1]!)).toBe(true);
	});

	it('leaves the previous file whole when the write fails', async () => {
		await backend.set(acme, acmeKey);
		const before = readFileSync(secretsPath);
		// the temp file's name pointing into a missing directory makes the write fail before the rename
		symlinkSync(path.join(root, 'missing', 'file'), `${secretsPath}.${process.pid}.tmp`);
		const error = await failure(backend.set(globex, globexKey));
		expect(error.code).toBe('storage');
		expect(error.message).toContain('Cannot write');
		expect(readFileSync(secretsPath).equals(before)).toBe(true);
		expect(await backend.get(acme)).toBe(acmeKey);
		expect(existsSync(`${secretsPath}.${process.pid}.tmp`)).toBe(false);
	});
});
