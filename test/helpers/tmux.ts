/**
 * Driving the real binary in a real terminal: tmux on a private socket, keys sent as a user
 * would type or paste them, the screen read back with capture-pane, waits with deadlines.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';

export function hasTmux(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

/** Why tmux tests cannot run here, or undefined when they can (BL_TUI_REQUIRE_REAL=1 turns a skip into a failure). */
export function tmuxSkipReason(): string | undefined {
	if (hasTmux() || process.env.BL_TUI_REQUIRE_REAL === '1') return undefined;
	return 'tmux is not installed (set BL_TUI_REQUIRE_REAL=1 to fail instead of skipping)';
}

function quote(word: string): string {
	return `'${word.replaceAll("'", "'\\''")}'`;
}

// the app sees the terminal's environment (CI included: the app must cope with it), less the user's own settings
function terminalEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (name === 'TMUX' || name === 'NO_COLOR' || name === 'FORCE_COLOR') continue;
		// nothing of the user's own spaces, profiles or config reaches the app under test
		if (/^(BL_|BACKLOG_|ATLASSIAN_|BITBUCKET_)/.test(name) || name === 'XDG_CONFIG_HOME') continue;
		env[name] = value;
	}

	return {...env, TERM: 'xterm-256color', ...extra};
}

export type TmuxOptions = {columns?: number; rows?: number; env?: Record<string, string>; cwd?: string};

export class Tmux {
	/** Starts `command` in a detached terminal; when it ends, `[exit N]` is printed and the pane stays. */
	static start(command: string[], options: TmuxOptions = {}): Tmux {
		const tmux = new Tmux(`bl-tui-test-${process.pid}-${randomBytes(4).toString('hex')}`, terminalEnv(options.env ?? {}));
		const line = `${command.map(word => quote(word)).join(' ')}; echo "[exit $?]"; sleep 3600`;
		tmux.run(['-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', String(options.columns ?? 100), '-y', String(options.rows ?? 30), ...(options.cwd ? ['-c', options.cwd] : []), line]);
		return tmux;
	}

	private constructor(
		readonly socket: string,
		private readonly env: NodeJS.ProcessEnv,
	) {}

	/** Named keys as tmux knows them: `Down`, `Enter`, `Escape`, `Tab`, `C-c`, `C-u`, `BSpace`. */
	sendKeys(...keys: string[]) {
		this.run(['send-keys', '-t', 'main', ...keys]);
	}

	/** Text typed literally, character by character as far as the app can tell. */
	type(text: string) {
		this.run(['send-keys', '-t', 'main', '-l', text]);
	}

	/** A paste: bracketed (ESC[200~ … ESC[201~) when the app asked for it, as terminals do. */
	paste(text: string) {
		this.run(['set-buffer', '-b', 'paste', text]);
		this.run(['paste-buffer', '-p', '-d', '-b', 'paste', '-t', 'main']);
	}

	/** The screen as the user sees it now. */
	capture(): string {
		return this.run(['capture-pane', '-p', '-t', 'main']);
	}

	/** Whether the app switched the terminal to the alternate screen. */
	alternateOn(): boolean {
		return this.run(['display-message', '-p', '-t', 'main', '#{alternate_on}']).trim() === '1';
	}

	resize(columns: number, rows: number) {
		this.run(['resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows)]);
	}

	/** Waits for the screen to show `text` (or match it); fails with the screen in the message. */
	async waitForText(text: string | RegExp, timeoutMs = 10_000): Promise<string> {
		return this.waitUntil(screen => (typeof text === 'string' ? screen.includes(text) : text.test(screen)), `the screen to show ${String(text)}`, timeoutMs);
	}

	async waitForGone(text: string, timeoutMs = 10_000): Promise<string> {
		return this.waitUntil(screen => !screen.includes(text), `${text} to go away`, timeoutMs);
	}

	/** Waits for the command to end and returns its exit status. */
	async waitForExit(timeoutMs = 10_000): Promise<number> {
		const screen = await this.waitForText(/\[exit \d+\]/, timeoutMs);
		return Number(/\[exit (\d+)\]/.exec(screen)![1]);
	}

	async waitUntil(check: (screen: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		for (;;) {
			screen = this.capture();
			if (check(screen)) return screen;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	}

	kill() {
		spawnSync('tmux', ['-L', this.socket, 'kill-server'], {stdio: 'ignore'});
	}

	private run(args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {env: this.env, encoding: 'utf8'});
	}
}
