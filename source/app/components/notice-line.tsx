import {Text} from 'ink';
import {useTheme} from '../hooks/use-theme.js';
import type {Notice} from '../state/state.js';

/** The outcome of the last action, one line: what happened, or what failed and what to do. */
export function NoticeLine({notice}: {notice?: Notice}) {
	const theme = useTheme();
	if (!notice) return <Text> </Text>;
	const color = {ok: theme.ok, error: theme.error, info: theme.accent}[notice.tone];
	return (
		<Text wrap="truncate-end">
			<Text color={color}>{notice.tone === 'error' ? '✗ ' : notice.tone === 'ok' ? '✓ ' : ''}{notice.text}</Text>
			{notice.hint ? <Text color={theme.muted}> {notice.hint}</Text> : null}
		</Text>
	);
}
