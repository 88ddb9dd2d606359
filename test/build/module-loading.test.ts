import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fixtureApiKey, startBacklogServer, type BacklogFixture} from '../fixtures/backlog-server.js';
import {cleanEnv, cliPath, removeDir, runCli, tempDir} from '../helpers/run-cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const preload = path.join(import.meta.dirname, 'module-log.mjs');

type Build = {outputs: Record<string, {inputs: Record<string, unknown>}>};

/** `ink` for `node_modules/ink/build/render.js`, the innermost package when they nest. */
const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(file)?.[1];

/** The npm packages bundled into each file of dist/, from the metafile of the same build: minified chunks carry no names of their own. */
function packagesByFile(): Map<string, Set<string>> {
	const build = JSON.parse(readFileSync(path.join(root, 'node_modules/.cache/bl-tui/build-meta.json'), 'utf8')) as Build;
	return new Map(
		Object.entries(build.outputs).map(([output, {inputs}]) => [
			path.join(root, output),
			new Set(Object.keys(inputs).flatMap(input => packageOf(input) ?? [])),
		]),
	);
}

/** The packages one run loaded: each module URL the loader saw, as the packages bundled in it (or its own, for an external). */
function loadedPackages(logFile: string): Set<string> {
	const byFile = packagesByFile();
	const files = readFileSync(logFile, 'utf8')
		.split('\n')
		.filter(url => url.startsWith('file:'))
		.map(url => fileURLToPath(url));
	return new Set(files.flatMap(file => [...(byFile.get(file) ?? []), ...(packageOf(file) ?? [])]));
}

/** Runs the built binary with every module it loads logged; a failed run fails the test with its stderr. */
async function runRecorded(args: string[], env: NodeJS.ProcessEnv): Promise<Set<string>> {
	const logFile = path.join(work, `modules-${Math.random().toString(36).slice(2)}.log`);
	await new Promise<void>((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', preload, cliPath, ...args], {env: {...env, BL_TUI_MODULE_LOG: logFile}, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve() : reject(new Error(`bl-tui ${args.join(' ')} exited ${code}:\n${stderr}`))));
	});
	return loadedPackages(logFile);
}

/** The app under a pseudo-terminal (util-linux `script`), until its header is drawn. */
async function runAppRecorded(env: NodeJS.ProcessEnv): Promise<{frame: string; packages: Set<string>}> {
	const logFile = path.join(work, 'modules-app.log');
	const command = `stty rows 24 cols 100; exec '${process.execPath}' --import '${preload}' '${cliPath}' --demo`;
	const frame = await new Promise<string>((resolve, reject) => {
		const child = spawn('script', ['-qfec', command, '/dev/null'], {env: {...env, BL_TUI_MODULE_LOG: logFile}, stdio: ['pipe', 'pipe', 'inherit']});
		let output = '';
		let drawn = false;
		child.stdout.on('data', chunk => {
			output += chunk;
			if (!drawn && output.includes('Secrets')) {
				drawn = true;
				// the pty hangs up and the app leaves as on a closed terminal
				child.kill('SIGTERM');
			}
		});
		child.on('error', reject);
		child.on('close', () => (drawn ? resolve(output) : reject(new Error(`The app drew no header:\n${output}`))));
	});
	return {frame, packages: loadedPackages(logFile)};
}

const face = ['ink', 'react', 'react-reconciler', 'yoga-layout'];

let fixture: BacklogFixture;
let work: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
	fixture = await startBacklogServer([{key: 'acme'}, {key: 'globex'}]);
	work = tempDir('bl-tui-modules-');
	env = cleanEnv(path.join(work, 'config'), {BL_TUI_STORAGE: 'file'});
	for (const key of ['acme', 'globex']) {
		const login = await runCli(['auth', 'login', '--space', fixture.origin(key), '--with-token'], {env, input: `${fixtureApiKey(key)}\n`});
		expect(login.code, login.stderr).toBe(0);
	}
});

afterAll(async () => {
	await fixture?.close();
	removeDir(work);
});

describe('the command path', () => {
	it.each([[['--help']], [['--version']], [['auth', 'list', '--json']], [['auth', 'token']]])('%j loads no Ink, React, yoga or undici', async args => {
		const packages = await runRecorded(args, env);
		for (const name of [...face, 'undici']) expect(packages).not.toContain(name);
	});

	it('auth use loads no Ink, React, yoga or undici', async () => {
		const packages = await runRecorded(['auth', 'use', fixture.origin('acme')], env);
		for (const name of [...face, 'undici']) expect(packages).not.toContain(name);
	});

	it('auth status loads undici for the network, still no Ink, React or yoga', async () => {
		const packages = await runRecorded(['auth', 'status', '--json'], env);
		expect(packages).toContain('undici');
		for (const name of face) expect(packages).not.toContain(name);
	});
});

describe('the app path', () => {
	it('loads Ink, React and yoga, and not the devtools bridge', async () => {
		const run = await runAppRecorded(env);
		expect(run.frame).toContain('Secrets');
		for (const name of face) expect(run.packages).toContain(name);
		expect(run.packages).not.toContain('ws');
	});
});
