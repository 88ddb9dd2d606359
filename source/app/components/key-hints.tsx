import {Text} from 'ink';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {useTheme} from '../hooks/use-theme.js';
import {bindingsFor, footerLine, hintText, type Scope} from '../keys.js';

/** The footer: the focused scope's keys, straight from the key table, fitted to the width. */
export function KeyHints({scope}: {scope?: Scope}) {
	const theme = useTheme();
	const {columns} = useTerminalSize();
	if (!scope) return <Text> </Text>;
	const hints = bindingsFor(scope, {hint: true}).map(binding => ({command: binding.command, text: hintText(binding)}));
	return (
		<Text wrap="truncate-end" color={theme.muted}>
			{footerLine(hints, columns)}
		</Text>
	);
}
