/**
 * Waiting for the browser: the URL (for when none opens), a countdown to the timeout, Esc to
 * cancel. Success shows who logged in; failure shows why, with its hint.
 */
import {Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {toBlTuiError, type BlTuiError} from '../../core/errors.js';
import type {SpaceView} from '../../core/session-types.js';
import type {NormalizedSpace} from '../../core/spaces.js';
import {ErrorLines} from '../components/error-lines.js';
import {SpinnerLine} from '../components/spinner-line.js';
import {WizardFrame} from '../components/wizard-frame.js';
import {useCommands} from '../hooks/use-commands.js';
import {useNow} from '../hooks/use-now.js';
import {useSession} from '../hooks/use-session.js';
import {useTheme} from '../hooks/use-theme.js';
import {formatClock, spaceLabel} from '../format.js';
import {useActions} from '../state/provider.js';

export const oauthTimeoutMs = 5 * 60_000;

type Props = {space: NormalizedSpace; clientId: string; clientSecret: string; port: number; onBack: () => void};
type Outcome = {state: 'waiting'} | {state: 'done'; view: SpaceView} | {state: 'failed'; error: BlTuiError};

export function OAuthWait({space, clientId, clientSecret, port, onBack}: Props) {
	const theme = useTheme();
	const session = useSession();
	const actions = useActions();
	const [attempt, setAttempt] = useState(0);
	const [url, setUrl] = useState<string>();
	const [outcome, setOutcome] = useState<Outcome>({state: 'waiting'});
	const deadline = useRef(Date.now() + oauthTimeoutMs);
	const controller = useRef<AbortController | undefined>(undefined);
	const now = useNow(1000, outcome.state === 'waiting');

	useEffect(() => {
		const running = new AbortController();
		controller.current = running;
		deadline.current = Date.now() + oauthTimeoutMs;
		setOutcome({state: 'waiting'});
		setUrl(undefined);
		session
			.loginOAuth({space, clientId, clientSecret, port, openBrowser: true, timeoutMs: oauthTimeoutMs, signal: running.signal, onAuthorizeUrl: setUrl})
			.then(view => {
				if (!running.signal.aborted) setOutcome({state: 'done', view});
			})
			.catch((error: unknown) => {
				if (!running.signal.aborted) setOutcome({state: 'failed', error: toBlTuiError(error)});
			});
		return () => {
			running.abort();
		};
	}, [session, space, clientId, clientSecret, port, attempt]);

	useCommands(
		outcome.state === 'waiting' ? 'wait' : 'done',
		outcome.state === 'waiting'
			? {
					back() {
						controller.current?.abort();
						onBack();
					},
				}
			: outcome.state === 'done'
				? {submit: () => void actions.spaceAdded(outcome.view), back: () => void actions.spaceAdded(outcome.view)}
				: {submit: () => setAttempt(count => count + 1), back: onBack},
	);

	return (
		<WizardFrame title={`Log in to ${spaceLabel(space)} with OAuth 2.0`} step="browser">
			{outcome.state === 'waiting' ? (
				<>
					<SpinnerLine label="Waiting for you to allow access in the browser…" />
					<Text> </Text>
					<Text>If no browser opened, open:</Text>
					<Text color={theme.accent}>{url ?? `starting the loopback server on 127.0.0.1:${port}…`}</Text>
					<Text> </Text>
					<Text color={theme.muted}>Times out in {formatClock(deadline.current - now)} · Esc to cancel</Text>
				</>
			) : outcome.state === 'done' ? (
				<>
					<Text color={theme.ok}>✓ Logged in as {outcome.view.user ? `${outcome.view.user.name} (${outcome.view.user.userId})` : spaceLabel(outcome.view)}</Text>
					<Text>Saved · Enter to continue</Text>
				</>
			) : (
				<>
					<ErrorLines error={outcome.error} />
					<Text color={theme.muted}>Enter to try again · Esc to go back</Text>
				</>
			)}
		</WizardFrame>
	);
}
