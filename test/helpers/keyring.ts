/**
 * Whether the real Secret Service answers here, for tests that need it: they skip without it,
 * or fail when BL_TUI_REQUIRE_REAL=1 (CI), so a missing keyring is never mistaken for a pass.
 */
import {KeyringBackend} from '../../source/core/store/secrets.js';

/** A service of this test process's own: the user's `bl-tui` entries are never touched. */
export const keyringTestService = `bl-tui-test-${process.pid}`;

export const noKeyringReason = 'no Secret Service on D-Bus: run under dbus-run-session with gnome-keyring unlocked';

let probe: Promise<boolean> | undefined;

export async function hasKeyring(): Promise<boolean> {
	probe ??= new KeyringBackend(keyringTestService).available();
	return probe;
}

/** Call first in a test that needs the keyring, with the test context's `skip`. */
export async function needKeyring(skip: (note: string) => never): Promise<void> {
	if (await hasKeyring()) return;
	if (process.env.BL_TUI_REQUIRE_REAL === '1') throw new Error(noKeyringReason);
	skip(noKeyringReason);
}
