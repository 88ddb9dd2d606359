/**
 * The Profiles tab: Atlassian profiles with the default marked, each checked on open, the
 * selected one's accounts and token sources on the right.
 */
import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import type {ProfileView} from '../../core/session-types.js';
import {CheckBadge} from '../components/check-badge.js';
import {Choice, type Option} from '../components/choice.js';
import {List} from '../components/list.js';
import {ProfilePanel} from '../components/profile-panel.js';
import {useChoice} from '../hooks/use-choice.js';
import {useCommands} from '../hooks/use-commands.js';
import {useTheme} from '../hooks/use-theme.js';
import {useActions, useAppState} from '../state/provider.js';

type Mode = 'list' | 'logout' | 'replace';
type TokenKind = 'atlassian' | 'bitbucket';

const tokenKinds: ReadonlyArray<Option<TokenKind>> = [
	{value: 'atlassian', label: 'Atlassian API token'},
	{value: 'bitbucket', label: 'Bitbucket token'},
];

export function ProfilesScreen({height, width}: {height: number; width: number}) {
	const theme = useTheme();
	const state = useAppState();
	const actions = useActions();
	const [mode, setMode] = useState<Mode>('list');
	const [loaded, setLoaded] = useState(false);
	const [controller] = useState(() => new AbortController());

	useEffect(() => {
		void actions.loadProfiles().then(() => {
			setLoaded(true);
		});
	}, [actions]);
	useEffect(() => () => controller.abort(), [controller]);
	useEffect(() => {
		if (loaded) void actions.checkProfiles(controller.signal);
	}, [loaded, actions, controller]);

	const rows = state.profiles;
	const index = rows.findIndex(profile => profile.name === state.selectedProfile);
	const selected = index === -1 ? rows[0] : rows[index];
	const moveTo = (at: number) => {
		const row = rows[Math.max(0, Math.min(rows.length - 1, at))];
		if (row) actions.selectProfile(row.name);
	};

	const whenSelected = (run: (profile: ProfileView) => void) => () => {
		if (selected) run(selected);
	};

	const logout = (what: 'credentials' | 'profile' | 'bitbucket') =>
		whenSelected(profile => {
			setMode('list');
			void actions.logoutProfile(profile.name, what);
		});

	const tokenChoice = useChoice(tokenKinds, kind => {
		setMode('list');
		if (selected) actions.show({name: 'replace-token', profile: selected.name, bitbucket: kind === 'bitbucket'});
	});

	useCommands(
		mode === 'logout' ? 'logout-choice' : mode === 'replace' ? 'choice' : 'profiles',
		mode === 'logout'
			? {credentials: logout('credentials'), removeProfile: logout('profile'), bitbucketOnly: selected?.bitbucket ? logout('bitbucket') : undefined, back: () => setMode('list')}
			: mode === 'replace'
				? {...tokenChoice.handlers, back: () => setMode('list')}
				: {
						up: () => moveTo(index - 1),
						down: () => moveTo(index + 1),
						first: () => moveTo(0),
						last: () => moveTo(rows.length - 1),
						select: whenSelected(profile => void actions.makeDefault(profile.name)),
						add: () => actions.show({name: 'add-profile'}),
						verify: whenSelected(profile => void actions.checkProfile(profile.name, controller.signal)),
						verifyAll: () => void actions.checkProfiles(controller.signal),
						replace: whenSelected(profile => {
							if (profile.bitbucket) setMode('replace');
							else actions.show({name: 'replace-token', profile: profile.name, bitbucket: false});
						}),
						logout: whenSelected(() => setMode('logout')),
					},
	);

	const listWidth = Math.max(26, Math.min(44, Math.floor(width * 0.42)));
	return (
		<Box height={height} width={width}>
			<Box flexDirection="column" width={listWidth} flexShrink={0} marginRight={1}>
				{loaded ? (
					<List
						rows={rows.map(profile => ({id: profile.name, label: profile.name, marked: profile.isDefault, status: <CheckBadge check={state.profileChecks[profile.name]} />}))}
						selected={selected?.name}
						height={height - (mode === 'list' ? 0 : 5)}
						empty="No Atlassian profiles yet. Press a to add one."
					/>
				) : (
					<Text color={theme.muted}>Loading…</Text>
				)}
				{mode === 'logout' && selected ? (
					<Box flexDirection="column" marginTop={1}>
						<Text color={theme.warn} wrap="truncate-end">
							Log out of {selected.name}:
						</Text>
						<Text wrap="truncate-end">c credentials only</Text>
						<Text wrap="truncate-end">p remove the profile</Text>
						{selected.bitbucket ? <Text wrap="truncate-end">b Bitbucket only</Text> : null}
					</Box>
				) : null}
				{mode === 'replace' && selected ? (
					<Box flexDirection="column" marginTop={1}>
						<Text>Replace which token?</Text>
						<Choice options={tokenKinds} selected={tokenChoice.selected} />
					</Box>
				) : null}
			</Box>
			{selected ? <ProfilePanel profile={selected} check={state.profileChecks[selected.name]} /> : null}
		</Box>
	);
}
