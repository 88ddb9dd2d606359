/**
 * Runs the real built binary (dist/cli.js) as a user's shell would: no TTY, a temp config dir,
 * the encrypted-file backend unless the test asks for the keyring, and a test-only keyring service.
 */
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export const cliPath = path.resolve(import.meta.dirname, '../../dist/cli.js');

export type CliResult = {code: number; stdout: string; stderr: string};

export type CliOptions = {env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number};

/** The environment every CLI test starts from: nothing of the user's own bl-tui or Backlog settings. */
export function cleanEnv(configDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env};
	for (const name of Object.keys(env)) {
		if (/^(BL_|BACKLOG_|ATLASSIAN_|BITBUCKET_)/.test(name) || name === 'XDG_CONFIG_HOME') delete env[name];
	}

	return {
		...env,
		NO_COLOR: '1',
		BL_TUI_CONFIG_DIR: configDir,
		BL_TUI_STORAGE: storageUnderTest,
		BL_TUI_KEYRING_SERVICE: testKeyringService,
		...extra,
	};
}

export const testKeyringService = `bl-tui-test-${process.pid}`;

/** The backend CLI tests run on: CI passes `keyring` (real Secret Service) and `file`; locally `file`. */
export const storageUnderTest: 'keyring' | 'file' = process.env.BL_TUI_STORAGE === 'keyring' ? 'keyring' : 'file';
export const storedInUnderTest = storageUnderTest === 'keyring' ? 'System keyring' : 'Encrypted file';

/** Removes every entry the tests of this process put in the test keyring service. */
export async function clearTestKeyring(): Promise<void> {
	if (storageUnderTest !== 'keyring') return;
	const {findCredentialsAsync, AsyncEntry} = await import('@napi-rs/keyring');
	for (const credential of await findCredentialsAsync(testKeyringService)) {
		await new AsyncEntry(testKeyringService, credential.account).deletePassword();
	}
}

export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code: code ?? -1, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}

export function tempDir(prefix = 'bl-tui-test-'): string {
	return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(directory: string): void {
	rmSync(directory, {recursive: true, force: true});
}

/** Every file below a directory, for secret scans and permission checks. */
export function filesBelow(directory: string): string[] {
	let found: string[] = [];
	for (const entry of readdirSync(directory, {withFileTypes: true})) {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) found = [...found, ...filesBelow(full)];
		else found.push(full);
	}

	return found;
}

/** The files below `directory` whose bytes contain any of the secrets, in plain text. */
export function filesContaining(directory: string, secrets: string[]): string[] {
	return filesBelow(directory).filter(file => {
		const text = readFileSync(file, 'latin1');
		return secrets.some(secret => text.includes(secret));
	});
}

export function modeOf(file: string): number {
	return statSync(file).mode & 0o777;
}

export type StartedCli = {
	child: ChildProcessWithoutNullStreams;
	/** Resolves with the first match of `pattern` in stderr so far, as soon as it appears. */
	waitForStderr(pattern: RegExp): Promise<RegExpMatchArray>;
	done: Promise<CliResult>;
};

/** runCli, but returns while the process runs, so a test can read what it printed and answer it. */
export function startCli(args: string[], options: CliOptions = {}): StartedCli {
	const child = spawn(process.execPath, [cliPath, ...args], {env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	let closed = false;
	const waiting = new Set<() => void>();
	const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
	child.stdout.on('data', chunk => (stdout += chunk));
	child.stderr.on('data', chunk => {
		stderr += chunk;
		for (const check of waiting) check();
	});
	const done = new Promise<CliResult>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			closed = true;
			resolve({code: code ?? -1, stdout, stderr});
			for (const check of waiting) check();
		});
	});
	child.stdin.end(options.input ?? '');
	const waitForStderr = async (pattern: RegExp) =>
		new Promise<RegExpMatchArray>((resolve, reject) => {
			const check = () => {
				const match = pattern.exec(stderr);
				if (match) {
					waiting.delete(check);
					resolve(match);
				} else if (closed) {
					waiting.delete(check);
					reject(new Error(`The command ended without printing ${String(pattern)} on stderr:\n${stderr}`));
				}
			};

			waiting.add(check);
			check();
		});
	return {child, waitForStderr, done};
}
