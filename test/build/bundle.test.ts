import {readFileSync, statSync} from 'node:fs';
import {builtinModules} from 'node:module';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

type Build = {outputs: Record<string, {inputs: Record<string, unknown>; imports: Array<{path: string; external?: boolean}>}>};

const build = JSON.parse(readFileSync(path.join(root, 'node_modules/.cache/bl-tui/build-meta.json'), 'utf8')) as Build;
const outputs = Object.entries(build.outputs).filter(([file]) => file.endsWith('.js'));
const inputs = outputs.flatMap(([, output]) => Object.keys(output.inputs));
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);

describe('the shipped bundle', () => {
	it('is what the bin runs: dist/cli.js, executable, with a node shebang', () => {
		const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {bin: Record<string, string>};
		expect(manifest.bin['bl-tui']).toBe('dist/cli.js');
		const cli = path.join(root, 'dist/cli.js');
		expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
		expect(statSync(cli).mode & 0o111).not.toBe(0);
	});

	it('leaves only the native keyring module outside, besides the optional add-ons of a devtools bridge it never loads', () => {
		const outside = outputs.flatMap(([file, output]) =>
			output.imports.filter(entry => entry.external && !isBuiltin(entry.path)).map(entry => ({file, specifier: entry.path})),
		);
		expect(outside.filter(({specifier}) => specifier === '@napi-rs/keyring').length).toBeGreaterThan(0);
		for (const {file, specifier} of outside.filter(({specifier}) => specifier !== '@napi-rs/keyring')) {
			expect(Object.keys(build.outputs[file]!.inputs), `${specifier} is imported outside the devtools chunk`).toContain('node_modules/ink/build/devtools.js');
		}
	});

	it('bundles React in production mode and resolves the devtools import to nothing', () => {
		expect(inputs).toContain('node_modules/react/cjs/react.production.js');
		expect(inputs).toContain('node_modules/react-reconciler/cjs/react-reconciler.production.js');
		expect(inputs.filter(input => input.endsWith('.development.js'))).toEqual([]);
		expect(inputs.filter(input => input.includes('node_modules/react-devtools-core/'))).toEqual([]);
	});

	it("decodes yoga's inlined wasm itself instead of fetch()ing it, which would load Node's undici before the first frame", () => {
		const [yoga] = outputs.find(([, output]) => Object.keys(output.inputs).some(input => input.endsWith('yoga-wasm-base64-esm.js')))!;
		expect(readFileSync(path.join(root, yoga), 'utf8')).not.toContain('credentials:"same-origin"');
	});
});
