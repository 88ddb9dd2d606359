// Bundles bl-tui into dist/: one entry for commands, with the app, demo and network client in
// chunks loaded on demand, so a command never parses Ink, React or yoga.
import {chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

/** Which source files went into which chunk: the module-loading test reads it; kept out of the package. */
export const metafilePath = 'node_modules/.cache/bl-tui/build-meta.json';

/** Everything but the entry points and output folder, so the bench's Ink hello-world is bundled exactly like bl-tui. */
export const bundleOptions = {
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20.18',
	minify: true,
	sourcemap: false,
	legalComments: 'linked',
	chunkNames: 'chunks/[name]-[hash]',
	// the native keyring module cannot be bundled; it is a dependency installed beside us
	external: ['@napi-rs/keyring'],
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {js: "import {createRequire as __blTuiCreateRequire} from 'node:module';const require=__blTuiCreateRequire(import.meta.url);"},
	plugins: [
		{
			// Ink imports its devtools bridge only when DEV=true; we never ship it
			name: 'no-devtools',
			setup(context) {
				context.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'empty'}));
				context.onLoad({filter: /.*/, namespace: 'empty'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
			},
		},
		{
			// yoga's Emscripten loader fetch()es its inlined wasm when fetch exists, which loads Node's own
			// undici before the first frame (~25% of a hello-world's start); decoding the base64 needs none
			name: 'yoga-without-fetch',
			setup(context) {
				context.onLoad({filter: /yoga-layout[/\\]dist[/\\]binaries[/\\]yoga-wasm-base64-esm\.js$/}, ({path: file}) => {
					const source = readFileSync(file, 'utf8');
					const patched = source.replaceAll('"function"!=typeof fetch', '!0');
					if (patched === source) throw new Error(`yoga-layout changed: no fetch test left to patch in ${file}`);
					return {contents: patched, loader: 'js'};
				});
			},
		},
	],
	logLevel: 'warning',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	// built beside dist and swapped in, so a bl-tui started during a rebuild never finds half a bundle
	const next = `dist-next-${process.pid}`;
	const old = `dist-old-${process.pid}`;
	rmSync(next, {recursive: true, force: true});
	const result = await build({...bundleOptions, entryPoints: {cli: 'source/cli.ts'}, outdir: next, metafile: true});
	chmodSync(path.join(next, 'cli.js'), 0o755);
	mkdirSync(path.dirname(metafilePath), {recursive: true});
	writeFileSync(metafilePath, JSON.stringify(result.metafile).replaceAll(`${next}/`, 'dist/'));
	if (existsSync('dist')) renameSync('dist', old);
	renameSync(next, 'dist');
	rmSync(old, {recursive: true, force: true});
}
