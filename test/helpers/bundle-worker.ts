/**
 * Bundles a small TypeScript worker (a second process for race tests) into a runnable .mjs,
 * the way the real build does: CommonJS dependencies get a require(), the native keyring stays
 * where npm put it.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';

export type Worker = {script: string; remove(): Promise<void>};

export async function bundleWorker(source: {entry: string} | {contents: string; resolveDir: string}): Promise<Worker> {
	const directory = await mkdtemp(path.join(tmpdir(), 'bl-tui-worker-'));
	const script = path.join(directory, 'worker.mjs');
	const keyring = createRequire(import.meta.url).resolve('@napi-rs/keyring');
	await build({
		...('entry' in source
			? {entryPoints: [source.entry]}
			: {stdin: {contents: source.contents, resolveDir: source.resolveDir, loader: 'ts', sourcefile: 'worker.ts'}}),
		outfile: script,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		logLevel: 'silent',
		banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);"},
		plugins: [{name: 'keyring', setup: pluginBuild => pluginBuild.onResolve({filter: /^@napi-rs\/keyring$/}, () => ({path: keyring, external: true}))}],
	});
	return {script, remove: async () => rm(directory, {recursive: true, force: true})};
}
