// `npm run bench`: DESIGN §8's figures as medians of repeated runs, each against its yardstick
// measured in the same run, interleaved so a busy machine slows both sides alike. Not a test.
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {bundleOptions} from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const runs = Number(process.env.BENCH_RUNS ?? 15);
const warmups = 2;
const memoryRuns = 5;
const cli = path.join(root, 'dist/cli.js');
const work = mkdtempSync(path.join(tmpdir(), 'bl-tui-bench-'));

/** The yardstick and the fixture bundled with bl-tui's own esbuild options, into .bench/. */
async function bundleHelpers() {
	rmSync('.bench', {recursive: true, force: true});
	await build({...bundleOptions, entryPoints: {hello: 'scripts/bench/hello.tsx'}, outdir: '.bench/hello'});
	await build({...bundleOptions, entryPoints: {fixture: 'scripts/bench/fixture.ts'}, outdir: '.bench/fixture'});
	return {hello: path.join(root, '.bench/hello/hello.js'), fixture: await import(pathToFileURL(path.join(root, '.bench/fixture/fixture.js')).href)};
}

/** A user's environment with nothing of their own bl-tui or Backlog settings, nor CI (under which Ink draws only a last frame). */
function benchEnv(configDir) {
	const env = {...process.env};
	for (const name of Object.keys(env)) if (/^(BL_|BACKLOG_|ATLASSIAN_|BITBUCKET_)|^(CI|CONTINUOUS_INTEGRATION)$/.test(name)) delete env[name];
	return {...env, BL_TUI_CONFIG_DIR: configDir, BL_TUI_STORAGE: 'file'};
}

/** Wall time of one process from spawn to exit, in ms; a failing run stops the bench. */
async function timeProcess(args, env) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		// stdout is a pipe, as in `$(bl-tui auth token)`
		const child = spawn(process.execPath, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
		child.stdout.resume();
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => {
			const elapsed = performance.now() - started;
			if (code === 0) resolve(elapsed);
			else reject(new Error(`node ${args.join(' ')} exited ${code}:\n${stderr}`));
		});
	});
}

const stripAnsi = text => text.replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, '');

function childOf(pid) {
	try {
		return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0]) || undefined;
	} catch {
		return undefined;
	}
}

/** Waits for a process to end, and ends it after 5 s if it is still the one running `script`. */
async function gone(pid, script) {
	const running = () => {
		try {
			return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(script);
		} catch {
			return false;
		}
	};

	for (const started = performance.now(); running() && performance.now() - started < 5000; ) await new Promise(resolve => setTimeout(resolve, 10));
	if (running()) process.kill(pid, 'SIGKILL');
}

function peakMiB(pid) {
	const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : Number.NaN;
}

/**
 * Runs `args` under node in a pseudo-terminal (util-linux `script`, 100×24) and resolves with the
 * ms from spawn to the first output containing `marker`; with `holdMs`, keeps it running that
 * long more and also resolves with the node process's peak resident memory.
 */
async function firstFrame(args, env, marker, holdMs = 0) {
	const quoted = [process.execPath, ...args].map(word => `'${word}'`).join(' ');
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn('script', ['-qfec', `stty rows 24 cols 100; exec ${quoted}`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'ignore']});
		let output = '';
		let result;
		let node;
		const stop = () => {
			node ??= childOf(child.pid);
			child.kill('SIGTERM');
		};

		child.stdout.on('data', chunk => {
			output += chunk;
			if (result || !stripAnsi(output).includes(marker)) return;
			result = {ms: performance.now() - started};
			if (holdMs === 0) return stop();
			setTimeout(() => {
				node = childOf(child.pid);
				result.peakMiB = node ? peakMiB(node) : Number.NaN;
				stop();
			}, holdMs);
		});
		child.on('error', reject);
		child.on('close', async () => {
			// the pty's hang-up ends node, a moment after `script`: the next run must not share the CPU with it
			if (node) await gone(node, args.at(-1));
			if (result) resolve(result);
			else reject(new Error(`No "${marker}" on the terminal:\n${stripAnsi(output)}`));
		});
	});
}

/** Runs every subject once per round, warm-ups first, and keeps the measured rounds. */
async function rounds(subjects, count = runs) {
	const samples = Object.fromEntries(Object.keys(subjects).map(name => [name, []]));
	for (let round = 0; round < warmups + count; round++) {
		for (const [name, measure] of Object.entries(subjects)) {
			const value = await measure();
			if (round >= warmups) samples[name].push(value);
		}
	}

	return samples;
}

const median = values => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const ms = value => `${value.toFixed(0)} ms`;
const verdict = ok => (ok ? '✓' : '✗');

function table(rows) {
	const header = ['measure', 'bl-tui', 'yardstick', 'ratio', 'target', ''];
	const all = [header, ...rows];
	const widths = header.map((_, column) => Math.max(...all.map(row => String(row[column]).length)));
	return all.map(row => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

async function main() {
	const {hello, fixture} = await bundleHelpers();
	const smallKeys = ['acme', 'globex', 'initech', 'umbrella', 'hooli'];
	const small = await fixture.startBacklogServer(smallKeys.map(key => ({key})));
	const bigKeys = Array.from({length: 50}, (_, index) => `team${index}`);
	const big = await fixture.startBacklogServer(
		bigKeys.map(key => ({key})),
		{latencyMs: 200},
	);
	try {
		const smallEnv = benchEnv(path.join(work, 'small'));
		const bigEnv = benchEnv(path.join(work, 'big'));
		await fixture.seedConfig(smallEnv.BL_TUI_CONFIG_DIR, smallKeys.map(key => ({origin: small.origin(key), key})));
		await fixture.seedConfig(bigEnv.BL_TUI_CONFIG_DIR, bigKeys.map(key => ({origin: big.origin(key), key})));

		console.log(`bl-tui bench · Node ${process.version} · ${process.platform} ${process.arch} · medians of ${runs} runs after ${warmups} warm-ups\n`);

		const frames = await rounds({app: async () => (await firstFrame([cli], smallEnv, 'Secrets')).ms, hello: async () => (await firstFrame([hello], smallEnv, 'Hello')).ms});
		const commands = await rounds({
			list: async () => timeProcess([cli, 'auth', 'list', '--json'], smallEnv),
			token: async () => timeProcess([cli, 'auth', 'token'], smallEnv),
			node: async () => timeProcess(['-e', '0'], smallEnv),
		});
		const status = await rounds({all: async () => timeProcess([cli, 'auth', 'status', '--all', '--json'], bigEnv)});
		const peaks = (await rounds({app: async () => (await firstFrame([cli], smallEnv, 'Secrets', 3000)).peakMiB}, memoryRuns)).app;

		const frame = median(frames.app) / median(frames.hello);
		const list = median(commands.list) / median(commands.node);
		const token = median(commands.token) / median(commands.node);
		const all = median(status.all);
		const peak = Math.max(...peaks);
		console.log(
			table([
				['first frame, pty (5 spaces) vs Ink hello-world', ms(median(frames.app)), ms(median(frames.hello)), `${frame.toFixed(2)}×`, '≤ 1.30×', verdict(frame <= 1.3)],
				['auth list --json vs node -e 0', ms(median(commands.list)), ms(median(commands.node)), `${list.toFixed(2)}×`, '≤ 1.50×', verdict(list <= 1.5)],
				['auth token vs node -e 0', ms(median(commands.token)), ms(median(commands.node)), `${token.toFixed(2)}×`, '≤ 1.50×', verdict(token <= 1.5)],
				['auth status --all --json, 50 spaces at 200 ms', ms(all), '', '', '≤ 600 ms', verdict(all <= 600)],
				[`app peak memory (VmHWM, 3 s after first frame, max of ${memoryRuns})`, `${peak.toFixed(1)} MiB`, '', '', '≤ 100 MiB', verdict(peak <= 100)],
			]),
		);
	} finally {
		await Promise.all([small.close(), big.close()]);
		rmSync(work, {recursive: true, force: true});
	}
}

if (!existsSync(cli)) throw new Error('No dist/cli.js: run `npm run bench`, which builds first.');
await main();
