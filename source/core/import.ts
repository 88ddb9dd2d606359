/**
 * Credentials a new user already has elsewhere, for first-time setup to offer: the environment,
 * and the spaces of the `bl` CLI (its config.toml, its keyring service `bl` with the space key as
 * account, and its credentials.toml fallback). Nothing here is saved; the app verifies first.
 */
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {envApiKey} from './resolve.js';
import type {ImportCandidate} from './session-types.js';
import {normalizeSpace, type NormalizedSpace} from './spaces.js';

export type ImportOptions = {
	home?: string;
	/** The `bl` CLI's keyring service; tests use their own. */
	blKeyringService?: string;
};

export async function findImportCandidates(env: NodeJS.ProcessEnv, options: ImportOptions = {}): Promise<ImportCandidate[]> {
	const candidates: ImportCandidate[] = [];
	const add = (source: string, spaceInput: string | undefined, apiKey: string | undefined) => {
		if (!spaceInput?.trim() || !apiKey?.trim()) return;
		const space = tryNormalize(spaceInput);
		if (!space || candidates.some(candidate => candidate.space.origin === space.origin)) return;
		candidates.push({source, space, secret: {type: 'api-key', apiKey: apiKey.trim()}});
	};

	add('environment (BACKLOG_DOMAIN, BACKLOG_API_KEY)', env.BACKLOG_DOMAIN, env.BACKLOG_API_KEY);
	add('environment (BL_SPACE, BL_API_KEY)', env.BL_SPACE, envApiKey(env)?.apiKey);

	const blDirectory = path.join(env.XDG_CONFIG_HOME ?? path.join(options.home ?? homedir(), '.config'), 'bl');
	const spaces = blSpaces(await readToml(path.join(blDirectory, 'config.toml')));
	const fallback = await readToml(path.join(blDirectory, 'credentials.toml'));
	for (const {key, host} of spaces) {
		const fromKeyring = await readKeyring(options.blKeyringService ?? 'bl', key);
		if (fromKeyring) add('bl CLI (system keyring)', host, fromKeyring);
		else add('bl CLI (credentials.toml)', host, apiKeyIn(fallback, key));
	}

	return candidates;
}

type Table = Record<string, unknown>;

async function readToml(file: string): Promise<Table | undefined> {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}

	try {
		const {parse} = await import('smol-toml');
		return parse(text) as Table;
	} catch {
		// a broken file of another tool is simply not offered
		return undefined;
	}
}

/** Spaces in the `bl` CLI's config: tables that carry a host (or domain), named by their space key. */
function blSpaces(config: Table | undefined): Array<{key: string; host: string}> {
	if (!config) return [];
	const found: Array<{key: string; host: string}> = [];
	const visit = (table: Table, name: string) => {
		const host = stringIn(table, ['host', 'domain', 'hostname', 'space_domain']);
		if (host) {
			const key = stringIn(table, ['space_key', 'spaceKey', 'space', 'key']) ?? (name || host.split('.')[0]);
			found.push({key, host});
			return;
		}

		for (const [childName, child] of Object.entries(table)) {
			if (child && typeof child === 'object' && !Array.isArray(child)) visit(child as Table, childName);
			if (Array.isArray(child)) for (const item of child) if (item && typeof item === 'object') visit(item as Table, childName);
		}
	};

	visit(config, '');
	return found;
}

function apiKeyIn(credentials: Table | undefined, key: string): string | undefined {
	if (!credentials) return undefined;
	const tables = [credentials[key], (credentials.credentials as Table | undefined)?.[key], (credentials.spaces as Table | undefined)?.[key]];
	for (const table of tables) {
		if (typeof table === 'string') return table;
		if (table && typeof table === 'object') {
			const apiKey = stringIn(table as Table, ['api_key', 'apiKey', 'token']);
			if (apiKey) return apiKey;
		}
	}

	return undefined;
}

function stringIn(table: Table, names: string[]): string | undefined {
	for (const name of names) {
		const value = table[name];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}

	return undefined;
}

async function readKeyring(service: string, account: string): Promise<string | undefined> {
	try {
		const {AsyncEntry} = await import('@napi-rs/keyring');
		const value = await new AsyncEntry(service, account).getPassword(AbortSignal.timeout(3000));
		if (!value) return undefined;
		try {
			const parsed = JSON.parse(value) as Record<string, unknown>;
			return typeof parsed === 'object' && parsed ? stringIn(parsed, ['api_key', 'apiKey', 'token']) : undefined;
		} catch {
			return value;
		}
	} catch {
		return undefined;
	}
}

function tryNormalize(input: string): NormalizedSpace | undefined {
	try {
		return normalizeSpace(input);
	} catch {
		return undefined;
	}
}
