/**
 * What the bench needs from the test fixtures and the store, bundled by scripts/bench.mjs so a
 * plain `node` can run it: the fake Backlog server, and a config seeded with its spaces.
 */
import {fixtureApiKey, startBacklogServer} from '../../test/fixtures/backlog-server.js';
import {normalizeSpace} from '../../source/core/spaces.js';
import {accounts, Store} from '../../source/core/store/store.js';

export {startBacklogServer};

export type SeededSpace = {origin: string; key: string};

/** Logs `configDir` in to every space with the key its fixture accepts, the first one current, secrets in the encrypted file. */
export async function seedConfig(configDir: string, spaces: SeededSpace[]): Promise<void> {
	const store = new Store({configDir, storage: 'file'});
	for (const {origin, key} of spaces) await store.secrets.set(accounts.space(origin), JSON.stringify({type: 'api-key', apiKey: fixtureApiKey(key)}));
	await store.update(data => {
		for (const {origin, key} of spaces) {
			const space = normalizeSpace(origin);
			data.spaces[space.origin] = {origin: space.origin, host: space.host, spaceKey: key, authMethod: 'api-key', addedAt: new Date().toISOString()};
		}

		data.currentSpace = normalizeSpace(spaces[0]!.origin).origin;
		data.storage = 'file';
		data.fileBackendNoticeShown = true;
	});
}
