/**
 * How `auth status` prints a space and a profile, in the shape `bl auth status` users know:
 * Space, Auth method, masked secret, Stored in, Logged in as, then what the check found.
 */
import {clockTime} from '../core/time.js';
import {roles} from '../core/spaces.js';
import type {ProfileView, SpaceView} from '../core/session-types.js';
import type {ProfileCheck, SpaceCheck} from '../core/types.js';
import type {CommandContext} from './context.js';

type Printer = Pick<CommandContext, 'print' | 'color'>;

const paint = (ctx: Printer, code: number, text: string) => (ctx.color ? `\u001B[${code}m${text}\u001B[39m` : text);

export function printSpaceStatus(ctx: Printer, space: SpaceView, check: SpaceCheck): void {
	const ok = (text: string) => paint(ctx, 32, text);
	const bad = (text: string) => paint(ctx, 31, text);
	const warn = (text: string) => paint(ctx, 33, text);
	ctx.print(`${space.host}${space.current ? ' (current)' : ''}`);
	ctx.print(`  - Space: ${check.ok ? `${check.spaceName} (${check.spaceKey})` : space.name ? `${space.name} (${space.spaceKey})` : space.spaceKey}`);
	ctx.print(`  - Auth method: ${space.authMethod === 'oauth' && !space.fromEnvironment ? 'OAuth 2.0' : 'API key'}`);
	if (space.oauth && space.storedIn !== 'Environment variable') {
		ctx.print(`  - Client ID: ${space.oauth.clientId}`);
		ctx.print(`  - Client secret: ${space.oauth.maskedClientSecret}`);
		ctx.print(`  - Access token: ${space.oauth.maskedAccessToken}`);
		ctx.print(`  - Expires: ${new Date(space.oauth.expiresAt).toLocaleString()}`);
	} else {
		ctx.print(`  - API key: ${space.maskedSecret ?? '(none)'}`);
	}

	ctx.print(`  - Stored in: ${space.storedIn}`);
	if (!check.ok) {
		ctx.print(`  ${bad('✗')} ${check.error.word}: ${check.error.message}`);
		if (check.error.hint) ctx.print(`    hint: ${check.error.hint}`);
		ctx.print();
		return;
	}

	const role = roles[check.user.roleType];
	ctx.print(`  ${ok('✓')} Logged in as ${check.user.name} (${check.user.userId})`);
	if (role) ctx.print(`  - Role: ${role.name}: ${role.can}`);
	ctx.print(`  - Projects: ${check.projectCount}`);
	const headroom = check.rateLimit ? `; rate limit ${check.rateLimit.remaining}/${check.rateLimit.limit}, resets ${clockTime(check.rateLimit.reset)}` : '';
	ctx.print(`  - Latency: ${check.latencyMs} ms${headroom}`);
	for (const warning of check.warnings) ctx.print(`  ${warn('!')} ${warning.message}`);
	ctx.print();
}

export function spaceStatusJson(space: SpaceView, check: SpaceCheck) {
	const role = check.ok ? roles[check.user.roleType] : undefined;
	return {
		space: space.host,
		origin: space.origin,
		spaceKey: check.ok ? check.spaceKey : space.spaceKey,
		spaceName: check.ok ? check.spaceName : (space.name ?? null),
		current: space.current,
		authMethod: space.authMethod === 'oauth' && !space.fromEnvironment ? 'OAuth 2.0' : 'API key',
		...(space.oauth && space.storedIn !== 'Environment variable'
			? {
					clientId: space.oauth.clientId,
					clientSecret: space.oauth.maskedClientSecret,
					accessToken: space.oauth.maskedAccessToken,
					expiresAt: new Date(space.oauth.expiresAt).toISOString(),
				}
			: {apiKey: space.maskedSecret ?? null}),
		storedIn: space.storedIn,
		ok: check.ok,
		...(check.ok
			? {
					loggedInAs: {name: check.user.name, userId: check.user.userId, id: check.user.id},
					role: role ? {type: check.user.roleType, name: role.name, can: role.can, write: role.write} : {type: check.user.roleType},
					projectCount: check.projectCount,
					latencyMs: check.latencyMs,
					rateLimit: check.rateLimit ?? null,
					warnings: check.warnings,
				}
			: {error: check.error.toJSON()}),
	};
}

export function printProfileChecks(ctx: Printer, profile: ProfileView, checks: ProfileCheck[]): void {
	ctx.print(`${profile.name}${profile.isDefault ? ' (default)' : ''}  ${profile.baseUrl}`);
	ctx.print(`  - Email: ${profile.email}`);
	ctx.print(`  - API token: ${profile.maskedToken ?? '(none)'}${profile.tokenSource ? `  (${profile.tokenSource})` : ''}`);
	if (profile.bitbucket) {
		ctx.print(`  - Bitbucket: ${profile.bitbucket.auth === 'bearer' ? 'access token' : 'API token'} ${profile.maskedBitbucketToken ?? '(none)'}${profile.bitbucketTokenSource ? `  (${profile.bitbucketTokenSource})` : ''}`);
	}

	for (const check of checks) {
		if (check.ok) {
			const account = check.account as {displayName?: string; accountId?: string; username?: string; workspaces?: string[]};
			const who = account.displayName ?? account.username ?? (account.workspaces ? `workspaces ${account.workspaces.join(', ')}` : 'ok');
			ctx.print(`  ${paint(ctx, 32, '✓')} ${check.product}: ${who} (${check.latencyMs} ms)`);
		} else {
			ctx.print(`  ${paint(ctx, 31, '✗')} ${check.product}: ${check.error.word}: ${check.error.message}`);
			if (check.error.hint) ctx.print(`    hint: ${check.error.hint}`);
		}
	}

	ctx.print();
}
