/**
 * `bl-tui doctor`: everything a user needs when something is off, one line each, ✓ / ! / ✗:
 * versions, the config directory and its modes, the keyring, the environment in effect, and
 * whether every space and profile answers. Reports a broken config instead of dying on it.
 */
import {statSync} from 'node:fs';
import path from 'node:path';
import type {Command} from 'commander';
import {BlTuiError, toBlTuiError} from '../core/errors.js';
import {envBitbucketTokenFor, envSuffix, envTokenFor} from '../core/profiles.js';
import {chooseSpace, envApiKey} from '../core/resolve.js';
import type {RealSession} from '../core/session.js';
import {KeyringBackend, defaultKeyringService} from '../core/store/secrets.js';
import {parseStorageKind} from '../core/store/store.js';
import type {ConfigData, StorageKind} from '../core/types.js';
import {version} from '../version.js';
import type {CommandContext} from './context.js';

export type DoctorStatus = 'ok' | 'warn' | 'fail';

export type DoctorLine = {status: DoctorStatus; label: string; detail: string; hint?: string; [fact: string]: unknown};

export type DoctorReport = {
	ok: boolean;
	failures: number;
	warnings: number;
	sections: {about: DoctorLine[]; config: DoctorLine[]; keyring: DoctorLine[]; environment: DoctorLine[]; spaces: DoctorLine[]; profiles: DoctorLine[]};
};

export type ConfigDirRule = '--config-dir' | 'BL_TUI_CONFIG_DIR' | 'XDG_CONFIG_HOME' | 'default';

/** Which rule of `--config-dir` > `BL_TUI_CONFIG_DIR` > `$XDG_CONFIG_HOME/bl-tui` > `~/.config/bl-tui` chose the directory. */
export function configDirRule(flag: string | undefined, env: NodeJS.ProcessEnv): ConfigDirRule {
	if (flag) return '--config-dir';
	if (env.BL_TUI_CONFIG_DIR) return 'BL_TUI_CONFIG_DIR';
	if (env.XDG_CONFIG_HOME) return 'XDG_CONFIG_HOME';
	return 'default';
}

const minimumNode = [20, 18, 1];
const symbols: Record<DoctorStatus, string> = {ok: '✓', warn: '!', fail: '✗'};
const colours: Record<DoctorStatus, number> = {ok: 32, warn: 33, fail: 31};
const titles: Record<keyof DoctorReport['sections'], string> = {about: 'About', config: 'Config', keyring: 'Keyring', environment: 'Environment', spaces: 'Spaces', profiles: 'Profiles'};

// Shown with their value: they name places and choices, never secrets.
const plainVariables = ['BL_SPACE', 'BACKLOG_DOMAIN', 'BL_TUI_CONFIG_DIR', 'XDG_CONFIG_HOME', 'BL_TUI_STORAGE', 'BL_TUI_KEYRING_SERVICE'];
const secretVariables = ['BL_API_KEY', 'BACKLOG_API_KEY', 'BL_OAUTH_CLIENT_ID', 'BL_OAUTH_CLIENT_SECRET', 'ATLASSIAN_API_TOKEN', 'ATLASSIAN_BITBUCKET_TOKEN', 'BITBUCKET_TOKEN'];
const perProfileVariable = /^ATLASSIAN_CLI_(BITBUCKET_)?TOKEN_(.+)$/;

export function registerDoctorCommand(program: Command, context: () => Promise<CommandContext>): void {
	program
		.command('doctor')
		.description('Check the keyring, paths and their modes, the environment in effect, and every space and profile; exit 1 on any ✗')
		.option('--json', 'machine-readable output')
		.action(async (options: {json?: boolean}) => {
			const ctx = await context();
			const report = await diagnose(ctx);
			if (options.json || ctx.json) ctx.printJson(report);
			else printReport(ctx, report);
			if (!report.ok) process.exitCode = 1;
		});
}

export async function diagnose(ctx: CommandContext): Promise<DoctorReport> {
	let data: ConfigData | undefined;
	let configError: BlTuiError | undefined;
	try {
		data = ctx.store.read();
	} catch (error) {
		configError = toBlTuiError(error);
	}

	const service = ctx.env.BL_TUI_KEYRING_SERVICE || defaultKeyringService;
	const [answers, reach] = await Promise.all([new KeyringBackend(service).available(), reachability(ctx, configError)]);
	const sections: DoctorReport['sections'] = {
		about: about(),
		config: configLines(ctx, data, configError),
		keyring: keyringLines(ctx, data, service, answers),
		environment: environmentLines(ctx, data),
		...reach,
	};
	for (const [name, lines] of Object.entries(sections)) sections[name as keyof typeof sections] = lines.map(({status, label, detail, hint, ...facts}) => ({status, label, detail, ...(hint ? {hint} : {}), ...facts}));
	const all = Object.values(sections).flat();
	const failures = all.filter(line => line.status === 'fail').length;
	return {ok: failures === 0, failures, warnings: all.filter(line => line.status === 'warn').length, sections};
}

function about(): DoctorLine[] {
	const tooOld = olderThan(process.versions.node.split('.').map(Number), minimumNode);
	return [
		{status: 'ok', label: 'bl-tui', detail: version, version},
		tooOld
			? {status: 'fail', label: 'Node', detail: `${process.version}, older than 20.18.1`, hint: 'Install Node 20.18.1 or newer.', version: process.version}
			: {status: 'ok', label: 'Node', detail: process.version, version: process.version},
		{status: 'ok', label: 'platform', detail: `${process.platform} ${process.arch}`, platform: process.platform, arch: process.arch},
	];
}

function configLines(ctx: CommandContext, data: ConfigData | undefined, configError: BlTuiError | undefined): DoctorLine[] {
	const directory = ctx.store.configDir;
	const rule = configDirRule(ctx.options.configDir, ctx.env);
	const chosenBy = rule === 'default' ? 'the default' : rule;
	const lines: DoctorLine[] = [modeLine('directory', directory, 0o700, 'warn', `, chosen by ${chosenBy}`, {chosenBy: rule})];
	const config = modeLine('config.json', ctx.store.configPath, 0o600, 'warn');
	if (configError) {
		lines.push({...config, status: 'fail', detail: `${config.detail}; ${configError.message}`, hint: configError.hint, error: configError.toJSON()});
	} else if (data && config.mode !== null) {
		const counts = `${plural(Object.keys(data.spaces).length, 'space')}, ${plural(Object.keys(data.profiles).length, 'profile')}`;
		lines.push({...config, detail: `${config.detail}; ${counts}`});
	} else {
		lines.push(config);
	}

	const secrets = modeLine('credentials.enc', path.join(directory, 'credentials.enc'), 0o600, 'fail');
	const key = modeLine('key', path.join(directory, 'key'), 0o600, 'fail');
	if (secrets.mode !== null && key.mode === null) {
		lines.push({...secrets, status: 'fail', detail: `${secrets.detail}; its key file is missing`, hint: 'Restore the key file, or move credentials.enc aside and log in again.'});
	} else {
		lines.push(secrets);
	}

	lines.push(key);
	return lines;
}

/** A file or directory's mode against what bl-tui writes; anything group or others may use is flagged. */
function modeLine(label: string, file: string, expected: number, tooOpen: DoctorStatus, suffix = '', facts: Record<string, unknown> = {}): DoctorLine & {mode: string | null} {
	let mode: number;
	try {
		mode = statSync(file).mode & 0o777;
	} catch (error) {
		const absent = (error as NodeJS.ErrnoException).code === 'ENOENT';
		return {status: absent ? 'ok' : 'fail', label, detail: `${file}: ${absent ? 'absent' : (error as Error).message}${suffix}`, path: file, mode: null, ...facts};
	}

	const shown = octal(mode);
	const line = {label, path: file, mode: shown, expected: octal(expected), ...facts};
	if (process.platform !== 'win32' && (mode & 0o077 & ~expected) !== 0) {
		return {...line, status: tooOpen, detail: `${file}: mode ${shown}, expected ${octal(expected)}${suffix}`, hint: `Others on this machine may read it: chmod ${expected.toString(8)} ${file}`};
	}

	return {...line, status: 'ok', detail: `${file}: mode ${shown}${suffix}`};
}

function keyringLines(ctx: CommandContext, data: ConfigData | undefined, service: string, answers: boolean): DoctorLine[] {
	let forced: {kind: StorageKind; by: string} | undefined;
	const flag = parseStorageKind(ctx.options.storage, '--storage');
	const variable = flag ? undefined : parseStorageKind(ctx.env.BL_TUI_STORAGE, 'BL_TUI_STORAGE');
	if (flag) forced = {kind: flag, by: 'forced by --storage'};
	else if (variable) forced = {kind: variable, by: 'forced by BL_TUI_STORAGE'};
	const chosen = forced ?? (data?.storage ? {kind: data.storage, by: 'recorded in config.json'} : {kind: answers ? 'keyring' : 'file', by: answers ? 'the keyring answers' : 'no keyring answers'});
	const unlock = unlockHint();
	let keyring: DoctorLine;
	if (answers) keyring = {status: 'ok', label: 'system keyring', detail: `answers (service ${service})`, service, answers};
	else if (chosen.kind === 'keyring') keyring = {status: 'fail', label: 'system keyring', detail: `does not answer, yet secrets are kept there (service ${service})`, hint: unlock, service, answers};
	else if (forced) keyring = {status: 'ok', label: 'system keyring', detail: `does not answer (not needed: ${forced.by})`, service, answers};
	else keyring = {status: 'warn', label: 'system keyring', detail: `does not answer (service ${service}): secrets go to the encrypted file`, hint: unlock, service, answers};
	const where = chosen.kind === 'keyring' ? 'System keyring' : 'Encrypted file';
	return [keyring, {status: 'ok', label: 'secrets', detail: `${where} (${chosen.by})`, backend: chosen.kind, chosenBy: chosen.by}];
}

function unlockHint(): string {
	if (process.platform === 'darwin') return 'Unlock the login keychain (Keychain Access), or set BL_TUI_STORAGE=file.';
	if (process.platform === 'win32') return 'Check that Windows Credential Manager is available, or set BL_TUI_STORAGE=file.';
	return 'Start and unlock a Secret Service (gnome-keyring-daemon --unlock, or a desktop login; over SSH run inside dbus-run-session), or set BL_TUI_STORAGE=file.';
}

function environmentLines(ctx: CommandContext, data: ConfigData | undefined): DoctorLine[] {
	const env = ctx.env;
	const isSet = (name: string) => (env[name]?.trim() ?? '') !== '';
	const profileVariables = Object.keys(env)
		.filter(name => perProfileVariable.test(name))
		.sort();
	const lines: DoctorLine[] = [];
	for (const name of plainVariables) if (isSet(name)) lines.push({status: 'ok', label: name, detail: env[name]!, name, value: env[name]});
	for (const name of [...secretVariables, ...profileVariables]) if (isSet(name)) lines.push({status: 'ok', label: name, detail: 'set', name, set: true});
	if (lines.length === 0) lines.push({status: 'ok', label: 'variables', detail: "none of bl-tui's variables is set"});
	if (data) lines.push(spaceWinner(ctx, data));
	const key = envApiKey(env);
	if (key) {
		const ignored = key.variable === 'BL_API_KEY' && isSet('BACKLOG_API_KEY') ? '; BACKLOG_API_KEY is ignored' : '';
		lines.push({status: 'ok', label: 'Backlog secret', detail: `${key.variable} wins over the stored secret of the chosen space${ignored}`, winner: key.variable});
	}

	if (!data) return lines;

	const suffixes = new Set(Object.keys(data.profiles).map(name => envSuffix(name)));
	for (const name of profileVariables) {
		const suffix = perProfileVariable.exec(name)![2]!;
		if (!suffixes.has(suffix)) lines.push({status: 'warn', label: name, detail: 'names no profile', hint: `Profiles: ${Object.keys(data.profiles).join(', ') || 'none'}. <PROFILE> is the name upper-cased, - as _.`, name});
	}

	for (const profile of Object.keys(data.profiles)) {
		const token = envTokenFor(profile, env);
		if (token) lines.push({status: 'ok', label: `profile ${profile}`, detail: `${token.variable} wins over the stored Atlassian token`, profile, winner: token.variable});
		const bitbucket = envBitbucketTokenFor(profile, env);
		if (bitbucket) lines.push({status: 'ok', label: `profile ${profile}`, detail: `${bitbucket.variable} wins over the stored Bitbucket token`, profile, winner: bitbucket.variable});
	}

	if (Object.keys(data.profiles).length > 0 && !(data.defaultProfile && data.profiles[data.defaultProfile])) {
		lines.push({status: 'warn', label: 'default profile', detail: 'none', hint: 'Choose one with bl-tui atlassian use <name>, or pass --profile.'});
	}

	return lines;
}

function spaceWinner(ctx: CommandContext, data: ConfigData): DoctorLine {
	const named = (['BL_SPACE', 'BACKLOG_DOMAIN'] as const).filter(name => ctx.env[name]?.trim());
	try {
		const chosen = chooseSpace(data, ctx.env, ctx.options.space);
		if (!chosen) {
			if (Object.keys(data.spaces).length === 0) return {status: 'ok', label: 'space', detail: 'none logged in'};
			return {status: 'warn', label: 'space', detail: 'no current space', hint: 'Choose one with bl-tui auth use <space>, or pass --space.'};
		}

		const ignored = named.filter(name => name !== chosen.source);
		const also = ignored.length > 0 ? `; ${ignored.join(' and ')} ignored` : '';
		return {status: 'ok', label: 'space', detail: `${chosen.record.spaceKey} (${chosen.record.origin}) from ${chosen.source === 'current' ? 'the current space' : chosen.source}${also}`, origin: chosen.record.origin, winner: chosen.source};
	} catch (error) {
		const failure = toBlTuiError(error);
		return {status: 'fail', label: 'space', detail: failure.message, hint: failure.hint, error: failure.toJSON()};
	}
}

async function reachability(ctx: CommandContext, configError: BlTuiError | undefined): Promise<Pick<DoctorReport['sections'], 'spaces' | 'profiles'>> {
	let session: RealSession;
	try {
		if (configError) throw new BlTuiError(configError.code, 'config.json cannot be read (see Config above).');
		session = await ctx.session();
	} catch (error) {
		const skipped: DoctorLine = {status: 'warn', label: 'not checked', detail: toBlTuiError(error).message};
		return {spaces: [skipped], profiles: [skipped]};
	}

	const [spaces, profiles] = await Promise.all([spaceLines(session), profileLines(session)]);
	return {spaces, profiles};
}

async function spaceLines(session: RealSession): Promise<DoctorLine[]> {
	const views = new Map((await session.listSpaces()).map(view => [view.origin, view]));
	if (views.size === 0) return [{status: 'ok', label: 'spaces', detail: 'none logged in'}];
	const checks = await session.verifyAll(() => {});
	return checks.map(check => {
		const view = views.get(check.origin);
		const label = view?.spaceKey ?? check.origin;
		const facts = {origin: check.origin, storedIn: view?.storedIn, latencyMs: check.latencyMs ?? null};
		if (!check.ok) return {status: 'fail', label, detail: `${check.origin}  ${check.error.word}: ${check.error.message}`, hint: check.error.hint, ...facts, error: check.error.toJSON()};
		const who = `${check.user.name} (${check.user.userId})`;
		const warnings = check.warnings.map(warning => warning.message);
		return {status: warnings.length > 0 ? 'warn' : 'ok', label, detail: [`${check.origin}  ${check.latencyMs} ms  ${who}`, ...warnings].join('; '), ...facts, user: who, warnings};
	});
}

async function profileLines(session: RealSession): Promise<DoctorLine[]> {
	const profiles = await session.listProfiles();
	if (profiles.length === 0) return [{status: 'ok', label: 'profiles', detail: 'none'}];
	const all = await Promise.all(
		profiles.map(async profile => {
			try {
				return await session.verifyProfile(profile.name);
			} catch (error) {
				const failure = toBlTuiError(error);
				return [{ok: false as const, profile: profile.name, product: 'jira' as const, error: failure}];
			}
		}),
	);
	return all.flat().map(check => {
		const label = `${check.profile} ${check.product}`;
		const facts = {profile: check.profile, product: check.product, latencyMs: check.latencyMs ?? null};
		if (!check.ok) return {status: 'fail', label, detail: `${check.error.word}: ${check.error.message}`, hint: check.error.hint, ...facts, error: check.error.toJSON()};
		const account = check.account as {displayName?: string; username?: string; workspaces?: string[]};
		const who = account.displayName ?? account.username ?? account.workspaces?.join(', ') ?? '';
		return {status: 'ok', label, detail: `${check.latencyMs} ms  ${who}`.trimEnd(), ...facts, account: who};
	});
}

function printReport(ctx: CommandContext, report: DoctorReport): void {
	const colour = ctx.color && ctx.stdout.isTTY === true;
	const mark = (status: DoctorStatus) => (colour ? `\u001B[${colours[status]}m${symbols[status]}\u001B[39m` : symbols[status]);
	for (const [section, lines] of Object.entries(report.sections) as Array<[keyof DoctorReport['sections'], DoctorLine[]]>) {
		ctx.print(titles[section]);
		const width = Math.max(...lines.map(line => line.label.length));
		for (const line of lines) {
			ctx.print(`  ${mark(line.status)} ${line.label.padEnd(width)}  ${line.detail}`);
			if (line.hint && line.status !== 'ok') ctx.print(`    hint: ${line.hint}`);
		}
	}

	ctx.print();
	if (report.ok) ctx.print(report.warnings === 0 ? '✓ Everything looks right.' : `${plural(report.warnings, 'warning')}, nothing broken.`);
	else ctx.print(`✗ ${plural(report.failures, 'problem')}${report.warnings > 0 ? ` and ${plural(report.warnings, 'warning')}` : ''}.`);
}

function olderThan(actual: number[], minimum: number[]): boolean {
	for (const [index, part] of minimum.entries()) {
		const value = actual[index] ?? 0;
		if (value !== part) return value < part;
	}

	return false;
}

function octal(mode: number): string {
	return `0${mode.toString(8).padStart(3, '0')}`;
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
