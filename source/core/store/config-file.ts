/**
 * config.json: metadata only, never a secret. Read straight from disk on every call so another
 * process's write is seen; written through conf (atomic, 0600) under the store's lock.
 */
import {chmodSync, mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import {BlTuiError} from '../errors.js';
import type {ConfigData} from '../types.js';

export const configVersion = 1;
export const configName = 'config.json';

export function emptyConfig(): ConfigData {
	return {version: configVersion, spaces: {}, profiles: {}};
}

export class ConfigFile {
	readonly path: string;
	readonly #directory: string;
	#conf?: Conf<ConfigData>;

	constructor(directory: string) {
		this.#directory = directory;
		this.path = path.join(directory, configName);
	}

	exists(): boolean {
		try {
			readFileSync(this.path);
			return true;
		} catch {
			return false;
		}
	}

	read(): ConfigData {
		let text: string;
		try {
			text = readFileSync(this.path, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig();
			throw new BlTuiError('storage', `Cannot read ${this.path}: ${(error as Error).message}`, {cause: error});
		}

		return this.#parse(text);
	}

	async write(data: ConfigData): Promise<void> {
		ensurePrivateDirectory(this.#directory);
		// loaded only to write: reading needs none of it, and commands that only read start faster
		const {default: Conf} = await import('conf');
		// conf writes atomically (temp file + rename), so a process killed mid-write leaves the old file
		this.#conf ??= new Conf<ConfigData>({cwd: this.#directory, configName: 'config', configFileMode: 0o600});
		this.#conf.store = data;
		chmodSync(this.path, 0o600);
	}

	#parse(text: string): ConfigData {
		let data: unknown;
		try {
			data = JSON.parse(text);
		} catch (error) {
			throw new BlTuiError('config-corrupt', `${this.path} is not valid JSON (${(error as Error).message}).`, {
				hint: 'bl-tui left the file as it is: fix it, or move it aside to start over.',
			});
		}

		if (typeof data !== 'object' || data === null || Array.isArray(data)) {
			throw new BlTuiError('config-corrupt', `${this.path} does not hold a bl-tui configuration.`, {
				hint: 'bl-tui left the file as it is: fix it, or move it aside to start over.',
			});
		}

		const record = data as Partial<ConfigData>;
		if (typeof record.version === 'number' && record.version > configVersion) {
			throw new BlTuiError('config-version', `${this.path} was written by a newer bl-tui (format ${record.version}).`, {
				hint: 'Upgrade bl-tui; this version left the file untouched.',
			});
		}

		if (
			(record.spaces !== undefined && (typeof record.spaces !== 'object' || record.spaces === null)) ||
			(record.profiles !== undefined && (typeof record.profiles !== 'object' || record.profiles === null))
		) {
			throw new BlTuiError('config-corrupt', `${this.path} has an unexpected shape.`, {
				hint: 'bl-tui left the file as it is: fix it, or move it aside to start over.',
			});
		}

		return {...emptyConfig(), ...record, version: configVersion} as ConfigData;
	}
}

export function ensurePrivateDirectory(directory: string): void {
	mkdirSync(directory, {recursive: true, mode: 0o700});
	chmodSync(directory, 0o700);
}
