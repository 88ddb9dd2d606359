import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {BlTuiError} from '../../../source/core/errors.js';
import {ConfigFile, configVersion, emptyConfig} from '../../../source/core/store/config-file.js';
import {Store} from '../../../source/core/store/store.js';
import type {ConfigData} from '../../../source/core/types.js';

let root: string;
let directory: string;
let file: string;

beforeEach(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'bl-tui-config-'));
	directory = path.join(root, 'bl-tui');
	file = path.join(directory, 'config.json');
});

afterEach(async () => {
	await rm(root, {recursive: true, force: true});
});

const mode = (target: string) => statSync(target).mode & 0o777;

const sample: ConfigData = {
	version: configVersion,
	currentSpace: 'https://acme.backlog.com',
	spaces: {
		'https://acme.backlog.com': {origin: 'https://acme.backlog.com', host: 'acme.backlog.com', spaceKey: 'acme', authMethod: 'api-key', addedAt: '2025-01-01T00:00:00.000Z'},
	},
	profiles: {},
};

async function failure(fn: () => unknown): Promise<BlTuiError> {
	let caught: unknown;
	try {
		await fn();
	} catch (error) {
		caught = error;
	}

	expect(caught).toBeInstanceOf(BlTuiError);
	return caught as BlTuiError;
}

function writeRaw(text: string): void {
	mkdirSync(directory, {recursive: true, mode: 0o700});
	writeFileSync(file, text, {mode: 0o600});
}

describe('config.json', () => {
	it('is read as an empty config when missing, and reading creates nothing', () => {
		const config = new ConfigFile(directory);
		expect(config.read()).toEqual(emptyConfig());
		expect(config.exists()).toBe(false);
		const store = new Store({configDir: directory, storage: 'file'});
		expect(store.isEmpty()).toBe(true);
		expect(store.read()).toEqual({version: configVersion, spaces: {}, profiles: {}});
		expect(existsSync(directory)).toBe(false);
	});

	it('is written with the directory 0700 and the file 0600, whatever the umask', async () => {
		const previous = process.umask(0o000);
		try {
			await new ConfigFile(directory).write(sample);
		} finally {
			process.umask(previous);
		}

		expect(mode(directory)).toBe(0o700);
		expect(mode(file)).toBe(0o600);
		expect(new ConfigFile(directory).read()).toEqual(sample);
	});

	it('tightens a directory someone made open before', async () => {
		mkdirSync(directory, {recursive: true});
		chmodSync(directory, 0o755);
		writeFileSync(file, JSON.stringify(sample));
		chmodSync(file, 0o644);
		await new Store({configDir: directory, storage: 'file'}).update(data => {
			data.currentSpace = undefined;
		});
		expect(mode(directory)).toBe(0o700);
		expect(mode(file)).toBe(0o600);
	});

	it('creates missing parent directories', async () => {
		const deep = path.join(root, 'a', 'b', 'bl-tui');
		await new ConfigFile(deep).write(sample);
		expect(mode(deep)).toBe(0o700);
		expect(mode(path.join(deep, 'config.json'))).toBe(0o600);
	});

	it('leaves no temporary file behind a write', async () => {
		const store = new Store({configDir: directory, storage: 'file'});
		for (let index = 0; index < 5; index++) {
			await store.update(data => {
				data.currentSpace = `https://s${index}.backlog.com`;
			});
		}

		expect(readdirSync(directory).filter(name => name !== '.lock')).toEqual(['config.json']);
		expect(store.read().currentSpace).toBe('https://s4.backlog.com');
	});

	it('sees another writer’s change on the next read', async () => {
		const store = new Store({configDir: directory, storage: 'file'});
		await store.update(data => {
			data.currentSpace = 'https://one.backlog.com';
		});
		writeRaw(JSON.stringify({...sample, currentSpace: 'https://two.backlog.com'}));
		expect(store.read().currentSpace).toBe('https://two.backlog.com');
		await store.update(data => {
			data.defaultProfile = 'work';
		});
		expect(store.read()).toMatchObject({currentSpace: 'https://two.backlog.com', defaultProfile: 'work'});
	});

	it('fills in what an older or partial file lacks, and keeps fields it does not know', () => {
		writeRaw(JSON.stringify({currentSpace: 'https://acme.backlog.com', extra: 1}));
		expect(new ConfigFile(directory).read()).toEqual({version: configVersion, spaces: {}, profiles: {}, currentSpace: 'https://acme.backlog.com', extra: 1});
	});

	it.each([
		['not JSON at all', 'not json', /is not valid JSON/],
		['cut short', '{"version":1,"spaces":{"x": [oops', /is not valid JSON/],
		['empty', '', /is not valid JSON/],
		['an array', '[]', /does not hold a bl-tui configuration/],
		['null', 'null', /does not hold a bl-tui configuration/],
		['a string', '"config"', /does not hold a bl-tui configuration/],
		['spaces that are not an object', '{"version":1,"spaces":"acme"}', /unexpected shape/],
		['profiles that are null', '{"version":1,"spaces":{},"profiles":null}', /unexpected shape/],
	])('is reported by name and kept byte for byte when it is %s', async (_name, text, message) => {
		writeRaw(text);
		const before = statSync(file).mtimeMs;
		const store = new Store({configDir: directory, storage: 'file'});
		for (const attempt of [() => store.read(), async () => store.update(() => {}), async () => store.secrets.set('space:https://acme.backlog.com', 'k')]) {
			const error = await failure(attempt);
			expect(error.code).toBe('config-corrupt');
			expect(error.message).toContain(file);
			expect(error.message).toMatch(message);
			expect(error.hint).toMatch(/left the file as it is/);
		}

		expect(readFileSync(file, 'utf8')).toBe(text);
		expect(statSync(file).mtimeMs).toBe(before);
		// and no secret went anywhere else meanwhile
		expect(readdirSync(directory)).toEqual(['config.json']);
	});

	it('refuses a config from a newer bl-tui and keeps it byte for byte', async () => {
		const text = `${JSON.stringify({...sample, version: configVersion + 1, futureField: {a: 1}}, null, '\t')}\n`;
		writeRaw(text);
		const store = new Store({configDir: directory, storage: 'file'});
		for (const attempt of [() => store.read(), async () => store.update(() => {})]) {
			const error = await failure(attempt);
			expect(error.code).toBe('config-version');
			expect(error.message).toContain(file);
			expect(error.message).toContain(`format ${configVersion + 1}`);
			expect(error.hint).toMatch(/Upgrade bl-tui/);
		}

		expect(readFileSync(file, 'utf8')).toBe(text);
	});

	it('is a storage error naming the file when it cannot be read', async ({skip}) => {
		if (process.getuid?.() === 0) skip('root reads any file');
		writeRaw(JSON.stringify(sample));
		chmodSync(file, 0o000);
		const error = await failure(() => new ConfigFile(directory).read());
		expect(error.code).toBe('storage');
		expect(error.message).toContain(file);
	});

	it('is a storage error when config.json is a directory', async () => {
		mkdirSync(file, {recursive: true});
		const error = await failure(() => new ConfigFile(directory).read());
		expect(error.code).toBe('storage');
		expect(error.message).toContain(file);
	});
});
