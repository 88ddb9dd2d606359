import {Text} from 'ink';
import {useTheme} from '../hooks/use-theme.js';

type Props = {value: string; focused?: boolean; placeholder?: string; shown?: string};

/** A one-line input as drawn: the text (or `shown` in its place), a block cursor when focused. */
export function Field({value, focused = true, placeholder, shown}: Props) {
	const theme = useTheme();
	const text = shown ?? value;
	return (
		<Text wrap="truncate-start">
			{text === '' && placeholder ? <Text color={theme.muted} dimColor={!theme.color}>{placeholder}</Text> : text}
			{focused ? <Text inverse> </Text> : null}
		</Text>
	);
}
