/**
 * `?`: every key of the screen underneath, generated from the same table that dispatches them.
 */
import {Box, Text} from 'ink';
import {useCommands} from '../hooks/use-commands.js';
import {useTheme} from '../hooks/use-theme.js';
import {bindings, bindingsFor, type Binding, type Scope} from '../keys.js';
import {useActions} from '../state/provider.js';

const titles: Partial<Record<Scope, string>> = {spaces: 'Spaces', profiles: 'Profiles', welcome: 'Setup'};

function Lines({list}: {list: Binding[]}) {
	const theme = useTheme();
	return (
		<>
			{list.map(binding => (
				<Box key={`${binding.command}-${binding.label}`}>
					<Box width={12} flexShrink={0}>
						<Text color={theme.accent}>{binding.label}</Text>
					</Box>
					<Text wrap="truncate-end">{binding.description}</Text>
				</Box>
			))}
		</>
	);
}

export function HelpScreen({under}: {under: Scope}) {
	const theme = useTheme();
	const actions = useActions();
	useCommands('help', {closeHelp: actions.closeHelp});
	const everywhere = bindings.filter(binding => binding.command === 'interrupt');
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} flexGrow={1}>
			<Text bold color={theme.accent}>
				Keys · {titles[under] ?? under}
			</Text>
			<Lines list={bindingsFor(under)} />
			<Lines list={everywhere} />
			<Text color={theme.muted}>In a field: enter next · esc back · ctrl+u clear · paste works</Text>
		</Box>
	);
}
