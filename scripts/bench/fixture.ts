/**
 * What the bench needs from the test fixtures and the store, bundled by scripts/bench.mjs so a
 * plain `node` can run it: the fake Backlog server, and a config seeded with its spaces.
 */
import {fixtureApiKey, startBacklogServer, type BacklogFixture} from '../../test/fixtures/backlog-server.js';
import {normalizeSpace} from '../../source/core/spaces.js';
import {accounts, Store} from '../../source/core/store/store.js';

export {startBacklogServer};

/** Logs `configDir` in to every space of the fixture, the first one current, secrets in the encrypted file. */
export async function seedConfig(configDir: string, fixture: BacklogFixture, keys: string[]): Promise<void> {
	const store = new Store({configDir, storage: 'file'});
	for (const key of keys) await store.secrets.set(accounts.space(fixture.origin(key)), JSON.stringify({type: 'api-key', apiKey: fixtureApiKey(key)}));
	await store.update(data => {
		for (const key of keys) {
			const space = normalizeSpace(fixture.origin(key));
			data.spaces[space.origin] = {origin: space.origin, host: space.host, spaceKey: key, authMethod: 'api-key', addedAt: new Date().toISOString()};
		}

		data.currentSpace = fixture.origin(keys[0]!);
		data.storage = 'file';
		data.fileBackendNoticeShown = true;
	});
}
