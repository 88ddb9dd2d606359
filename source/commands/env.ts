/**
 * `bl-tui env`: the chosen space's (or a profile's) credentials as variables other tools read,
 * in a shape a shell can `eval`, a `.env` file can hold, or a program can parse.
 */
import {Option, type Command} from 'commander';
import {BlTuiError} from '../core/errors.js';
import {noSpaceError} from '../core/resolve.js';
import type {RealSession} from '../core/session.js';
import type {SpaceSecret} from '../core/types.js';
import {usageError, type CommandContext} from './context.js';

export type EnvFormat = 'sh' | 'dotenv' | 'json';

export type EnvVariable = {name: string; value: string};

export const envFormats: readonly EnvFormat[] = ['sh', 'dotenv', 'json'];

/** `my-team` → `MY_TEAM`: the `<NAME>` of `BACKLOG_ORG_<NAME>_DOMAIN`. */
export function orgName(spaceKey: string): string {
	return spaceKey.toUpperCase().replaceAll(/[^A-Z\d]/g, '_');
}

/** What `BACKLOG_DOMAIN` holds: the origin without its scheme (host, and an Enterprise path prefix). */
export function backlogDomain(origin: string): string {
	return origin.replace(/^[a-z]+:\/\//i, '');
}

/** `it's` → `'it'\''s'`: single quotes keep everything literal, so only a quote needs care. */
export function shellQuote(value: string): string {
	return `'${value.replaceAll("'", String.raw`'\''`)}'`;
}

export function dotenvQuote(value: string): string {
	const escaped = value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('$', '\\$').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
	return `"${escaped}"`;
}

export function formatEnv(variables: readonly EnvVariable[], format: EnvFormat): string {
	if (format === 'json') return `${JSON.stringify(Object.fromEntries(variables.map(({name, value}) => [name, value])), null, 2)}\n`;
	const line = format === 'sh' ? ({name, value}: EnvVariable) => `export ${name}=${shellQuote(value)}` : ({name, value}: EnvVariable) => `${name}=${dotenvQuote(value)}`;
	return variables.map(variable => `${line(variable)}\n`).join('');
}

export function registerEnvCommand(program: Command, context: () => Promise<CommandContext>): void {
	program
		.command('env')
		.description('Print credentials as environment variables for other tools (sh, dotenv or json)')
		.option('--space <space>', 'the space exported as BACKLOG_DOMAIN / BACKLOG_API_KEY')
		.option('--profile <name>', 'export an Atlassian profile instead: ATLASSIAN_BASE_URL, ATLASSIAN_EMAIL, ATLASSIAN_API_TOKEN, BITBUCKET_TOKEN')
		.addOption(new Option('--format <format>', 'output format').choices(envFormats))
		.addHelpText(
			'after',
			`
Backlog: BACKLOG_DOMAIN and BACKLOG_API_KEY (BACKLOG_ACCESS_TOKEN for OAuth) for the chosen space
(--space > BL_SPACE > BACKLOG_DOMAIN > current), and BACKLOG_ORG_<NAME>_DOMAIN / _API_KEY for every
stored space (<NAME>: the space key upper-cased, other characters as _).
The output holds secrets: eval it or write it to a private file, do not paste it anywhere.

Examples:
  eval "$(bl-tui env)"
  bl-tui env --format dotenv > .env
  eval "$(bl-tui env --profile work)"`,
		)
		.action(async (options: {space?: string; profile?: string; format?: EnvFormat}, command: Command) => {
			const ctx = await context();
			const globals = command.optsWithGlobals<{space?: string; profile?: string}>();
			const space = options.space ?? globals.space;
			const profile = options.profile ?? globals.profile;
			if (space !== undefined && profile !== undefined) throw usageError('Pass --space or --profile, not both.', 'A space exports BACKLOG_* variables, a profile ATLASSIAN_* ones.');
			const format = options.format ?? (ctx.json ? 'json' : 'sh');
			const session = await ctx.session();
			const variables = profile === undefined ? await backlogVariables(ctx, session, space) : await profileVariables(session, profile);
			if (ctx.stdout.isTTY) ctx.note('! This output contains secrets. Use it as: eval "$(bl-tui env)"');
			ctx.stdout.write(formatEnv(variables, format));
		});
}

async function backlogVariables(ctx: CommandContext, session: RealSession, reference: string | undefined): Promise<EnvVariable[]> {
	const chosen = await session.resolveSpace(reference);
	const stored = (await session.listSpaces()).filter(space => !space.fromEnvironment);
	if (!chosen && stored.length === 0) throw noSpaceError(ctx.store.read());

	const variables: EnvVariable[] = [];
	if (chosen) {
		const {secret} = await session.secretFor(chosen.origin);
		variables.push({name: 'BACKLOG_DOMAIN', value: backlogDomain(chosen.origin)}, secretVariable('BACKLOG', secret));
	} else {
		ctx.note('! No current space, so BACKLOG_DOMAIN and BACKLOG_API_KEY are not set. Choose one with bl-tui auth use <space>, or pass --space.');
	}

	const taken = new Map<string, string>();
	for (const space of stored) {
		const name = orgName(space.spaceKey);
		const earlier = taken.get(name);
		if (earlier) {
			ctx.note(`! ${space.origin} is left out: its name BACKLOG_ORG_${name}_* is already taken by ${earlier}.`);
			continue;
		}

		let secret: SpaceSecret;
		try {
			({secret} = await session.secretFor(space.origin));
		} catch (error) {
			if (!(error instanceof BlTuiError)) throw error;
			ctx.note(`! ${space.spaceKey} is left out: ${error.message}`);
			continue;
		}

		taken.set(name, space.origin);
		variables.push({name: `BACKLOG_ORG_${name}_DOMAIN`, value: backlogDomain(space.origin)}, secretVariable(`BACKLOG_ORG_${name}`, secret));
	}

	return variables;
}

function secretVariable(prefix: string, secret: SpaceSecret): EnvVariable {
	return secret.type === 'oauth' ? {name: `${prefix}_ACCESS_TOKEN`, value: secret.accessToken} : {name: `${prefix}_API_KEY`, value: secret.apiKey};
}

async function profileVariables(session: RealSession, name: string): Promise<EnvVariable[]> {
	const record = session.resolveProfile(name);
	const token = await session.atlassianToken(record.name);
	const bitbucketToken = record.bitbucket ? await session.bitbucketToken(record.name) : undefined;
	if (!token && !bitbucketToken) {
		throw new BlTuiError('needs-login', `Profile "${record.name}" has no token to export.`, {
			hint: `Add one with bl-tui atlassian login --profile ${record.name} --base-url ${record.baseUrl || 'URL'} --email ${record.email || 'E'}, or set ATLASSIAN_API_TOKEN.`,
		});
	}

	const variables: EnvVariable[] = [];
	if (record.baseUrl) variables.push({name: 'ATLASSIAN_BASE_URL', value: record.baseUrl});
	if (record.email) variables.push({name: 'ATLASSIAN_EMAIL', value: record.email});
	if (token) variables.push({name: 'ATLASSIAN_API_TOKEN', value: token.token});
	if (record.bitbucket && bitbucketToken) {
		// both names are in use by Bitbucket tooling
		variables.push({name: 'ATLASSIAN_BITBUCKET_TOKEN', value: bitbucketToken.token}, {name: 'BITBUCKET_TOKEN', value: bitbucketToken.token});
		if (record.bitbucket.workspace) variables.push({name: 'BITBUCKET_WORKSPACE', value: record.bitbucket.workspace});
		if (record.bitbucket.auth === 'basic') variables.push({name: 'BITBUCKET_EMAIL', value: record.bitbucket.email ?? record.email});
	}

	return variables;
}
