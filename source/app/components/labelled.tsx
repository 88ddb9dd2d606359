import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {useTheme} from '../hooks/use-theme.js';

/** One `Label      value` line of a status panel. */
export function Labelled({label, children}: {label: string; children: ReactNode}) {
	const theme = useTheme();
	return (
		<Box>
			<Box width={14} flexShrink={0}>
				<Text color={theme.muted}>{label}</Text>
			</Box>
			<Box flexGrow={1} flexShrink={1}>
				{typeof children === 'string' ? <Text wrap="truncate-end">{children}</Text> : children}
			</Box>
		</Box>
	);
}
