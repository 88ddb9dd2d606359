/**
 * Everything known about the selected space: what is stored, and what the live check found.
 */
import {Box, Text} from 'ink';
import type {SpaceView} from '../../core/session-types.js';
import {roles} from '../../core/spaces.js';
import type {BacklogUser, SpaceCheck, Warning} from '../../core/types.js';
import {useNow} from '../hooks/use-now.js';
import {useTheme} from '../hooks/use-theme.js';
import {formatDuration, formatLatency} from '../format.js';
import type {Check} from '../state/state.js';
import {Labelled} from './labelled.js';
import {SpinnerLine} from './spinner-line.js';

/** The check's warnings plus those the panel can tell from what it shows, once each. */
export function warningsFor(space: SpaceView, check?: SpaceCheck): Warning[] {
	const found: Warning[] = check?.ok ? [...check.warnings] : [];
	const add = (warning: Warning) => {
		if (!found.some(known => known.code === warning.code)) found.push(warning);
	};

	if (check?.ok && check.projectCount === 0) add({code: 'no-projects', message: 'This user sees no project.'});
	if (check?.ok && roles[check.user.roleType]?.write === false) add({code: 'read-only', message: 'Read-only role: no write permission.'});
	if (space.storedIn === 'Encrypted file') add({code: 'file-backend', message: 'No keyring answered: secrets are in the encrypted file.'});
	return found;
}

function userLine(user: BacklogUser): string {
	return `${user.name} (${user.userId})`;
}

function Expiry({expiresAt}: {expiresAt: number}) {
	const theme = useTheme();
	const now = useNow(1000);
	const left = expiresAt - now;
	if (left <= 0) return <Text color={theme.warn}>expired {formatDuration(-left)} ago, refreshed on next use</Text>;
	return <Text color={left < 5 * 60_000 ? theme.warn : undefined}>in {formatDuration(left)}</Text>;
}

type Props = {space: SpaceView; check?: Check<SpaceCheck>};

export function StatusPanel({space, check}: Props) {
	const theme = useTheme();
	const now = useNow(1000, check?.state === 'done' && check.result.ok && check.result.rateLimit !== undefined);
	const result = check?.state === 'done' ? check.result : undefined;
	const user = result?.ok ? result.user : space.user;
	const role = user ? roles[user.roleType] : undefined;
	const warnings = warningsFor(space, result);
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.muted} paddingX={1} flexGrow={1}>
			<Text bold wrap="truncate-end">
				{result?.ok ? result.spaceName : (space.name ?? space.spaceKey)}
				{space.current ? <Text color={theme.accent}> (current)</Text> : null}
			</Text>
			<Labelled label="Host">{space.host}</Labelled>
			<Labelled label="Space">{`${result?.ok ? result.spaceName : (space.name ?? '')} (${result?.ok ? result.spaceKey : space.spaceKey})`.trim()}</Labelled>
			<Labelled label="Logged in as">{user ? userLine(user) : 'unknown'}</Labelled>
			{role ? <Labelled label="Role">{role.name}</Labelled> : null}
			{role ? <Labelled label="May">{role.can}</Labelled> : null}
			<Labelled label="Auth method">{space.authMethod === 'oauth' ? 'OAuth 2.0' : 'API key'}</Labelled>
			{space.oauth ? (
				<>
					<Labelled label="Client ID">{space.oauth.clientId}</Labelled>
					<Labelled label="Access token">{space.oauth.maskedAccessToken}</Labelled>
					<Labelled label="Expires">
						<Expiry expiresAt={space.oauth.expiresAt} />
					</Labelled>
				</>
			) : (
				<Labelled label="API key">{space.maskedSecret ?? 'none'}</Labelled>
			)}
			<Labelled label="Stored in">{space.storedIn}</Labelled>
			<Labelled label="Check">
				{!check ? (
					<Text color={theme.muted}>not checked</Text>
				) : check.state === 'checking' ? (
					<SpinnerLine label="checking…" />
				) : check.result.ok ? (
					<Text color={theme.ok}>✓ {formatLatency(check.result.latencyMs)}</Text>
				) : (
					<Text color={theme.error} wrap="wrap">
						✗ {check.result.error.message}
					</Text>
				)}
			</Labelled>
			{result && !result.ok && result.error.hint ? (
				<Text color={theme.muted} wrap="wrap">
					{result.error.hint}
				</Text>
			) : null}
			{result?.ok && result.rateLimit ? (
				<Labelled label="Rate limit">{`${result.rateLimit.remaining}/${result.rateLimit.limit} left, resets in ${formatDuration(result.rateLimit.reset * 1000 - now)}`}</Labelled>
			) : null}
			{result?.ok ? <Labelled label="Projects">{String(result.projectCount)}</Labelled> : null}
			{warnings.map(warning => (
				// the reason is the point of the panel: wrapped, never cut
				<Text key={warning.code} color={theme.warn} wrap="wrap">
					⚠ {warning.message}
				</Text>
			))}
		</Box>
	);
}
