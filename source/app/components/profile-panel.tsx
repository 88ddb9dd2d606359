/**
 * The selected Atlassian profile: where its tokens come from and what each product answered.
 */
import {Box, Text} from 'ink';
import type {ProfileView} from '../../core/session-types.js';
import type {ProfileCheck} from '../../core/types.js';
import {useTheme} from '../hooks/use-theme.js';
import {formatLatency} from '../format.js';
import type {Check} from '../state/state.js';
import {Labelled} from './labelled.js';
import {SpinnerLine} from './spinner-line.js';

const products = {jira: 'Jira', confluence: 'Confluence', bitbucket: 'Bitbucket'} as const;

function accountLine(check: ProfileCheck & {ok: true}): string {
	const {account} = check;
	if ('accountId' in account) return `${account.displayName} (${account.emailAddress ?? account.accountId})`;
	if (account.displayName) return `${account.displayName}${account.username ? ` (${account.username})` : ''}`;
	return account.workspaces?.length ? `workspaces ${account.workspaces.join(', ')}` : 'token accepted';
}

function CheckLines({check}: {check: ProfileCheck}) {
	const theme = useTheme();
	const product = products[check.product];
	if (!check.ok) {
		return (
			<>
				<Labelled label={product}>
					<Text color={theme.error} wrap="truncate-end">
						✗ {check.error.message}
					</Text>
				</Labelled>
				{check.error.hint ? (
					<Text color={theme.muted} wrap="truncate-end">
						{check.error.hint}
					</Text>
				) : null}
			</>
		);
	}

	return (
		<Labelled label={product}>
			<Text wrap="truncate-end">
				<Text color={theme.ok}>✓ {formatLatency(check.latencyMs)}</Text> {accountLine(check)}
			</Text>
		</Labelled>
	);
}

export function ProfilePanel({profile, check}: {profile: ProfileView; check?: Check<ProfileCheck[]>}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.muted} paddingX={1} flexGrow={1}>
			<Text bold wrap="truncate-end">
				{profile.name}
				{profile.isDefault ? <Text color={theme.accent}> (default)</Text> : null}
			</Text>
			<Labelled label="Base URL">{profile.baseUrl}</Labelled>
			<Labelled label="Email">{profile.email}</Labelled>
			<Labelled label="API token">{profile.hasToken ? `${profile.maskedToken ?? '...'} (${profile.tokenSource ?? 'stored'})` : 'none'}</Labelled>
			{profile.bitbucket ? (
				<>
					<Labelled label="Bitbucket">{`${profile.bitbucket.auth === 'bearer' ? 'access token' : 'API token'}${profile.bitbucket.workspace ? `, workspace ${profile.bitbucket.workspace}` : ''}`}</Labelled>
					<Labelled label="BB token">{`${profile.maskedBitbucketToken ?? '...'} (${profile.bitbucketTokenSource ?? 'stored'})`}</Labelled>
				</>
			) : null}
			{!check ? (
				<Labelled label="Check">
					<Text color={theme.muted}>not checked</Text>
				</Labelled>
			) : check.state === 'checking' ? (
				<Labelled label="Check">
					<SpinnerLine label="checking…" />
				</Labelled>
			) : (
				check.result.map(result => <CheckLines key={result.product} check={result} />)
			)}
		</Box>
	);
}
