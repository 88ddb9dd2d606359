import {Box, Text} from 'ink';
import {useTheme} from '../hooks/use-theme.js';
import type {AppState, Tab} from '../state/state.js';
import {spaceLabel} from '../format.js';

const tabs: Array<{tab: Tab; label: string}> = [
	{tab: 'spaces', label: 'Spaces'},
	{tab: 'profiles', label: 'Profiles'},
];

/** Where the user stands: current space, default profile, where secrets live; then the tabs. */
export function Header({state}: {state: AppState}) {
	const theme = useTheme();
	const current = state.spaces.find(space => space.current);
	const profile = state.profiles.find(row => row.isDefault);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold color={theme.accent}>
					bl-tui
				</Text>
				{state.demo ? <Text color={theme.warn}> demo</Text> : null}
				<Text color={theme.muted}> Space </Text>
				{current ? spaceLabel(current) : <Text color={theme.muted}>none</Text>}
				<Text color={theme.muted}> Profile </Text>
				{profile?.name ?? <Text color={theme.muted}>none</Text>}
				<Text color={theme.muted}> Secrets </Text>
				{state.storage.storedIn}
			</Text>
			<Text wrap="truncate-end">
				{tabs.map(({tab, label}) => {
					const active = state.view.name === 'main' && state.tab === tab;
					return (
						<Text key={tab} bold={active} inverse={active && !theme.color} color={active ? theme.accent : theme.muted}>
							{active ? `[${label}]` : ` ${label} `}
						</Text>
					);
				})}
			</Text>
		</Box>
	);
}
