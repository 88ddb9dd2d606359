/**
 * A SecretSlot over a plain JSON file, locked with proper-lockfile: what the Store does, small
 * enough for tests to race from several processes. It stores the secret in plaintext on purpose.
 */
import {readFile, rename, writeFile} from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import type {SecretSlot} from '../../source/core/oauth/refresh.js';
import type {OAuthSecret} from '../../source/core/types.js';

export function fileSlot(path: string): SecretSlot {
	return {
		async withLock(fn) {
			const release = await lockfile.lock(path, {realpath: false, retries: {retries: 200, minTimeout: 5, maxTimeout: 50}});
			try {
				return await fn();
			} finally {
				await release();
			}
		},
		async read() {
			try {
				return JSON.parse(await readFile(path, 'utf8')) as OAuthSecret;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
				throw error;
			}
		},
		async write(secret) {
			await writeFile(`${path}.tmp`, JSON.stringify(secret), {mode: 0o600});
			await rename(`${path}.tmp`, path);
		},
	};
}
