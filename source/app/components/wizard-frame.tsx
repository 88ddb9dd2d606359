import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {useTheme} from '../hooks/use-theme.js';

/** A wizard's title, the step it is on, and the step itself. */
export function WizardFrame({title, step, children}: {title: string; step?: string; children: ReactNode}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} flexGrow={1}>
			<Text bold color={theme.accent} wrap="truncate-end">
				{title}
				{step ? <Text color={theme.muted}> · {step}</Text> : null}
			</Text>
			<Box flexDirection="column" marginTop={1}>
				{children}
			</Box>
		</Box>
	);
}
