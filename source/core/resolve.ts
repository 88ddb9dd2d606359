/**
 * Which space a command means and where its secret comes from (DESIGN §3):
 * space `--space` > `BL_SPACE` > `BACKLOG_DOMAIN` > current; secret `BL_API_KEY` /
 * `BACKLOG_API_KEY` > stored. Environment alone is enough (CI): no config needed.
 */
import {BlTuiError} from './errors.js';
import {findSpace, normalizeSpace, type NormalizedSpace} from './spaces.js';
import type {ConfigData, SpaceRecord} from './types.js';

export type SpaceChoice = {
	/** The stored record, or one made up from the environment. */
	record: SpaceRecord;
	/** Where the choice came from, for messages. */
	source: '--space' | 'BL_SPACE' | 'BACKLOG_DOMAIN' | 'current';
	/** True when the space is not stored: only the environment names it. */
	fromEnvironment: boolean;
};

export function envApiKey(env: NodeJS.ProcessEnv): {apiKey: string; variable: string} | undefined {
	for (const variable of ['BL_API_KEY', 'BACKLOG_API_KEY']) {
		const apiKey = env[variable]?.trim();
		if (apiKey) return {apiKey, variable};
	}

	return undefined;
}

export function recordFor(space: NormalizedSpace): SpaceRecord {
	return {origin: space.origin, host: space.host, spaceKey: space.spaceKey, authMethod: 'api-key', addedAt: new Date().toISOString()};
}

/** undefined when nothing names a space; throws when a name matches nothing usable. */
export function chooseSpace(data: ConfigData, env: NodeJS.ProcessEnv, flag?: string): SpaceChoice | undefined {
	const spaces = Object.values(data.spaces);
	const named: Array<[SpaceChoice['source'], string | undefined]> = [
		['--space', flag],
		['BL_SPACE', env.BL_SPACE],
		['BACKLOG_DOMAIN', env.BACKLOG_DOMAIN],
	];
	for (const [source, value] of named) {
		if (value === undefined || value.trim() === '') continue;
		const stored = findSpace(value, spaces);
		if (stored) return {record: stored, source, fromEnvironment: false};
		// a space only the environment knows is usable when the environment also gives its key
		const normalized = normalizeSpace(value);
		if (envApiKey(env)) return {record: recordFor(normalized), source, fromEnvironment: true};
		throw new BlTuiError('not-configured', `No space "${value.trim()}" is logged in (from ${source}).`, {
			hint: `Log in with bl-tui auth login --space ${value.trim()}, or see bl-tui auth list.`,
		});
	}

	const current = data.currentSpace ? data.spaces[data.currentSpace] : undefined;
	if (current) return {record: current, source: 'current', fromEnvironment: false};
	return undefined;
}

export function noSpaceError(data: ConfigData): BlTuiError {
	const count = Object.keys(data.spaces).length;
	return new BlTuiError('not-configured', count === 0 ? 'No space is logged in.' : 'No current space is chosen.', {
		hint: count === 0 ? 'Log in with bl-tui auth login --space <space>, or set BL_SPACE and BL_API_KEY.' : 'Choose one with bl-tui auth use <space>, or pass --space.',
	});
}
