/**
 * A separate process that refreshes one space's OAuth token through a file slot, for racing
 * against another. Bundled by the test; usage: node refresher.mjs <slot> <origin> <before|on-401>.
 * Prints "ready", waits for "go" on stdin, then prints the access token it ended with as JSON.
 */
import {createInterface} from 'node:readline';
import {BacklogClient} from '../../source/core/clients/backlog.js';
import {Http} from '../../source/core/clients/http.js';
import {ensureFresh, withTokenRetry} from '../../source/core/oauth/refresh.js';
import {fileSlot} from './file-slot.js';

const [slotPath = '', origin = '', mode = 'before'] = process.argv.slice(2);
const slot = fileSlot(slotPath);
const http = new Http();

const lines = createInterface({input: process.stdin});
process.stdout.write('ready\n');
for await (const line of lines) if (line === 'go') break;
lines.close();

try {
	if (mode === 'on-401') {
		const check = await withTokenRetry(slot, http, origin, async accessToken => new BacklogClient(http, origin, {type: 'bearer', accessToken}).verify());
		const secret = await slot.read();
		process.stdout.write(`${JSON.stringify({ok: check.ok, accessToken: secret?.accessToken})}\n`);
	} else {
		const secret = await ensureFresh(slot, http, origin);
		process.stdout.write(`${JSON.stringify({ok: true, accessToken: secret.accessToken})}\n`);
	}
} catch (error) {
	process.stdout.write(`${JSON.stringify({ok: false, error: String(error)})}\n`);
} finally {
	await http.close();
}
