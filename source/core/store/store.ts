/**
 * The store: config.json for metadata and a secret backend for secrets, behind one entry point.
 * Every read-modify-write holds the config directory's cross-process lock.
 */
import {readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {BlTuiError} from '../errors.js';
import type {ConfigData, StorageKind} from '../types.js';
import {ConfigFile} from './config-file.js';
import {lockName, withLock} from './lock.js';
import {FileBackend, KeyringBackend, defaultKeyringService, type SecretBackend} from './secrets.js';

export type StoreOptions = {
	configDir: string;
	/** Forces a backend (`--storage`, `BL_TUI_STORAGE`). */
	storage?: StorageKind;
	/** Tests use their own service so they never touch the user's secrets. */
	keyringService?: string;
	/** Told once, when secrets go to the encrypted file because no keyring answered. */
	onNotice?: (message: string) => void;
};

export const accounts = {
	space: (origin: string) => `space:${origin}`,
	atlassian: (profile: string) => `profile:${profile}:atlassian`,
	bitbucket: (profile: string) => `profile:${profile}:bitbucket`,
};

export function parseStorageKind(value: string | undefined, source: string): StorageKind | undefined {
	if (value === undefined || value === '') return undefined;
	if (value === 'keyring' || value === 'file') return value;
	throw new BlTuiError('invalid-input', `${source} must be "keyring" or "file", not "${value}".`);
}

export class Store {
	readonly configDir: string;
	readonly configPath: string;
	readonly #config: ConfigFile;
	readonly #options: StoreOptions;
	#backend?: Promise<SecretBackend>;
	#noticePending = false;

	constructor(options: StoreOptions) {
		this.#options = options;
		this.configDir = options.configDir;
		this.#config = new ConfigFile(options.configDir);
		this.configPath = this.#config.path;
	}

	/** True when nothing has been saved yet. */
	isEmpty(): boolean {
		return !this.#config.exists();
	}

	read(): ConfigData {
		return this.#config.read();
	}

	async withLock<T>(fn: () => Promise<T>): Promise<T> {
		return withLock(this.configDir, fn);
	}

	/** Locked read-modify-write of config.json: `fn` changes `data` in place; it is written after. */
	async update<T>(fn: (data: ConfigData) => T | Promise<T>): Promise<T> {
		return this.withLock(async () => {
			const data = this.#config.read();
			const result = await fn(data);
			await this.#config.write(data);
			return result;
		});
	}

	/** The backend that holds (or will hold) secrets; decided once per process. */
	async backend(): Promise<SecretBackend> {
		this.#backend ??= this.#chooseBackend();
		return this.#backend;
	}

	readonly secrets = {
		get: async (account: string) => (await this.backend()).get(account),
		set: async (account: string, secret: string) => {
			await this.withLock(async () => {
				const backend = await this.backend();
				await backend.set(account, secret);
				const data = this.#config.read();
				// another store (or process) may have told the user since this one chose
				if (data.fileBackendNoticeShown) this.#noticePending = false;
				if (data.storage !== backend.kind || this.#noticePending) {
					data.storage = backend.kind;
					if (this.#noticePending) {
						data.fileBackendNoticeShown = true;
						this.#noticePending = false;
						this.#options.onNotice?.(fileBackendNotice(this.configDir));
					}

					await this.#config.write(data);
				}
			});
		},
		delete: async (account: string) => (await this.backend()).delete(account),
	};

	/** Every file bl-tui may have written in the config directory. */
	files(): string[] {
		return [this.configPath, path.join(this.configDir, 'credentials.enc'), path.join(this.configDir, 'key')];
	}

	/** `logout --all`: removes our files, then the directory if nothing else is in it. */
	async removeFiles(): Promise<void> {
		await this.withLock(async () => {
			for (const file of this.files()) rmSync(file, {force: true});
		});
		rmSync(path.join(this.configDir, lockName), {recursive: true, force: true});
		try {
			if (readdirSync(this.configDir).length === 0) rmSync(this.configDir, {recursive: true});
		} catch {}
	}

	async #chooseBackend(): Promise<SecretBackend> {
		const keyring = new KeyringBackend(this.#options.keyringService ?? defaultKeyringService);
		const file = new FileBackend(this.configDir);
		const data = this.#config.read();
		const chosen = this.#options.storage ?? data.storage;
		if (chosen === 'file') return file;
		if (chosen === 'keyring') return keyring;
		if (await keyring.available()) return keyring;
		if (!data.fileBackendNoticeShown) this.#noticePending = true;
		return file;
	}
}

export function fileBackendNotice(configDir: string): string {
	return (
		`No system keyring answered, so bl-tui keeps your secrets in an encrypted file: ` +
		`${path.join(configDir, 'credentials.enc')} (its key is ${path.join(configDir, 'key')}, both readable only by you). ` +
		`Set BL_TUI_STORAGE=keyring to insist on the keyring.`
	);
}
