/**
 * `bl-tui atlassian ...`: named Atlassian profiles (Jira, Confluence, JSM) with optional Bitbucket
 * Cloud credentials, as `atlassian-cli` users know them. A token is saved only after it verified.
 */
import {Option, type Command} from 'commander';
import {apiTokenPage} from '../core/clients/atlassian.js';
import {BlTuiError} from '../core/errors.js';
import {
	envBitbucketTokenFor,
	envTokenFor,
	normalizeBaseUrl,
	resolveProfileName,
	validateProfileName,
} from '../core/profiles.js';
import type {ProfileCandidate, ProfileView} from '../core/session-types.js';
import type {ProfileCheck} from '../core/types.js';
import {printError, usageError, type CommandContext} from './context.js';

type LoginOptions = {
	profile?: string;
	baseUrl?: string;
	email?: string;
	token?: string;
	default?: boolean;
	bitbucket?: boolean;
	bearer?: boolean;
	workspace?: string;
	bitbucketApi?: string;
};

const productNames = {jira: 'Jira', confluence: 'Confluence', bitbucket: 'Bitbucket'} as const;

export function registerAtlassianCommands(program: Command, context: () => Promise<CommandContext>): void {
	// failures are thrown: cli.ts prints them and picks the exit code (2 for wrong usage)
	const run =
		<A extends unknown[]>(fn: (context: CommandContext, ...args: A) => Promise<void>) =>
		async (...args: A) =>
			fn(await context(), ...args);

	const atlassian = program
		.command('atlassian')
		.description('Atlassian profiles: Jira, Confluence and JSM Cloud API tokens, and Bitbucket Cloud tokens')
		.addHelpText(
			'after',
			'\nA profile names one Atlassian account. Tokens go to the system keyring (or an encrypted file), never to config.json.\n' +
				'Environment wins over stored tokens: ATLASSIAN_CLI_TOKEN_<PROFILE> > ATLASSIAN_API_TOKEN, and for Bitbucket\n' +
				'ATLASSIAN_CLI_BITBUCKET_TOKEN_<PROFILE> > ATLASSIAN_BITBUCKET_TOKEN > BITBUCKET_TOKEN (<PROFILE> upper-cased, - as _).',
		);

	atlassian
		.command('login')
		.description('Verify an Atlassian (or Bitbucket) token and save it under a profile')
		.option('--profile <name>', 'profile name: letters, digits, "-" and "_"')
		.option('--base-url <url>', 'your site, e.g. https://acme.atlassian.net (a /wiki address checks Confluence)')
		.option('--email <email>', 'the email of the Atlassian account that owns the token')
		.option('--token <token>', 'the token (lands in shell history: prefer stdin or the prompt)')
		.option('--default', 'make this the default profile (the first profile always is)')
		.option('--bitbucket', 'save Bitbucket Cloud credentials for the profile instead')
		.option('--bearer', 'with --bitbucket: the token is an access token (repository, project or workspace), no email')
		.option('--workspace <slug>', 'with --bitbucket: the workspace the token is for')
		.addOption(new Option('--bitbucket-api <url>', 'Bitbucket API base (tests)').hideHelp())
		.addHelpText(
			'after',
			'\nThe token is read from stdin when piped, else prompted (masked) on a terminal.\n' +
				`Create an Atlassian API token at ${apiTokenPage}\n\n` +
				'Examples:\n' +
				'  printf %s "$TOKEN" | bl-tui atlassian login --profile work --base-url https://acme.atlassian.net --email me@acme.com\n' +
				'  bl-tui atlassian login --profile work --bitbucket --email me@acme.com\n' +
				'  bl-tui atlassian login --profile ci --bitbucket --bearer --workspace acme < token.txt',
		)
		.action(run(async (context, options: LoginOptions) => login(context, options)));

	atlassian
		.command('list')
		.description('List profiles; * marks the default')
		.option('--json', 'print JSON (tokens masked)')
		.action(run(async (context, options: {json?: boolean}) => list(context, options.json === true || context.json)));

	atlassian
		.command('use')
		.description('Make a profile the default')
		.argument('<profile>', 'profile name')
		.action(
			run(async (context, name: string) => {
				const session = await context.session();
				const view = await session.useProfile(validateProfileName(name));
				if (context.json) context.printJson(viewJson(view));
				else context.print(`Default profile is now "${view.name}" (${view.baseUrl || 'Bitbucket only'}).`);
			}),
		);

	atlassian
		.command('test')
		.description('Verify a profile against Atlassian (and Bitbucket); exit 1 when a check fails')
		.option('--profile <name>', 'profile name (default: the default profile)')
		.option('--bitbucket', 'check only the Bitbucket credentials')
		.option('--json', 'print JSON')
		.action(
			run(async (context, options: {profile?: string; bitbucket?: boolean; json?: boolean}) =>
				testProfile(context, options.profile ?? context.options.profile, options.bitbucket === true, options.json === true || context.json),
			),
		);

	atlassian
		.command('logout')
		.description('Forget a profile\'s tokens (the profile stays unless --remove-profile)')
		.option('--profile <name>', 'profile name (default: the default profile)')
		.option('--remove-profile', 'remove the profile itself too')
		.option('--bitbucket', 'forget only the Bitbucket credentials')
		.action(
			run(async (context, options: {profile?: string; removeProfile?: boolean; bitbucket?: boolean}) =>
				logout(context, options.profile ?? context.options.profile, options),
			),
		);
}

async function login(context: CommandContext, options: LoginOptions): Promise<void> {
	if (options.bearer && !options.bitbucket) throw usageError('--bearer needs --bitbucket.', 'An access token is a Bitbucket credential: add --bitbucket.');
	if (options.workspace !== undefined && !options.bitbucket) throw usageError('--workspace needs --bitbucket.', 'A workspace belongs to Bitbucket: add --bitbucket.');
	if (options.bitbucketApi !== undefined && !options.bitbucket) throw usageError('--bitbucket-api needs --bitbucket.');
	if (options.bearer && options.email !== undefined) {
		throw usageError('--email is not used with --bearer.', 'An access token belongs to a repository, project or workspace, not to an account: drop --email.');
	}

	const name = validateProfileName(await value(context, options.profile ?? context.options.profile, '--profile', 'Profile name: '));
	const existing = context.store.read().profiles[name];
	const kind: ProfileCandidate['kind'] = options.bitbucket ? (options.bearer ? 'bitbucket-bearer' : 'bitbucket-basic') : 'atlassian';
	const candidate: ProfileCandidate = {name, kind, token: ''};

	if (kind === 'atlassian') {
		const base = normalizeBaseUrl(await value(context, options.baseUrl, '--base-url', 'Base URL (e.g. https://acme.atlassian.net): '));
		for (const note of base.notes) context.note(note);
		candidate.baseUrl = base.baseUrl + (base.product === 'confluence' ? '/wiki' : '');
	} else if (options.baseUrl !== undefined) {
		candidate.baseUrl = options.baseUrl;
	} else if (existing?.baseUrl) {
		candidate.baseUrl = existing.baseUrl;
	}

	if (kind !== 'bitbucket-bearer') {
		const known = kind === 'bitbucket-basic' ? (existing?.bitbucket?.email ?? existing?.email) : undefined;
		candidate.email = validateEmail(await value(context, options.email ?? (known || undefined), '--email', 'Atlassian account email: '));
	}

	if (options.workspace !== undefined) candidate.workspace = options.workspace.trim();
	if (options.bitbucketApi !== undefined) candidate.bitbucketApi = options.bitbucketApi.replace(/\/+$/, '');
	candidate.token = await readToken(context, options.token, kind);

	const session = await context.session();
	const check = await session.verifyProfileCandidate(candidate);
	if (!check.ok) {
		printError(context, check.error);
		context.note('Nothing was saved.');
		process.exitCode = 1;
		return;
	}

	const view = await session.saveProfile(candidate, {makeDefault: options.default === true});
	if (context.json) {
		context.printJson({profile: viewJson(view), check: checkJson(check)});
	} else {
		context.print(`✓ ${describeCheck(check)}`);
		context.print(`Saved profile "${view.name}"${view.isDefault ? ' (default)' : ''}; token in ${(await context.store.backend()).storedIn}.`);
	}

	const overriding = kind === 'atlassian' ? envTokenFor(name, context.env) : envBitbucketTokenFor(name, context.env);
	if (overriding) context.note(`${overriding.variable} is set and wins over the saved token while it is.`);
}

/** A flag's value, else a prompt on a terminal, else an error naming the flag. */
async function value(context: CommandContext, given: string | undefined, flag: string, label: string): Promise<string> {
	if (given !== undefined && given.trim() !== '') return given.trim();
	if (!context.interactive) throw usageError(`${flag} is required.`, `Pass ${flag}; bl-tui only asks for missing values on a terminal.`);
	const answer = await context.prompt(label);
	if (answer.trim() === '') throw usageError(`${flag} is required.`);
	return answer.trim();
}

function validateEmail(email: string): string {
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
		throw usageError(`"${email}" is not an email address.`, 'Use the email of the Atlassian account that created the token.');
	}

	return email;
}

async function readToken(context: CommandContext, given: string | undefined, kind: ProfileCandidate['kind']): Promise<string> {
	const what = kind === 'bitbucket-bearer' ? 'Bitbucket access token' : 'API token';
	if (given !== undefined) {
		context.note('warning: --token lands in your shell history; pipe the token on stdin instead.');
		if (given.trim() === '') throw usageError('--token is empty.');
		return given.trim();
	}

	if (!context.stdin.isTTY) {
		const piped = await context.readStdin();
		if (piped === '') throw usageError(`No ${what} on stdin.`, 'Pipe the token in (printf %s "$TOKEN" | bl-tui atlassian login ...), or pass --token.');
		return piped;
	}

	if (!context.interactive) throw usageError(`No ${what} given.`, 'Pipe it on stdin, or pass --token.');
	if (kind === 'atlassian') context.note(`Create an API token at ${apiTokenPage}`);
	const token = await context.promptSecret(`${what} (hidden): `);
	if (token === '') throw usageError(`The ${what} is empty.`);
	return token;
}

async function list(context: CommandContext, json: boolean): Promise<void> {
	const session = await context.session();
	const views = await session.listProfiles();
	if (json) {
		context.printJson(views.map(viewJson));
		return;
	}

	if (views.length === 0) {
		context.note('No Atlassian profiles. Add one with bl-tui atlassian login --profile <name> --base-url URL --email E.');
		return;
	}

	for (const view of views) {
		const parts = [
			`${view.isDefault ? '*' : ' '} ${view.name}`,
			view.baseUrl || '(Bitbucket only)',
			view.email,
			view.product === 'confluence' ? 'Confluence' : 'Jira',
			view.maskedToken ? `token ${view.maskedToken} (${view.tokenSource})` : 'no token',
		];
		if (view.bitbucket) {
			const auth = view.bitbucket.auth === 'bearer' ? 'access token' : 'API token';
			const token = view.maskedBitbucketToken ? `${view.maskedBitbucketToken} (${view.bitbucketTokenSource})` : 'missing';
			parts.push(`Bitbucket ${auth} ${token}${view.bitbucket.workspace ? ` workspace ${view.bitbucket.workspace}` : ''}`);
		}

		context.print(parts.filter(Boolean).join('  '));
	}
}

async function testProfile(context: CommandContext, requested: string | undefined, bitbucket: boolean, json: boolean): Promise<void> {
	const session = await context.session();
	const name = resolveProfileName(context.store.read(), requested);
	const checks = await session.verifyProfile(name, bitbucket ? {bitbucket: true} : {});
	if (json) context.printJson(checks.map(checkJson));
	for (const check of checks) {
		if (json) break;
		if (check.ok) {
			context.print(`✓ ${describeCheck(check)}`);
		} else {
			context.print(`✗ ${productNames[check.product]} (profile "${check.profile}"): ${check.error.word}`);
			printError(context, check.error);
		}
	}

	if (checks.some(check => !check.ok)) process.exitCode = 1;
}

async function logout(context: CommandContext, requested: string | undefined, options: {removeProfile?: boolean; bitbucket?: boolean}): Promise<void> {
	if (options.removeProfile && options.bitbucket) {
		throw usageError('--remove-profile and --bitbucket do not go together.', 'Use --bitbucket to forget only Bitbucket, or --remove-profile to remove everything.');
	}

	const data = context.store.read();
	const name = resolveProfileName(data, requested);
	const record = data.profiles[name]!;
	if (options.bitbucket && !record.bitbucket) {
		throw new BlTuiError('not-configured', `Profile "${name}" has no Bitbucket credentials.`, {hint: 'See bl-tui atlassian list.'});
	}

	const what = options.removeProfile ? 'profile' : options.bitbucket ? 'bitbucket' : 'credentials';
	const session = await context.session();
	const {defaultCleared} = await session.logoutProfile(name, what);
	if (context.json) {
		context.printJson({profile: name, removed: what, defaultCleared});
		return;
	}

	if (what === 'profile') context.print(`Removed profile "${name}" and its tokens.`);
	else if (what === 'bitbucket') context.print(`Forgot the Bitbucket credentials of profile "${name}".`);
	else context.print(`Forgot the tokens of profile "${name}"; the profile stays (log in again with bl-tui atlassian login --profile ${name}).`);
	if (defaultCleared) context.note('It was the default profile: there is no default now. Choose one with bl-tui atlassian use <name>.');

	const still = what === 'bitbucket' ? envBitbucketTokenFor(name, context.env) : envTokenFor(name, context.env);
	if (still) context.note(`${still.variable} is still set, so a token still reaches this profile from the environment.`);
}

function describeCheck(check: ProfileCheck & {ok: true}): string {
	const account = check.account;
	let who: string;
	if ('accountId' in account) who = `${account.displayName} (${account.accountId})`;
	else if (account.workspaces) who = `an access token for ${account.workspaces.length === 0 ? 'no workspace' : account.workspaces.join(', ')}`;
	else who = `${account.displayName ?? account.username ?? 'unknown'}${account.username ? ` (${account.username})` : ''}`;
	return `${productNames[check.product]}: logged in as ${who} — profile "${check.profile}", ${check.latencyMs} ms`;
}

function checkJson(check: ProfileCheck) {
	return check.ok ? check : {...check, error: check.error.toJSON()};
}

function viewJson(view: ProfileView) {
	return {
		name: view.name,
		default: view.isDefault,
		baseUrl: view.baseUrl,
		product: view.product ?? 'jira',
		email: view.email,
		tokenSource: view.tokenSource ?? null,
		maskedToken: view.maskedToken ?? null,
		bitbucket: view.bitbucket
			? {...view.bitbucket, tokenSource: view.bitbucketTokenSource ?? null, maskedToken: view.maskedBitbucketToken ?? null}
			: null,
		addedAt: view.addedAt,
	};
}
