#!/usr/bin/env node
/**
 * argv → a command or the full-screen app. The only place that reads process.argv and the only
 * owner of how the process exits. Ink and React load only on the app path.
 */
import process from 'node:process';
import {Command, Option} from 'commander';
import {printError, promptSecret, prompt, readAll, type CommandContext, type GlobalOptions} from './commands/context.js';
import {resolveConfigDir} from './core/paths.js';
import {parseStorageKind, Store} from './core/store/store.js';
import type {Http} from './core/clients/http.js';
import type {RealSession} from './core/session.js';
import {version} from './version.js';

export const exitCodes = {ok: 0, failed: 1, usage: 2, cancelled: 130} as const;

type Register = (program: Command, context: () => Promise<CommandContext>) => void;

// each group is parsed only when argv names it: the app and every command start without the others
const groups: Record<string, () => Promise<Register>> = {
	auth: async () => (await import('./commands/auth.js')).registerAuthCommands,
	atlassian: async () => (await import('./commands/atlassian.js')).registerAtlassianCommands,
	env: async () => (await import('./commands/env.js')).registerEnvCommand,
	doctor: async () => (await import('./commands/doctor.js')).registerDoctorCommand,
};

const globalOptionsWithValue = new Set(['--space', '--profile', '--config-dir', '--storage']);

/** The command groups argv needs: the one it names, none for the app, all for help or a typo. */
function groupsFor(args: readonly string[]): string[] {
	let operand: string | undefined;
	for (let index = 0; index < args.length; index++) {
		const word = args[index];
		if (globalOptionsWithValue.has(word)) index++;
		else if (!word.startsWith('-')) {
			operand = word;
			break;
		}
	}

	if (operand !== undefined && operand in groups) return [operand];
	if (operand === undefined && !args.some(word => word === '-h' || word === '--help')) return [];
	return Object.keys(groups);
}

function makeContext(program: Command, io = {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env}): () => Promise<CommandContext> {
	let context: CommandContext | undefined;
	return async () => {
		if (context) return context;
		const options = program.opts<GlobalOptions>();
		const color = options.color !== false && !io.env.NO_COLOR && io.stderr.isTTY === true;
		const note = (text: string) => io.stderr.write(`${text}\n`);
		const store = new Store({
			configDir: resolveConfigDir(options.configDir, io.env),
			storage: parseStorageKind(options.storage, '--storage') ?? parseStorageKind(io.env.BL_TUI_STORAGE, 'BL_TUI_STORAGE'),
			keyringService: io.env.BL_TUI_KEYRING_SERVICE,
			onNotice: note,
		});
		let http: Promise<Http> | undefined;
		let session: Promise<RealSession> | undefined;
		const makeHttp = async () => {
			const {Http} = await import('./core/clients/http.js');
			return new Http({trace: options.debug ? line => io.stderr.write(`[debug] ${line}\n`) : undefined});
		};

		context = {
			store,
			env: io.env,
			stdin: io.stdin,
			stdout: io.stdout,
			stderr: io.stderr,
			json: options.json === true,
			debug: options.debug === true,
			color,
			interactive: io.stdin.isTTY === true && io.stderr.isTTY === true,
			options,
			http: async () => (http ??= makeHttp()),
			session: async () =>
				(session ??= (async () => {
					const {createSession} = await import('./core/session.js');
					return createSession({store, env: io.env, space: options.space, http: await context!.http(), blKeyringService: io.env.BL_TUI_BL_KEYRING_SERVICE});
				})()),
			prompt: async label => prompt(label, io.stdin, io.stderr),
			promptSecret: async label => promptSecret(label, io.stdin, io.stderr),
			readStdin: async () => readAll(io.stdin),
			print: (text = '') => io.stdout.write(`${text}\n`),
			printJson: value => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
			note,
			close: async () => {
				if (session) await (await session).close();
				else if (http) await (await http).close();
			},
		};
		return context;
	};
}

async function buildProgram(args: readonly string[]): Promise<{program: Command; context: () => Promise<CommandContext>}> {
	const program = new Command('bl-tui');
	const context = makeContext(program);
	program
		.description('Keep Backlog and Atlassian credentials in one place: a full-screen app, and commands for scripts and CI.')
		.version(version, '-v, --version')
		.option('--space <space>', 'the Backlog space to act on (key, host or origin)')
		.option('--profile <name>', 'the Atlassian profile to act on')
		.option('--config-dir <dir>', 'where config.json and the encrypted file live')
		.addOption(new Option('--storage <backend>', 'where secrets go: keyring or file').choices(['keyring', 'file']))
		.option('--json', 'machine-readable output')
		.option('--debug', 'trace HTTP requests on stderr (secrets redacted)')
		.option('--no-color', 'no colours')
		.option('--demo', 'open the app against a built-in sandbox server and a temporary config')
		.showHelpAfterError()
		.enablePositionalOptions(false)
		.addHelpText(
			'after',
			`
Exit codes: 0 success, 1 a check or request failed, 2 wrong usage or no terminal for the app, 130 cancelled.
Environment: BL_SPACE, BL_API_KEY / BACKLOG_API_KEY, BACKLOG_DOMAIN, BL_OAUTH_CLIENT_ID, BL_OAUTH_CLIENT_SECRET,
  ATLASSIAN_API_TOKEN, ATLASSIAN_CLI_TOKEN_<PROFILE>, BITBUCKET_TOKEN, BL_TUI_CONFIG_DIR, BL_TUI_STORAGE, NO_COLOR.`,
		)
		.action(async (options: GlobalOptions & {demo?: boolean}) => {
			const {startApp} = await import('./app-entry.js');
			process.exitCode = await startApp({context: await context(), demo: options.demo === true});
		});

	program.configureOutput({outputError: (text, write) => write(text)});
	program.exitOverride();
	for (const name of groupsFor(args)) (await groups[name]())(program, context);
	return {program, context};
}

async function main(argv = process.argv): Promise<void> {
	const {program, context} = await buildProgram(argv.slice(2));
	try {
		await program.parseAsync(argv);
	} catch (error) {
		await reportFailure(error, context);
	} finally {
		// the keep-alive agent would otherwise hold the process open
		await context()
			.then(async made => made.close())
			.catch(() => {});
	}
}

async function reportFailure(error: unknown, context: () => Promise<CommandContext>): Promise<void> {
	{
		const code = (error as {code?: string}).code;
		if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') {
			process.exitCode = exitCodes.ok;
			return;
		}

		if (typeof code === 'string' && code.startsWith('commander.')) {
			process.exitCode = exitCodes.usage;
			return;
		}

		const ctx = await context().catch(() => undefined);
		printError(ctx ?? {stderr: process.stderr, json: false, color: false}, error);
		process.exitCode = (error as {code?: string}).code === 'cancelled' ? exitCodes.cancelled : (error as {code?: string}).code === 'invalid-input' ? exitCodes.usage : exitCodes.failed;
	}
}

await main();
