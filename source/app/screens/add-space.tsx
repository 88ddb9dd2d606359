/**
 * `a` on the Spaces tab: API key or OAuth 2.0, then that wizard. Esc on a wizard's first step
 * comes back here; Esc here goes back to where the user came from.
 */
import {Text} from 'ink';
import {useState} from 'react';
import {Choice, type Option} from '../components/choice.js';
import {WizardFrame} from '../components/wizard-frame.js';
import {useChoice} from '../hooks/use-choice.js';
import {useCommands} from '../hooks/use-commands.js';
import {LoginWizard} from './login-wizard.js';
import {OAuthWizard} from './oauth-wizard.js';

type Method = 'api-key' | 'oauth';

const methods: ReadonlyArray<Option<Method>> = [
	{value: 'api-key', label: 'API key', note: 'issued on your personal settings page'},
	{value: 'oauth', label: 'OAuth 2.0', note: 'needs an app registered in Backlog'},
];

export function AddSpace({onCancel, method: initialMethod}: {onCancel: () => void; method?: Method}) {
	const [method, setMethod] = useState<Method | undefined>(initialMethod);
	const choice = useChoice(methods, setMethod);
	useCommands('choice', {...choice.handlers, back: onCancel}, undefined, method === undefined);
	const back = () => (initialMethod ? onCancel() : setMethod(undefined));

	if (method === 'api-key') return <LoginWizard onCancel={back} />;
	if (method === 'oauth') return <OAuthWizard onCancel={back} />;
	return (
		<WizardFrame title="Add a Backlog space">
			<Text>How do you want to log in?</Text>
			<Choice options={methods} selected={choice.selected} />
		</WizardFrame>
	);
}
