/**
 * Adding an Atlassian profile (or Bitbucket credentials), or replacing a profile's token: kind,
 * name, site, email, token; verified against the product before anything is saved.
 */
import {Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {toBlTuiError, type BlTuiError} from '../../core/errors.js';
import {defaultBitbucketApi, normalizeBaseUrl, validateProfileName} from '../../core/profiles.js';
import type {ProfileCandidate, ProfileView} from '../../core/session-types.js';
import type {ProfileCheck} from '../../core/types.js';
import {Choice, type Option} from '../components/choice.js';
import {ErrorLines} from '../components/error-lines.js';
import {Field} from '../components/field.js';
import {MaskedInput} from '../components/masked-input.js';
import {SpinnerLine} from '../components/spinner-line.js';
import {WizardFrame} from '../components/wizard-frame.js';
import {useChoice} from '../hooks/use-choice.js';
import {useCommands} from '../hooks/use-commands.js';
import {useField, type FieldControl} from '../hooks/use-field.js';
import {useSession} from '../hooks/use-session.js';
import {useTheme} from '../hooks/use-theme.js';
import {useActions, useAppState} from '../state/provider.js';

type Kind = ProfileCandidate['kind'];
type Step = 'kind' | 'name' | 'base-url' | 'email' | 'workspace' | 'token' | 'verifying' | 'done';

const kinds: ReadonlyArray<Option<Kind>> = [
	{value: 'atlassian', label: 'Atlassian API token', note: 'Jira, Confluence, JSM'},
	{value: 'bitbucket-basic', label: 'Bitbucket API token', note: 'with your Atlassian email'},
	{value: 'bitbucket-bearer', label: 'Bitbucket access token', note: 'repository or workspace token'},
];

function stepsFor(kind: Kind): Step[] {
	if (kind === 'atlassian') return ['kind', 'name', 'base-url', 'email', 'token'];
	if (kind === 'bitbucket-basic') return ['kind', 'name', 'base-url', 'email', 'workspace', 'token'];
	return ['kind', 'name', 'base-url', 'workspace', 'token'];
}

function attempt<T>(run: () => T): {value?: T; error?: string} {
	try {
		return {value: run()};
	} catch (error) {
		return {error: toBlTuiError(error).message};
	}
}

function baseUrlOf(kind: Kind, typed: string): {value?: string; error?: string} {
	if (kind === 'atlassian') return attempt(() => normalizeBaseUrl(typed).baseUrl);
	const api = typed.trim() === '' ? defaultBitbucketApi : typed.trim().replace(/\/+$/, '');
	return attempt(() => new URL(api).origin);
}

type Props = {
	/** Replacing this profile's token (the Bitbucket one when `bitbucket`) instead of adding one. */
	replacing?: {profile: ProfileView; bitbucket: boolean};
	onCancel: () => void;
};

export function ProfileWizard({replacing, onCancel}: Props) {
	const theme = useTheme();
	const session = useSession();
	const actions = useActions();
	const {profiles} = useAppState();
	const [kind, setKind] = useState<Kind>('atlassian');
	const [step, setStep] = useState<Step>(replacing ? 'token' : 'kind');
	const [failure, setFailure] = useState<BlTuiError>();
	const [done, setDone] = useState<{check: ProfileCheck; view?: ProfileView}>();
	const running = useRef<AbortController | undefined>(undefined);
	useEffect(() => () => running.current?.abort(), []);

	const steps = stepsFor(kind);
	const next = () => setStep(steps[steps.indexOf(step) + 1]!);
	const choice = useChoice(kinds, value => {
		setKind(value);
		setStep('name');
	});
	const nameField = useField(value => {
		if (attempt(() => validateProfileName(value)).value) next();
	}, profiles.length === 0 ? 'default' : '');
	const baseUrlField = useField(value => {
		if (baseUrlOf(kind, value).value) next();
	});
	const emailField = useField(value => {
		if (/^[^@\s]+@[^@\s]+$/.test(value.trim())) next();
	});
	const workspaceField = useField(() => next());

	const candidate = (token: string): ProfileCandidate => {
		const base = baseUrlOf(kind, baseUrlField.value).value;
		return {
			name: nameField.value.trim(),
			kind,
			token,
			...(kind === 'atlassian' ? {baseUrl: base} : {bitbucketApi: base}),
			...(kind === 'bitbucket-bearer' ? {} : {email: emailField.value.trim()}),
			...(workspaceField.value.trim() === '' ? {} : {workspace: workspaceField.value.trim()}),
		};
	};

	const verify = async (token: string) => {
		if (token === '') return;
		const controller = new AbortController();
		running.current = controller;
		setFailure(undefined);
		setStep('verifying');
		try {
			const check = replacing
				? await session.replaceProfileToken(replacing.profile.name, token, {bitbucket: replacing.bitbucket})
				: await session.verifyProfileCandidate(candidate(token), controller.signal);
			if (controller.signal.aborted) return;
			if (!check.ok) throw check.error;
			const view = replacing ? undefined : await session.saveProfile(candidate(token), {makeDefault: profiles.length === 0});
			setDone({check, view});
			setStep('done');
		} catch (error) {
			if (controller.signal.aborted) return;
			setFailure(toBlTuiError(error));
			setStep('token');
		}
	};

	const tokenField = useField(value => {
		void verify(value);
	});

	const finish = () => {
		if (!done) return;
		if (done.view) void actions.profileAdded(done.view, done.check);
		else if (replacing) void actions.tokenReplaced(replacing.profile.name, done.check);
	};

	const back = () => {
		setFailure(undefined);
		const at = steps.indexOf(step);
		if (replacing || at <= 0) onCancel();
		else setStep(steps[at - 1]!);
	};

	const fields: Partial<Record<Step, FieldControl>> = {name: nameField, 'base-url': baseUrlField, email: emailField, workspace: workspaceField, token: tokenField};
	const field = fields[step];
	const scope = step === 'kind' ? 'choice' : step === 'verifying' ? 'wait' : step === 'done' ? 'done' : 'field';
	const handlers =
		step === 'kind'
			? {...choice.handlers, back}
			: step === 'verifying'
				? {
						back() {
							running.current?.abort();
							setStep('token');
						},
					}
				: step === 'done'
					? {submit: finish, back: finish}
					: {...field!.handlers, back};
	useCommands(scope, handlers, field?.onText);

	const shown = (at: Step) => steps.indexOf(step) >= steps.indexOf(at) || step === 'verifying' || step === 'done';
	const name = nameField.value.trim();
	const base = baseUrlOf(kind, baseUrlField.value);
	const nameCheck = attempt(() => validateProfileName(nameField.value));
	const title = replacing ? `Replace the ${replacing.bitbucket ? 'Bitbucket' : 'Atlassian'} token of ${replacing.profile.name}` : 'Add an Atlassian profile';
	return (
		<WizardFrame title={title} step={step === 'kind' ? 'kind' : undefined}>
			{step === 'kind' ? <Choice options={kinds} selected={choice.selected} /> : null}
			{!replacing && step !== 'kind' ? (
				<>
					<Text color={theme.muted}>{kinds.find(option => option.value === kind)?.label}</Text>
					<Text>Profile name:</Text>
					<Field value={nameField.value} focused={step === 'name'} placeholder="work" />
					{step === 'name' && nameField.value !== '' && nameCheck.error ? <Text color={theme.error}>{nameCheck.error}</Text> : null}
				</>
			) : null}
			{!replacing && shown('base-url') ? (
				<>
					<Text>{kind === 'atlassian' ? 'Site (e.g. https://acme.atlassian.net):' : `Bitbucket API (Enter for ${defaultBitbucketApi}):`}</Text>
					<Field value={baseUrlField.value} focused={step === 'base-url'} />
					{baseUrlField.value === '' ? null : base.value ? (
						<Text color={theme.ok} wrap="truncate-end">
							→ {base.value}
						</Text>
					) : (
						<Text color={theme.error} wrap="truncate-end">
							{base.error}
						</Text>
					)}
				</>
			) : null}
			{!replacing && steps.includes('email') && shown('email') ? (
				<>
					<Text>Email of the token's owner:</Text>
					<Field value={emailField.value} focused={step === 'email'} placeholder="you@example.com" />
				</>
			) : null}
			{!replacing && steps.includes('workspace') && shown('workspace') ? (
				<>
					<Text>Bitbucket workspace (optional, Enter to skip):</Text>
					<Field value={workspaceField.value} focused={step === 'workspace'} />
				</>
			) : null}
			{shown('token') ? (
				<>
					<Text>{kind === 'bitbucket-bearer' || replacing?.bitbucket ? 'Token' : 'API token'} (paste it; it is not shown):</Text>
					{kind === 'atlassian' && !replacing ? <Text color={theme.muted}>Create one at https://id.atlassian.com/manage-profile/security/api-tokens</Text> : null}
					<MaskedInput value={tokenField.value} focused={step === 'token'} />
				</>
			) : null}
			{failure && step === 'token' ? <ErrorLines error={failure} /> : null}
			{step === 'verifying' ? <SpinnerLine label={`Verifying ${name || replacing?.profile.name || ''}…`} /> : null}
			{step === 'done' && done?.check.ok ? (
				<>
					<Text color={theme.ok} wrap="truncate-end">
						✓ Reached {done.check.product === 'jira' ? 'Jira' : done.check.product === 'confluence' ? 'Confluence' : 'Bitbucket'} as{' '}
						{'displayName' in done.check.account && done.check.account.displayName ? done.check.account.displayName : 'the token owner'}
					</Text>
					<Text>{replacing ? 'Token replaced' : 'Saved'} · Enter to continue</Text>
				</>
			) : null}
		</WizardFrame>
	);
}
