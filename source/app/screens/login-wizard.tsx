/**
 * Adding a space with an API key, or replacing a space's key: type the space (normalised as you
 * type), get the page where keys are issued, paste the key, verify, and only then save.
 */
import {Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {toBlTuiError, type BlTuiError} from '../../core/errors.js';
import type {SpaceView} from '../../core/session-types.js';
import {apiKeyPage, normalizeSpace, type NormalizedSpace} from '../../core/spaces.js';
import type {SpaceCheck} from '../../core/types.js';
import {ErrorLines} from '../components/error-lines.js';
import {Field} from '../components/field.js';
import {MaskedInput} from '../components/masked-input.js';
import {SpinnerLine} from '../components/spinner-line.js';
import {WizardFrame} from '../components/wizard-frame.js';
import {useCommands} from '../hooks/use-commands.js';
import {useField} from '../hooks/use-field.js';
import {useSession} from '../hooks/use-session.js';
import {useTheme} from '../hooks/use-theme.js';
import {useActions} from '../state/provider.js';
import {spaceLabel} from '../format.js';

type Step = 'space' | 'key' | 'verifying' | 'done';
type Done = {check: SpaceCheck & {ok: true}; view?: SpaceView};

function tryNormalize(typed: string): {space?: NormalizedSpace; error?: BlTuiError} {
	try {
		return {space: normalizeSpace(typed)};
	} catch (error) {
		return {error: toBlTuiError(error)};
	}
}

type Props = {
	/** Replacing the key of this space instead of adding one. */
	replacing?: SpaceView;
	initialSpace?: string;
	onCancel: () => void;
};

export function LoginWizard({replacing, initialSpace = '', onCancel}: Props) {
	const theme = useTheme();
	const session = useSession();
	const actions = useActions();
	const [step, setStep] = useState<Step>(replacing ? 'key' : 'space');
	const [failure, setFailure] = useState<BlTuiError>();
	const [done, setDone] = useState<Done>();
	const running = useRef<AbortController | undefined>(undefined);
	useEffect(() => () => running.current?.abort(), []);

	const spaceField = useField(value => {
		if (tryNormalize(value).space) setStep('key');
	}, initialSpace);
	const typed = tryNormalize(replacing ? replacing.origin : spaceField.value);

	const verify = async (apiKey: string) => {
		const space = typed.space;
		if (!space || apiKey === '') return;
		const controller = new AbortController();
		running.current = controller;
		setFailure(undefined);
		setStep('verifying');
		const secret = {type: 'api-key' as const, apiKey};
		try {
			const check = replacing ? await session.replaceSecret(space.origin, secret, controller.signal) : await session.verifyCandidate(space, secret, controller.signal);
			if (controller.signal.aborted) return;
			if (!check.ok) throw check.error;
			const view = replacing ? undefined : await session.saveSpace(space, secret, check);
			setDone({check, view});
			setStep('done');
		} catch (error) {
			if (controller.signal.aborted) return;
			setFailure(toBlTuiError(error));
			setStep('key');
		}
	};

	const keyField = useField(value => {
		void verify(value);
	});

	const back = () => {
		setFailure(undefined);
		if (step === 'key' && !replacing) setStep('space');
		else onCancel();
	};

	const finish = () => {
		if (!done) return;
		if (done.view) void actions.spaceAdded(done.view, done.check);
		else void actions.secretReplaced(done.check);
	};

	const field = step === 'space' ? spaceField : keyField;
	useCommands(
		step === 'verifying' ? 'wait' : step === 'done' ? 'done' : 'field',
		step === 'verifying'
			? {
					back() {
						running.current?.abort();
						setStep('key');
					},
				}
			: step === 'done'
				? {submit: finish, back: finish}
				: {...field.handlers, back},
		step === 'space' || step === 'key' ? field.onText : undefined,
	);

	const title = replacing ? `Replace the API key of ${spaceLabel(replacing)}` : 'Add a Backlog space with an API key';
	return (
		<WizardFrame title={title} step={{space: '1/3 space', key: '2/3 API key', verifying: '3/3 verify', done: 'done'}[step]}>
			{replacing ? null : (
				<>
					<Text>Space (a key such as acme, a host, or a URL):</Text>
					<Field value={spaceField.value} focused={step === 'space'} placeholder="acme" />
					{typed.space ? (
						<Text color={theme.ok} wrap="truncate-end">
							→ {typed.space.origin}
						</Text>
					) : spaceField.value === '' ? (
						<Text> </Text>
					) : (
						<Text color={theme.error} wrap="truncate-end">
							{typed.error?.message}
						</Text>
					)}
				</>
			)}
			{step !== 'space' && typed.space ? (
				<>
					<Text> </Text>
					<Text wrap="truncate-end">Issue an API key at: </Text>
					<Text color={theme.accent} wrap="truncate-end">
						{apiKeyPage(typed.space.origin)}
					</Text>
					<Text>API key (paste it; it is not shown):</Text>
					<MaskedInput value={keyField.value} focused={step === 'key'} />
				</>
			) : null}
			{failure && step === 'key' ? <ErrorLines error={failure} /> : null}
			{step === 'verifying' ? <SpinnerLine label={`Verifying with ${typed.space?.host ?? ''}…`} /> : null}
			{step === 'done' && done ? (
				<>
					<Text color={theme.ok}>
						✓ Logged in as {done.check.user.name} ({done.check.user.userId})
					</Text>
					<Text wrap="truncate-end">
						{done.check.spaceName} · {replacing ? 'key replaced' : 'saved'} · Enter to continue
					</Text>
				</>
			) : null}
		</WizardFrame>
	);
}
