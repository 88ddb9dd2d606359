import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, utimesSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {BlTuiError} from '../../../source/core/errors.js';
import {lockName, withLock} from '../../../source/core/store/lock.js';
import {Store} from '../../../source/core/store/store.js';
import {bundleWorker, type Worker} from '../../helpers/bundle-worker.js';

const storeDirectory = fileURLToPath(new URL('../../../source/core/store/', import.meta.url));

// a separate process that locks the way bl-tui does: `count <dir> <n>` adds 1 to a counter n times
// through Store.update; `hold <dir>` takes the lock, says "locked", and lets go on "release"
const workerSource = `
import {createInterface} from 'node:readline';
import {Store} from './store.js';
import {withLock} from './lock.js';

const [mode, directory, times] = process.argv.slice(2);
const lines = createInterface({input: process.stdin})[Symbol.asyncIterator]();
const say = text => process.stdout.write(text + '\\n');

if (mode === 'count') {
	const store = new Store({configDir: directory, storage: 'file'});
	say('ready');
	await lines.next();
	for (let index = 0; index < Number(times); index++) {
		await store.update(data => {
			data.counter = (data.counter ?? 0) + 1;
		});
	}
	say('done');
} else {
	await withLock(directory, async () => {
		say('locked');
		await lines.next();
	});
	say('released');
}
process.exit(0);
`;

let script: string;
let directory: string;
const children: ChildProcess[] = [];

let worker: Worker;

beforeAll(async () => {
	worker = await bundleWorker({contents: workerSource, resolveDir: storeDirectory});
	script = worker.script;
});

afterAll(async () => {
	await worker.remove();
});

beforeEach(async () => {
	directory = await mkdtemp(path.join(tmpdir(), 'bl-tui-lock-'));
});

afterEach(async () => {
	for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	await rm(directory, {recursive: true, force: true});
});

function start(...args: string[]) {
	const child = spawn(process.execPath, [script, ...args], {stdio: ['pipe', 'pipe', 'inherit']});
	children.push(child);
	const lines = createInterface({input: child.stdout!})[Symbol.asyncIterator]();
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	return {
		child,
		exited,
		async next(): Promise<string | undefined> {
			return (await lines.next()).value as string | undefined;
		},
		send(line: string) {
			child.stdin!.write(`${line}\n`);
		},
	};
}

/** Whether the promise settles within a short while; for asserting that something waits. */
async function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const waited = new Promise<false>(resolve => {
		timer = setTimeout(() => resolve(false), ms);
	});
	const settled = await Promise.race([promise.then(() => true as const), waited]);
	clearTimeout(timer);
	return settled;
}

describe('the cross-process lock', () => {
	it('loses no increment when two processes each add 1 fifty times', async () => {
		const workers = [start('count', directory, '50'), start('count', directory, '50')];
		for (const worker of workers) expect(await worker.next()).toBe('ready');
		for (const worker of workers) worker.send('go');
		for (const worker of workers) expect(await worker.next()).toBe('done');
		const data = new Store({configDir: directory}).read() as unknown as {counter: number};
		expect(data.counter).toBe(100);
		expect(existsSync(path.join(directory, lockName))).toBe(false);
	}, 60_000);

	it('waits for a live holder in another process, then goes ahead', async () => {
		const holder = start('hold', directory);
		expect(await holder.next()).toBe('locked');
		const entered: string[] = [];
		const mine = withLock(directory, async () => {
			entered.push('mine');
		});
		expect(await settlesWithin(mine, 300)).toBe(false);
		expect(entered).toEqual([]);
		holder.send('release');
		expect(await holder.next()).toBe('released');
		await mine;
		expect(entered).toEqual(['mine']);
	});

	it('takes over the lock a killed process left behind once it is stale', async () => {
		const holder = start('hold', directory);
		expect(await holder.next()).toBe('locked');
		holder.child.kill('SIGKILL');
		await holder.exited;
		const lock = path.join(directory, lockName);
		expect(existsSync(lock)).toBe(true);
		// a holder that died stops refreshing the lock's time: make it look a minute old
		const minuteAgo = new Date(Date.now() - 60_000);
		utimesSync(lock, minuteAgo, minuteAgo);
		const started = Date.now();
		expect(await withLock(directory, async () => 'taken over')).toBe('taken over');
		expect(Date.now() - started).toBeLessThan(5000);
		expect(existsSync(lock)).toBe(false);
	});

	it('creates the directory it locks, private', async () => {
		const fresh = path.join(directory, 'new', 'bl-tui');
		await withLock(fresh, async () => {
			expect(existsSync(path.join(fresh, lockName))).toBe(true);
		});
		expect(existsSync(fresh)).toBe(true);
		expect(existsSync(path.join(fresh, lockName))).toBe(false);
	});
});

describe('the lock within one process', () => {
	it('lets one flow in at a time', async () => {
		let inside = 0;
		let most = 0;
		const order: number[] = [];
		await Promise.all(
			Array.from({length: 8}, async (_, index) =>
				withLock(directory, async () => {
					inside++;
					most = Math.max(most, inside);
					await new Promise(resolve => setImmediate(resolve));
					order.push(index);
					inside--;
				}),
			),
		);
		expect(most).toBe(1);
		expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	it('is re-entrant: a locked flow may lock again without waiting for itself', async () => {
		const result = await withLock(directory, async () => withLock(directory, async () => withLock(directory, async () => 'deep')));
		expect(result).toBe('deep');
	});

	it('lets Store.update and a file secret be written inside Store.withLock', async () => {
		const store = new Store({configDir: directory, storage: 'file'});
		await store.withLock(async () => {
			await store.update(async data => {
				data.currentSpace = 'https://acme.backlog.com';
				await store.secrets.set('space:https://acme.backlog.com', 'nested-secret');
			});
		});
		expect(store.read().currentSpace).toBe('https://acme.backlog.com');
		expect(await store.secrets.get('space:https://acme.backlog.com')).toBe('nested-secret');
	});

	it('does not count a different directory as held', async () => {
		const other = path.join(directory, 'other');
		await withLock(directory, async () => {
			await withLock(other, async () => {
				expect(existsSync(path.join(other, lockName))).toBe(true);
			});
		});
	});

	it('lets go when the locked work throws, and passes the error on', async () => {
		const failure = new BlTuiError('invalid-input', 'no');
		await expect(withLock(directory, async () => Promise.reject(failure))).rejects.toBe(failure);
		expect(existsSync(path.join(directory, lockName))).toBe(false);
		expect(await withLock(directory, async () => 'again')).toBe('again');
	});

	it('keeps every change when many updates race', async () => {
		const stores = [new Store({configDir: directory, storage: 'file'}), new Store({configDir: directory, storage: 'file'})];
		await Promise.all(
			Array.from({length: 20}, async (_, index) =>
				stores[index % 2]!.update(data => {
					const origin = `https://s${index}.backlog.com`;
					data.spaces[origin] = {origin, host: `s${index}.backlog.com`, spaceKey: `s${index}`, authMethod: 'api-key', addedAt: '2025-01-01T00:00:00.000Z'};
				}),
			),
		);
		expect(Object.keys(stores[0]!.read().spaces)).toHaveLength(20);
	});
});
