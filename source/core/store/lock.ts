/**
 * A cross-process lock around every read-modify-write of our files, re-entrant within one async
 * flow so a locked operation may call others that lock too.
 */
import {AsyncLocalStorage} from 'node:async_hooks';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {BlTuiError} from '../errors.js';

const held = new AsyncLocalStorage<Set<string>>();

export const lockName = '.lock';

export async function withLock<T>(directory: string, fn: () => Promise<T>): Promise<T> {
	const holding = held.getStore();
	if (holding?.has(directory)) return fn();

	mkdirSync(directory, {recursive: true, mode: 0o700});
	let release: () => Promise<void>;
	try {
		// only writes lock: commands that just read never load proper-lockfile and graceful-fs
		const {default: lockfile} = await import('proper-lockfile');
		release = await lockfile.lock(directory, {
			lockfilePath: path.join(directory, lockName),
			realpath: false,
			// a holder that died leaves a lock whose mtime stops moving: taken over after this long
			stale: 10_000,
			retries: {retries: 400, factor: 1.2, minTimeout: 10, maxTimeout: 100, randomize: true},
		});
	} catch (error) {
		throw new BlTuiError('locked', `Another bl-tui process holds ${directory} and did not let go.`, {
			hint: `If none is running, remove ${path.join(directory, lockName)}.`,
			cause: error,
		});
	}

	try {
		return await held.run(new Set([...(holding ?? []), directory]), fn);
	} finally {
		await release().catch(() => {});
	}
}
