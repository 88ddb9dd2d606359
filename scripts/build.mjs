// Bundles bl-tui into dist/: one entry for commands, with the app, demo and network client in
// chunks loaded on demand, so a command never parses Ink, React or yoga.
import {chmodSync, rmSync} from 'node:fs';
import {build} from 'esbuild';

rmSync('dist', {recursive: true, force: true});

await build({
	entryPoints: {cli: 'source/cli.ts'},
	outdir: 'dist',
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
	],
	logLevel: 'warning',
});

chmodSync('dist/cli.js', 0o755);
