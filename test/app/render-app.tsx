/**
 * Renders the whole app on ink-testing-library with a fake session, and waits for frames
 * instead of sleeping.
 */
import {render} from 'ink-testing-library';
import {App} from '../../source/app/app.js';
import {initialState, type AppState} from '../../source/app/state/state.js';
import {colourTheme, type Theme} from '../../source/app/theme.js';
import type {FakeSession} from '../helpers/fake-session.js';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	home: '\u001B[H',
	end: '\u001B[F',
	ctrlC: '\u0003',
	ctrlU: '\u0015',
} as const;

// eslint-disable-next-line no-control-regex
const ansi = /\u001B\[[\d;?]*[A-Za-z]|\u001B\][^\u0007]*\u0007/g;

export function stripAnsi(text: string): string {
	return text.replace(ansi, '');
}

/** Polls until `check` passes or the deadline, then fails with the last frame in the message. */
export async function waitFor<T>(check: () => T | undefined | false, describe: () => string, timeoutMs = 5000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = check();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(describe());
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

/** Waits until the (ANSI-stripped) last frame contains `text`, or matches it. */
export async function waitForFrame(lastFrame: () => string | undefined, text: string | RegExp, timeoutMs = 5000): Promise<string> {
	return waitFor(
		() => {
			const frame = stripAnsi(lastFrame() ?? '');
			return (typeof text === 'string' ? frame.includes(text) : text.test(frame)) ? frame : undefined;
		},
		() => `frame never showed ${String(text)}; last frame:\n${stripAnsi(lastFrame() ?? '')}`,
		timeoutMs,
	);
}

type Options = {state?: Partial<AppState>; theme?: Theme; size?: {columns: number; rows: number}};

export async function renderApp(session: FakeSession, options: Options = {}) {
	const exits: number[] = [];
	const initial = {...initialState(session.storage(), {setup: await session.isFirstRun()}), ...options.state};
	const instance = render(<App session={session} initial={initial} theme={options.theme ?? colourTheme} onExit={code => exits.push(code)} />);
	const size = options.size ?? {columns: 100, rows: 30};
	resize(instance.stdout, size.columns, size.rows);
	// Ink reads keys once its stdin listener is attached; wait for that rather than a tick
	await waitFor(
		() => instance.stdin.listenerCount('readable') > 0,
		() => 'the app never started reading keys',
	);
	const frame = () => stripAnsi(instance.lastFrame() ?? '');
	return {
		...instance,
		exits,
		frame,
		waitForFrame: async (text: string | RegExp, timeoutMs?: number) => waitForFrame(instance.lastFrame, text, timeoutMs),
		waitForGone: async (text: string) =>
			waitFor(
				() => !frame().includes(text),
				() => `frame still shows ${text}:\n${frame()}`,
			),
		waitFor: async (check: () => boolean) => waitFor(check, () => `condition never held; last frame:\n${frame()}`),
		press(...sequence: string[]) {
			for (const key of sequence) instance.stdin.write(key);
		},
		resize: (columns: number, rows: number) => resize(instance.stdout, columns, rows),
	};
}

function resize(stdout: NodeJS.EventEmitter, columns: number, rows: number) {
	Object.defineProperty(stdout, 'columns', {value: columns, configurable: true});
	Object.defineProperty(stdout, 'rows', {value: rows, configurable: true});
	stdout.emit('resize');
}
