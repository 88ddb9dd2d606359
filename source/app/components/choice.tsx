import {Box, Text} from 'ink';
import {useTheme} from '../hooks/use-theme.js';

export type Option<T extends string> = {value: T; label: string; note?: string};

/** A short menu; the pointed-at option is the one Enter picks. */
export function Choice<T extends string>({options, selected}: {options: ReadonlyArray<Option<T>>; selected: number}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			{options.map((option, index) => (
				<Text key={option.value} bold={index === selected} color={index === selected ? theme.selected : undefined} wrap="truncate-end">
					{index === selected ? '› ' : '  '}
					{option.label}
					{option.note ? <Text color={theme.muted}> {option.note}</Text> : null}
				</Text>
			))}
		</Box>
	);
}
