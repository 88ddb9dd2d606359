import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {resolveConfigDir} from '../../source/core/paths.js';

const home = '/home/someone';

describe('resolveConfigDir: --config-dir > BL_TUI_CONFIG_DIR > $XDG_CONFIG_HOME/bl-tui > ~/.config/bl-tui', () => {
	const all = {BL_TUI_CONFIG_DIR: '/env/dir', XDG_CONFIG_HOME: '/xdg'};

	it.each<[string, string | undefined, NodeJS.ProcessEnv, string]>([
		['--config-dir wins over everything', '/flag/dir', all, '/flag/dir'],
		['BL_TUI_CONFIG_DIR wins over XDG', undefined, all, '/env/dir'],
		['XDG_CONFIG_HOME gets a bl-tui folder', undefined, {XDG_CONFIG_HOME: '/xdg'}, '/xdg/bl-tui'],
		['the home folder comes last', undefined, {}, '/home/someone/.config/bl-tui'],
		['an empty flag counts as not given', '', all, '/env/dir'],
		['an empty BL_TUI_CONFIG_DIR counts as not set', undefined, {BL_TUI_CONFIG_DIR: '', XDG_CONFIG_HOME: '/xdg'}, '/xdg/bl-tui'],
		['an empty XDG_CONFIG_HOME counts as not set', undefined, {XDG_CONFIG_HOME: ''}, '/home/someone/.config/bl-tui'],
		['trailing slashes are dropped', '/flag/dir/', {}, '/flag/dir'],
		['dot segments are resolved', '/flag/x/../dir', {}, '/flag/dir'],
	])('%s', (_name, flag, env, expected) => {
		expect(resolveConfigDir(flag, env, home)).toBe(expected);
	});

	it('makes relative paths absolute from the working directory', () => {
		expect(resolveConfigDir('rel/dir', {}, home)).toBe(path.join(process.cwd(), 'rel/dir'));
		expect(resolveConfigDir(undefined, {BL_TUI_CONFIG_DIR: 'rel/env'}, home)).toBe(path.join(process.cwd(), 'rel/env'));
	});

	it('ignores a relative XDG_CONFIG_HOME, as the XDG spec asks', () => {
		expect(resolveConfigDir(undefined, {XDG_CONFIG_HOME: 'rel/xdg'}, home)).toBe('/home/someone/.config/bl-tui');
	});

	it('uses the real home folder when none is given', () => {
		expect(resolveConfigDir(undefined, {})).toMatch(/[/\\]\.config[/\\]bl-tui$/);
	});
});
