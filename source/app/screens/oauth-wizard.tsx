/**
 * Adding a space with OAuth 2.0: the space, the app's client id and secret, the loopback port,
 * then the wait for the browser (screens/oauth-wait.tsx).
 */
import {Text} from 'ink';
import {useMemo, useState} from 'react';
import {toBlTuiError} from '../../core/errors.js';
import {normalizeSpace, type NormalizedSpace} from '../../core/spaces.js';
import {Field} from '../components/field.js';
import {MaskedInput} from '../components/masked-input.js';
import {WizardFrame} from '../components/wizard-frame.js';
import {useCommands} from '../hooks/use-commands.js';
import {useField} from '../hooks/use-field.js';
import {useTheme} from '../hooks/use-theme.js';
import {useAppState} from '../state/provider.js';
import {OAuthWait} from './oauth-wait.js';

type Step = 'space' | 'client-id' | 'client-secret' | 'port' | 'wait';
const steps: Step[] = ['space', 'client-id', 'client-secret', 'port', 'wait'];
export const defaultPort = 54321;

function parsePort(typed: string): number | undefined {
	const port = Number(typed === '' ? defaultPort : typed);
	return Number.isInteger(port) && port > 0 && port < 65_536 ? port : undefined;
}

function normalize(typed: string): {space?: NormalizedSpace; error?: string} {
	try {
		return {space: normalizeSpace(typed)};
	} catch (error) {
		return {error: toBlTuiError(error).message};
	}
}

export function OAuthWizard({onCancel, initialSpace = ''}: {onCancel: () => void; initialSpace?: string}) {
	const theme = useTheme();
	const {oauthApp} = useAppState();
	const [step, setStep] = useState<Step>('space');
	const next = () => setStep(steps[steps.indexOf(step) + 1]!);
	const spaceField = useField(value => {
		if (normalize(value).space) next();
	}, initialSpace);
	const clientIdField = useField(value => {
		if (value.trim() !== '') next();
	}, oauthApp.clientId);
	const clientSecretField = useField(value => {
		if (value !== '') next();
	}, oauthApp.clientSecret);
	const portField = useField(value => {
		if (parsePort(value)) next();
	}, String(defaultPort));
	const field = {space: spaceField, 'client-id': clientIdField, 'client-secret': clientSecretField, port: portField, wait: undefined}[step];
	const back = () => (step === 'space' ? onCancel() : setStep(steps[steps.indexOf(step) - 1]!));
	useCommands('field', field ? {...field.handlers, back} : {}, field?.onText, step !== 'wait');

	const typed = useMemo(() => normalize(spaceField.value), [spaceField.value]);
	if (step === 'wait' && typed.space) {
		return (
			<OAuthWait
				space={typed.space}
				clientId={clientIdField.value.trim()}
				clientSecret={clientSecretField.value}
				port={parsePort(portField.value) ?? defaultPort}
				onBack={() => setStep('port')}
			/>
		);
	}

	const at = steps.indexOf(step);
	return (
		<WizardFrame title="Add a Backlog space with OAuth 2.0" step={`${at + 1}/4`}>
			<Text>Space:</Text>
			<Field value={spaceField.value} focused={step === 'space'} placeholder="acme" />
			{spaceField.value === '' ? null : typed.space ? (
				<Text color={theme.ok} wrap="truncate-end">
					→ {typed.space.origin}
				</Text>
			) : (
				<Text color={theme.error} wrap="truncate-end">
					{typed.error}
				</Text>
			)}
			{at >= 1 ? (
				<>
					<Text>Client ID (from the app you registered in Backlog's developer settings):</Text>
					<Field value={clientIdField.value} focused={step === 'client-id'} />
				</>
			) : null}
			{at >= 2 ? (
				<>
					<Text>Client secret:</Text>
					<MaskedInput value={clientSecretField.value} focused={step === 'client-secret'} />
				</>
			) : null}
			{at >= 3 ? (
				<>
					<Text>Port for the redirect (http://127.0.0.1:PORT/callback):</Text>
					<Field value={portField.value} focused={step === 'port'} />
					{parsePort(portField.value) ? null : <Text color={theme.error}>A port is a number from 1 to 65535.</Text>}
				</>
			) : null}
		</WizardFrame>
	);
}
