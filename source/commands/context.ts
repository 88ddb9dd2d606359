/**
 * What every command gets: the store, a lazily made Session, the streams, and how to talk to the
 * user. Commands set process.exitCode; only cli.ts decides how the process ends.
 */
import {BlTuiError, toBlTuiError} from '../core/errors.js';
import type {RealSession} from '../core/session.js';
import type {Store} from '../core/store/store.js';
import type {Http} from '../core/clients/http.js';
import {prompt, promptSecret, readAll} from './prompt.js';

export type GlobalOptions = {
	space?: string;
	profile?: string;
	configDir?: string;
	storage?: string;
	json?: boolean;
	debug?: boolean;
	color?: boolean;
};

export type CommandContext = {
	store: Store;
	env: NodeJS.ProcessEnv;
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	json: boolean;
	debug: boolean;
	color: boolean;
	/** stdin and stderr are terminals: prompts are allowed. */
	interactive: boolean;
	options: GlobalOptions;
	/** Made on first use: loads the HTTP client only for commands that go to the network. */
	session(): Promise<RealSession>;
	http(): Promise<Http>;
	prompt(label: string): Promise<string>;
	promptSecret(label: string): Promise<string>;
	readStdin(): Promise<string>;
	print(text?: string): void;
	printJson(value: unknown): void;
	/** Notices and progress go to stderr so stdout stays clean for pipes. */
	note(text: string): void;
	close(): Promise<void>;
};

export function printError(context: Pick<CommandContext, 'stderr' | 'json' | 'color'>, error: unknown): void {
	const failure = toBlTuiError(error);
	const red = (text: string) => (context.color ? `\u001B[31m${text}\u001B[39m` : text);
	context.stderr.write(`${red('error:')} ${failure.message}\n`);
	if (failure.hint) context.stderr.write(`hint: ${failure.hint}\n`);
}

export function usageError(message: string, hint?: string): BlTuiError {
	return new BlTuiError('invalid-input', message, {hint});
}

export {prompt, promptSecret, readAll};
