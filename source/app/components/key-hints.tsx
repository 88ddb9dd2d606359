import {Text} from 'ink';
import {useTheme} from '../hooks/use-theme.js';
import {bindingsFor, hintText, type Scope} from '../keys.js';

/** The footer: the focused scope's keys, straight from the key table. */
export function KeyHints({scope}: {scope?: Scope}) {
	const theme = useTheme();
	if (!scope) return <Text> </Text>;
	const hints = bindingsFor(scope, {hint: true}).map(binding => hintText(binding));
	return (
		<Text wrap="truncate-end" color={theme.muted}>
			{hints.join(' · ')}
		</Text>
	);
}
