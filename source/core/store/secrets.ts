/**
 * Where secrets live: the OS keyring, or, where none answers, an AES-256-GCM encrypted file whose
 * random key sits beside it. Both behind one small interface.
 */
import {chmodSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {AsyncEntry} from '@napi-rs/keyring';
import {BlTuiError} from '../errors.js';
import type {StorageKind, StoredIn} from '../types.js';
import {ensurePrivateDirectory} from './config-file.js';
import {withLock} from './lock.js';

export type SecretBackend = {
	readonly kind: StorageKind;
	readonly storedIn: StoredIn;
	get(account: string): Promise<string | undefined>;
	set(account: string, secret: string): Promise<void>;
	delete(account: string): Promise<void>;
	/** Every file this backend wrote, for `logout --all`. */
	readonly files: string[];
};

// node:crypto loads when a secret is read or written: `auth list` and `--help` never pay for it
const crypto = () => process.getBuiltinModule('node:crypto');

export const defaultKeyringService = 'bl-tui';

export class KeyringBackend implements SecretBackend {
	readonly kind = 'keyring';
	readonly storedIn = 'System keyring';
	readonly files: string[] = [];
	readonly #service: string;

	constructor(service = defaultKeyringService) {
		this.#service = service;
	}

	/** True when a Secret Service (or the platform's keyring) answers a read. */
	async available(timeoutMs = 3000): Promise<boolean> {
		// a session bus with no Secret Service behind it can stall activation: give up after a while
		const signal = AbortSignal.timeout(timeoutMs);
		try {
			const entry = await this.#entry('probe');
			await entry.getPassword(signal);
			return true;
		} catch {
			return false;
		}
	}

	async get(account: string): Promise<string | undefined> {
		return this.#call(account, async entry => (await entry.getPassword()) ?? undefined);
	}

	async set(account: string, secret: string): Promise<void> {
		await this.#call(account, async entry => entry.setPassword(secret));
	}

	async delete(account: string): Promise<void> {
		await this.#call(account, async entry => {
			await entry.deletePassword();
		});
	}

	async #entry(account: string): Promise<AsyncEntry> {
		// loaded only when a secret is needed: the native module costs start-up time
		const keyring = await import('@napi-rs/keyring');
		// pinned: the binding would otherwise fall back to the kernel keyring, which forgets at reboot
		return new keyring.AsyncEntry(this.#service, account, {linux: {store: 'secret-service'}});
	}

	async #call<T>(account: string, fn: (entry: AsyncEntry) => Promise<T>): Promise<T> {
		try {
			return await fn(await this.#entry(account));
		} catch (error) {
			throw new BlTuiError('storage', `The system keyring did not answer (${(error as Error).message}).`, {
				hint: 'Unlock your keyring, or set BL_TUI_STORAGE=file to keep secrets in an encrypted file instead.',
				cause: error,
			});
		}
	}
}

type Sealed = {v: 1; iv: string; tag: string; data: string};

export class FileBackend implements SecretBackend {
	readonly kind = 'file';
	readonly storedIn = 'Encrypted file';
	readonly #directory: string;
	readonly #secretsPath: string;
	readonly #keyPath: string;

	constructor(directory: string) {
		this.#directory = directory;
		this.#secretsPath = path.join(directory, 'credentials.enc');
		this.#keyPath = path.join(directory, 'key');
	}

	get files(): string[] {
		return [this.#secretsPath, this.#keyPath];
	}

	async get(account: string): Promise<string | undefined> {
		return this.#readAll()[account];
	}

	async set(account: string, secret: string): Promise<void> {
		await withLock(this.#directory, async () => {
			const all = this.#readAll();
			all[account] = secret;
			this.#writeAll(all);
		});
	}

	async delete(account: string): Promise<void> {
		await withLock(this.#directory, async () => {
			const all = this.#readAll();
			if (!(account in all)) return;
			delete all[account];
			this.#writeAll(all);
		});
	}

	#key(create: boolean): Buffer | undefined {
		try {
			const key = readFileSync(this.#keyPath);
			if (key.length !== 32) {
				throw new BlTuiError('storage', `${this.#keyPath} is not a bl-tui key (wrong length).`, {
					hint: 'bl-tui left it as it is. Without the right key, the encrypted secrets cannot be read: log in again.',
				});
			}

			return key;
		} catch (error) {
			if (error instanceof BlTuiError) throw error;
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !create) return undefined;
		}

		ensurePrivateDirectory(this.#directory);
		const key = crypto().randomBytes(32);
		writeFileSync(this.#keyPath, key, {mode: 0o600, flag: 'wx'});
		return key;
	}

	#readAll(): Record<string, string> {
		let sealed: Sealed;
		try {
			sealed = JSON.parse(readFileSync(this.#secretsPath, 'utf8')) as Sealed;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
			throw this.#corrupt(error);
		}

		const key = this.#key(false);
		if (!key) {
			throw new BlTuiError('storage', `${this.#secretsPath} exists but its key ${this.#keyPath} is missing.`, {
				hint: 'bl-tui left the file as it is. Restore the key file, or log in again after moving the file aside.',
			});
		}

		try {
			const decipher = crypto().createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
			decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
			const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
			return JSON.parse(plain.toString('utf8')) as Record<string, string>;
		} catch (error) {
			throw this.#corrupt(error);
		}
	}

	#writeAll(all: Record<string, string>): void {
		const key = this.#key(true)!;
		const iv = crypto().randomBytes(12);
		const cipher = crypto().createCipheriv('aes-256-gcm', key, iv);
		const data = Buffer.concat([cipher.update(JSON.stringify(all), 'utf8'), cipher.final()]);
		const sealed: Sealed = {v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64')};
		// write then rename: a process killed mid-write leaves the previous file whole
		const temporary = `${this.#secretsPath}.${process.pid}.tmp`;
		try {
			writeFileSync(temporary, JSON.stringify(sealed), {mode: 0o600});
			renameSync(temporary, this.#secretsPath);
			chmodSync(this.#secretsPath, 0o600);
		} catch (error) {
			rmSync(temporary, {force: true});
			throw new BlTuiError('storage', `Cannot write ${this.#secretsPath}: ${(error as Error).message}`, {cause: error});
		}
	}

	#corrupt(error: unknown): BlTuiError {
		return new BlTuiError('storage', `${this.#secretsPath} cannot be decrypted or read.`, {
			hint: 'bl-tui left it as it is. If the key file was replaced, move both aside and log in again.',
			cause: error,
		});
	}
}
