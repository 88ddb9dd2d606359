import {Text} from 'ink';
import {useTheme} from '../hooks/use-theme.js';
import {formatLatency} from '../format.js';
import type {Check} from '../state/state.js';
import {SpinnerLine} from './spinner-line.js';

type Outcome = {ok: true; latencyMs: number} | {ok: false; error: {word: string}};

/** A row's live check in a few characters: spinner, `✓ 142ms`, or `✗ unauthorized`. */
export function CheckBadge({check}: {check?: Check<Outcome | Outcome[]>}) {
	const theme = useTheme();
	if (!check) return <Text color={theme.muted}>·</Text>;
	if (check.state === 'checking') return <SpinnerLine label="" />;
	const outcomes = Array.isArray(check.result) ? check.result : [check.result];
	const failed = outcomes.find(outcome => !outcome.ok);
	if (failed && !failed.ok) return <Text color={theme.error}>✗ {failed.error.word}</Text>;
	const latency = Math.max(0, ...outcomes.map(outcome => (outcome.ok ? outcome.latencyMs : 0)));
	return <Text color={theme.ok}>✓ {formatLatency(latency)}</Text>;
}
