/**
 * `bl-tui auth …`: log in and out of Backlog spaces, list and switch them, check them, hand their
 * secret to scripts. No Ink here; the network client loads only for commands that need it.
 */
import type {Command} from 'commander';
import {defaultConcurrency, mapConcurrent} from '../core/concurrency.js';
import {BlTuiError} from '../core/errors.js';
import {chooseSpace, noSpaceError} from '../core/resolve.js';
import {apiKeyPage, findSpace, normalizeSpace, type NormalizedSpace} from '../core/spaces.js';
import type {SpaceView} from '../core/session-types.js';
import type {SpaceSecret} from '../core/types.js';
import {usageError, type CommandContext} from './context.js';
import {printProfileChecks, printSpaceStatus, spaceStatusJson} from './status-output.js';

type Context = () => Promise<CommandContext>;

export function registerAuthCommands(program: Command, context: Context): void {
	const auth = program.command('auth').description('Log in to Backlog spaces, switch between them, check them');

	auth
		.command('login')
		.description('Log in to a space with an API key (prompted, masked; or read from stdin)')
		.option('--space <space>', 'space key, host or URL, e.g. acme or acme.backlog.jp')
		.option('--domain <domain>', 'domain for a bare space key: backlog.com, backlog.jp or backlogtool.com')
		.option('--with-token', 'read the API key from stdin')
		.addHelpText('after', '\nExamples:\n  bl-tui auth login --space acme\n  echo "$KEY" | bl-tui auth login --space acme.backlog.jp --with-token')
		.action(async (options: {space?: string; domain?: string; withToken?: boolean}, command: Command) => {
			const ctx = await context();
			const space = await askSpace(ctx, spaceOption(options, command), options.domain);
			let apiKey: string;
			if (options.withToken || !ctx.interactive) {
				apiKey = await ctx.readStdin();
			} else {
				ctx.note(`Issue an API key at ${apiKeyPage(space.origin)}`);
				apiKey = await ctx.promptSecret('Paste your API key: ');
			}

			if (apiKey === '') throw usageError('The API key is empty.', `Issue one at ${apiKeyPage(space.origin)} and pass it on stdin or at the prompt.`);
			if (/\s/.test(apiKey)) throw usageError('The API key contains spaces or line breaks.', 'Paste only the key itself.');
			await loginWith(ctx, space, {type: 'api-key', apiKey});
		});

	auth
		.command('login-oauth')
		.description('Log in to a space with OAuth 2.0 in your browser')
		.option('--space <space>', 'space key, host or URL')
		.option('--domain <domain>', 'domain for a bare space key')
		.option('--client-id <id>', 'the OAuth application client id (or BL_OAUTH_CLIENT_ID)')
		.option('--port <port>', 'loopback port of the redirect URI', '54321')
		.option('--no-browser', 'print the URL instead of opening a browser')
		.option('--timeout <seconds>', 'how long to wait for the browser', '300')
		.addHelpText(
			'after',
			'\nRegister the application in Backlog (Personal settings → Applications … or the developer page) as a\nConfidential client with redirect URI http://127.0.0.1:<port>/callback (54321 unless --port).',
		)
		.action(async (options: {space?: string; domain?: string; clientId?: string; port: string; browser: boolean; timeout: string}, command: Command) => {
			const ctx = await context();
			const port = Number(options.port);
			if (!Number.isInteger(port) || port < 1 || port > 65_535) throw usageError(`--port must be a port number, not "${options.port}".`);
			const timeoutSeconds = Number(options.timeout);
			if (!(timeoutSeconds > 0)) throw usageError(`--timeout must be a number of seconds, not "${options.timeout}".`);
			const space = await askSpace(ctx, spaceOption(options, command), options.domain);
			const clientId = options.clientId ?? ctx.env.BL_OAUTH_CLIENT_ID?.trim() ?? (ctx.interactive ? await ctx.prompt('Client ID: ') : '');
			if (!clientId) throw usageError('No OAuth client id.', 'Pass --client-id or set BL_OAUTH_CLIENT_ID.');
			const clientSecret = ctx.env.BL_OAUTH_CLIENT_SECRET?.trim() ?? (ctx.interactive ? await ctx.promptSecret('Client secret: ') : '');
			if (!clientSecret) throw usageError('No OAuth client secret.', 'Set BL_OAUTH_CLIENT_SECRET, or run in a terminal to be asked.');
			const session = await ctx.session();
			const cancel = new AbortController();
			const onSignal = () => cancel.abort();
			process.once('SIGINT', onSignal);
			try {
				const view = await session.loginOAuth({
					space,
					clientId,
					clientSecret,
					port,
					openBrowser: options.browser,
					timeoutMs: timeoutSeconds * 1000,
					signal: cancel.signal,
					onAuthorizeUrl(url, redirectUri) {
						ctx.note(`Redirect URI (must match the application registered in Backlog): ${redirectUri}`);
						ctx.note(options.browser ? `Opening your browser. If it does not open, visit:\n  ${url}` : `Open this URL in your browser:\n  ${url}`);
						ctx.note('Waiting for the browser… (Ctrl+C to cancel)');
					},
				});
				printLoggedIn(ctx, view);
			} finally {
				process.off('SIGINT', onSignal);
			}
		});

	auth
		.command('list')
		.description('List logged-in spaces; * marks the current one')
		.option('--json', 'machine-readable output')
		.action(async (options: {json?: boolean}) => {
			const ctx = await context();
			const data = ctx.store.read();
			const chosen = chooseSpace(data, ctx.env, ctx.options.space);
			const spaces = Object.values(data.spaces);
			if (chosen?.fromEnvironment) spaces.unshift(chosen.record);
			const rows = spaces.map(space => ({
				spaceKey: space.spaceKey,
				origin: space.origin,
				host: space.host,
				name: space.name ?? null,
				authMethod: space.authMethod,
				current: space.origin === (chosen?.record.origin ?? data.currentSpace),
				user: space.user ? {userId: space.user.userId, name: space.user.name} : null,
				fromEnvironment: chosen?.fromEnvironment === true && chosen.record.origin === space.origin,
			}));
			if (options.json || ctx.json) {
				ctx.printJson(rows);
				return;
			}

			if (rows.length === 0) {
				ctx.note('No space is logged in. Log in with: bl-tui auth login --space <space>');
				return;
			}

			const width = Math.max(...rows.map(row => row.spaceKey.length));
			for (const row of rows) {
				const who = row.user ? `  ${row.user.name} (${row.user.userId})` : '';
				const method = row.authMethod === 'oauth' ? 'OAuth 2.0' : 'API key';
				ctx.print(`${row.current ? '*' : ' '} ${row.spaceKey.padEnd(width)}  ${row.origin}  ${method}${who}${row.fromEnvironment ? '  (environment)' : ''}`);
			}
		});

	auth
		.command('use')
		.description('Make a space the current one')
		.argument('<space>', 'space key, host or origin')
		.action(async (reference: string) => {
			const ctx = await context();
			const space = await ctx.store.update(data => {
				const found = findSpace(reference, Object.values(data.spaces));
				if (!found) throw unknownSpace(reference, Object.values(data.spaces).map(space => space.spaceKey));
				data.currentSpace = found.origin;
				return found;
			});
			if (ctx.json) ctx.printJson({current: space.origin, spaceKey: space.spaceKey});
			else ctx.print(`✓ Current space: ${space.spaceKey} (${space.origin})`);
		});

	auth
		.command('status')
		.description('Check credentials against the API; exit 1 when any check fails')
		.option('--all', 'every space, and every Atlassian profile')
		.option('--json', 'machine-readable output')
		.action(async (options: {all?: boolean; json?: boolean}, command: Command) => {
			const ctx = await context();
			const json = options.json === true || ctx.json;
			const session = await ctx.session();
			const reference = spaceOption({}, command);
			let spaces: SpaceView[];
			if (options.all) {
				spaces = await session.listSpaces();
			} else {
				const one = await session.resolveSpace(reference);
				if (!one) throw noSpaceError(ctx.store.read());
				spaces = [one];
			}

			const checks = await mapConcurrent(spaces, defaultConcurrency, async space => session.verifySpace(space.origin));
			const profiles = options.all ? await session.listProfiles() : [];
			const profileChecks = await Promise.all(profiles.map(async profile => session.verifyProfile(profile.name).catch(error => [{ok: false as const, profile: profile.name, product: 'jira' as const, error: error as BlTuiError}])));
			const failed = checks.some(check => !check.ok) || profileChecks.flat().some(check => !check.ok);
			if (json) {
				ctx.printJson({
					spaces: spaces.map((space, index) => spaceStatusJson(space, checks[index])),
					...(options.all ? {profiles: profiles.map((profile, index) => ({name: profile.name, baseUrl: profile.baseUrl, default: profile.isDefault, checks: profileChecks[index]}))} : {}),
				});
			} else {
				if (spaces.length === 0 && profiles.length === 0) ctx.note('Nothing is logged in. Log in with: bl-tui auth login --space <space>');
				for (const [index, space] of spaces.entries()) printSpaceStatus(ctx, space, checks[index]);
				for (const [index, profile] of profiles.entries()) printProfileChecks(ctx, profile, profileChecks[index]);
			}

			if (failed) process.exitCode = 1;
		});

	auth
		.command('token')
		.description('Print the secret of a space (API key, or a fresh OAuth access token), for pipes')
		.option('--space <space>', 'space key, host or origin')
		.action(async (options: {space?: string}, command: Command) => {
			const ctx = await context();
			const {session, space} = await chosenSpace(ctx, spaceOption(options, command));
			const {secret} = await session.secretFor(space.origin);
			ctx.stdout.write(`${secret.type === 'api-key' ? secret.apiKey : secret.accessToken}\n`);
		});

	auth
		.command('refresh')
		.description('Refresh the OAuth access token of a space now')
		.option('--space <space>', 'space key, host or origin')
		.action(async (options: {space?: string}, command: Command) => {
			const ctx = await context();
			const {session, space} = await chosenSpace(ctx, spaceOption(options, command));
			const {expiresAt} = await session.refreshOAuth(space.origin, {force: true});
			if (ctx.json) ctx.printJson({origin: space.origin, expiresAt: new Date(expiresAt).toISOString()});
			else ctx.print(`✓ Refreshed ${space.host}: the access token is good until ${new Date(expiresAt).toLocaleTimeString()}`);
		});

	auth
		.command('logout')
		.description('Log out of a space (the current one unless named); --all removes every file bl-tui wrote')
		.argument('[space]', 'space key, host or origin')
		.option('--all', 'every space and profile, and every file bl-tui wrote')
		.action(async (reference: string | undefined, options: {all?: boolean}, command: Command) => {
			const ctx = await context();
			const session = await ctx.session();
			if (options.all) {
				await session.logoutAll();
				ctx.print(`✓ Logged out of everything and removed bl-tui's files from ${ctx.store.configDir}`);
				return;
			}

			const data = ctx.store.read();
			const named = reference ?? spaceOption({}, command);
			const space = named ? findSpace(named, Object.values(data.spaces)) : data.currentSpace ? data.spaces[data.currentSpace] : undefined;
			if (!space) {
				if (named) throw unknownSpace(named, Object.values(data.spaces).map(space => space.spaceKey));
				throw noSpaceError(data);
			}

			await session.logoutSpace(space.origin);
			ctx.print(`✓ Logged out of ${space.spaceKey} (${space.origin})`);
		});
}

/** `--space` may be given to the subcommand or globally. */
function spaceOption(options: {space?: string}, command: Command): string | undefined {
	return options.space ?? command.optsWithGlobals<{space?: string}>().space;
}

/** The space a command acts on, by the precedence of DESIGN §3, or the error that says how to choose one. */
async function chosenSpace(ctx: CommandContext, reference: string | undefined): Promise<{session: Awaited<ReturnType<CommandContext['session']>>; space: SpaceView}> {
	const session = await ctx.session();
	const space = await session.resolveSpace(reference);
	if (!space) throw noSpaceError(ctx.store.read());
	return {session, space};
}

async function askSpace(ctx: CommandContext, given: string | undefined, domain?: string): Promise<NormalizedSpace> {
	const typed = given ?? ctx.env.BL_SPACE ?? ctx.env.BACKLOG_DOMAIN ?? (ctx.interactive ? await ctx.prompt('Space (e.g. acme or acme.backlog.jp): ') : undefined);
	if (!typed) throw usageError('No space given.', 'Pass --space, e.g. bl-tui auth login --space acme.');
	return normalizeSpace(typed, {domain});
}

async function loginWith(ctx: CommandContext, space: NormalizedSpace, secret: SpaceSecret): Promise<void> {
	const session = await ctx.session();
	ctx.note(`Verifying with ${space.host}…`);
	const check = await session.verifyCandidate(space, secret);
	if (!check.ok) throw check.error;
	const view = await session.saveSpace(space, secret, check);
	printLoggedIn(ctx, view);
	for (const warning of check.warnings) ctx.note(`! ${warning.message}`);
}

function printLoggedIn(ctx: CommandContext, view: SpaceView): void {
	if (ctx.json) {
		ctx.printJson({origin: view.origin, spaceKey: view.spaceKey, user: view.user, storedIn: view.storedIn, current: true});
		return;
	}

	const who = view.user ? ` as ${view.user.name} (${view.user.userId})` : '';
	ctx.print(`✓ Logged in to ${view.host}${who}`);
	ctx.print(`✓ Current space is now ${view.spaceKey}; secret stored in: ${view.storedIn}`);
}

function unknownSpace(reference: string, keys: string[]): BlTuiError {
	return new BlTuiError('not-configured', `No logged-in space matches "${reference}".`, {
		hint: keys.length === 0 ? 'Log in with bl-tui auth login --space <space>.' : `Spaces: ${keys.join(', ')}. See bl-tui auth list.`,
	});
}
