/**
 * The one owner of the full-screen app's life: it enters the alternate screen, renders, and on
 * every way out (q, Ctrl+C, a crash, SIGTERM, SIGHUP) restores the terminal and names the exit code.
 */
import {render} from 'ink';
import type {Session} from '../core/session-types.js';
import {App} from './app.js';
import {initialState} from './state/state.js';
import {themeFor} from './theme.js';

export type RunAppOptions = {
	session: Session;
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	stderr?: NodeJS.WriteStream;
	env?: NodeJS.ProcessEnv;
	demo?: boolean;
	/** `--no-color`. */
	noColor?: boolean;
};

import {noTerminalMessage} from './messages.js';

export {noTerminalMessage};

// alternate screen on; bracketed paste on, so a pasted key arrives marked and whole
const enter = '\u001B[?1049h\u001B[?2004h';
// bracketed paste off, cursor shown, alternate screen off
const leave = '\u001B[?2004l\u001B[?25h\u001B[?1049l';

const signalCodes = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129} as const;

export async function runApp(options: RunAppOptions): Promise<number> {
	const stdin = options.stdin ?? process.stdin;
	const stdout = options.stdout ?? process.stdout;
	const stderr = options.stderr ?? process.stderr;
	const env = options.env ?? process.env;
	if (!stdin.isTTY || !stdout.isTTY) {
		stderr.write(`${noTerminalMessage}\n`);
		return 2;
	}

	const {session} = options;
	const storage = session.storage();
	const setup = await session.isFirstRun();
	const initial = initialState(storage, {
		demo: options.demo,
		setup,
		oauthApp: {clientId: env.BL_OAUTH_CLIENT_ID, clientSecret: env.BL_OAUTH_CLIENT_SECRET},
	});
	if (storage.kind === 'file') {
		initial.notice = {tone: 'info', text: `No system keyring answered: secrets are kept encrypted in ${storage.configDir}.`};
	}

	stdout.write(enter);
	return new Promise<number>(resolve => {
		let finished = false;
		let instance: ReturnType<typeof render> | undefined;
		const handlers: Array<[string, (...args: any[]) => void]> = [];
		const finish = (code: number, error?: unknown) => {
			if (finished) return;
			finished = true;
			for (const [event, handler] of handlers) process.off(event, handler);
			try {
				instance?.unmount();
			} catch {}

			stdout.write(leave);
			if (error !== undefined) {
				const shown = error instanceof Error ? (error.stack ?? error.message) : String(error);
				stderr.write(`bl-tui stopped because of an unexpected error:\n${shown}\n`);
			}

			resolve(code);
		};

		for (const [signal, code] of Object.entries(signalCodes)) handlers.push([signal, () => finish(code)]);
		handlers.push(['uncaughtException', (error: unknown) => finish(1, error)], ['unhandledRejection', (reason: unknown) => finish(1, reason)]);
		for (const [event, handler] of handlers) process.on(event, handler);

		try {
			// the core never writes to the console, and patching it breaks under test runners
			instance = render(<App session={session} initial={initial} theme={themeFor(env, options.noColor)} onExit={code => finish(code)} />, {
				stdin,
				stdout,
				stderr,
				exitOnCtrlC: false,
				patchConsole: false,
			});
		} catch (error) {
			finish(1, error);
			return;
		}

		instance.waitUntilExit().then(
			() => finish(0),
			(error: unknown) => finish(1, error),
		);
	});
}
