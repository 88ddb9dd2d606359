import {Text} from 'ink';
import Spinner from 'ink-spinner';
import {useTheme} from '../hooks/use-theme.js';

/** A spinner and what is being waited for. */
export function SpinnerLine({label}: {label: string}) {
	const theme = useTheme();
	return (
		<Text>
			<Text color={theme.accent}>
				<Spinner type="dots" />
			</Text>
			{label === '' ? '' : ` ${label}`}
		</Text>
	);
}
