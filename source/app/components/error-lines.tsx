import {Text} from 'ink';
import type {BlTuiError} from '../../core/errors.js';
import {useTheme} from '../hooks/use-theme.js';

/** A failure as the user reads it: the message in the error colour, the hint under it. */
export function ErrorLines({error}: {error: Pick<BlTuiError, 'message' | 'hint'>}) {
	const theme = useTheme();
	return (
		<>
			<Text color={theme.error}>✗ {error.message}</Text>
			{error.hint ? <Text color={theme.muted}>{error.hint}</Text> : null}
		</>
	);
}
