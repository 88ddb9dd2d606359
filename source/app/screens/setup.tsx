/**
 * First-time setup: welcome, what can be imported (each credential verified before it is
 * saved), then which service, then that service's wizard.
 */
import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {toBlTuiError} from '../../core/errors.js';
import type {ImportCandidate} from '../../core/session-types.js';
import {Choice, type Option} from '../components/choice.js';
import {SpinnerLine} from '../components/spinner-line.js';
import {WizardFrame} from '../components/wizard-frame.js';
import {useChoice} from '../hooks/use-choice.js';
import {useCommands} from '../hooks/use-commands.js';
import {useSession} from '../hooks/use-session.js';
import {useTheme} from '../hooks/use-theme.js';
import {useActions} from '../state/provider.js';
import {AddSpace} from './add-space.js';
import {ProfileWizard} from './profile-wizard.js';
import {spaceLabel} from '../format.js';

type Step = 'welcome' | 'import' | 'service' | 'backlog' | 'atlassian';
type Service = 'backlog' | 'atlassian';
type Outcome = {state: 'verifying'} | {state: 'imported'} | {state: 'failed'; word: string; message: string};

const services: ReadonlyArray<Option<Service>> = [
	{value: 'backlog', label: 'Backlog', note: 'a space on backlog.com, backlog.jp or your own server'},
	{value: 'atlassian', label: 'Atlassian', note: 'Jira, Confluence, JSM or Bitbucket'},
];

export function SetupScreen() {
	const theme = useTheme();
	const session = useSession();
	const actions = useActions();
	const [step, setStep] = useState<Step>('welcome');
	const [candidates, setCandidates] = useState<ImportCandidate[]>();
	const [chosen, setChosen] = useState<Set<number>>(new Set());
	const [pointer, setPointer] = useState(0);
	const [outcomes, setOutcomes] = useState<Record<number, Outcome>>({});
	const importing = Object.values(outcomes).some(outcome => outcome.state === 'verifying');
	const imported = Object.values(outcomes).some(outcome => outcome.state === 'imported');
	const finished = Object.keys(outcomes).length > 0 && !importing;

	useEffect(() => {
		session
			.findImportCandidates()
			.then(found => {
				setCandidates(found);
				setChosen(new Set(found.map((_, index) => index)));
			})
			.catch(() => {
				setCandidates([]);
			});
	}, [session]);

	const importChosen = async () => {
		const list = candidates ?? [];
		await Promise.all(
			[...chosen].map(async index => {
				const candidate = list[index]!;
				setOutcomes(known => ({...known, [index]: {state: 'verifying'}}));
				try {
					const check = await session.verifyCandidate(candidate.space, candidate.secret);
					if (!check.ok) throw check.error;
					await session.saveSpace(candidate.space, candidate.secret, check);
					setOutcomes(known => ({...known, [index]: {state: 'imported'}}));
				} catch (error) {
					const {word, message} = toBlTuiError(error);
					setOutcomes(known => ({...known, [index]: {state: 'failed', word, message}}));
				}
			}),
		);
	};

	const service = useChoice(services, value => setStep(value));
	const toService = () => setStep('service');
	const leave = () => {
		void actions.loadSpaces().then(() => actions.show({name: 'main'}));
	};

	useCommands(
		step === 'welcome' ? 'welcome' : step === 'import' ? (finished ? 'done' : 'import') : 'choice',
		step === 'welcome'
			? {submit: () => setStep(candidates && candidates.length > 0 ? 'import' : 'service')}
			: step === 'import'
				? finished
					? {submit: imported ? leave : toService, back: toService}
					: {
							up: () => setPointer(at => Math.max(0, at - 1)),
							down: () => setPointer(at => Math.min((candidates?.length ?? 1) - 1, at + 1)),
							toggle() {
								const next = new Set(chosen);
								if (next.has(pointer)) next.delete(pointer);
								else next.add(pointer);
								setChosen(next);
							},
							submit: () => (importing ? undefined : void importChosen()),
							skip: importing ? undefined : toService,
						}
				: {...service.handlers, back: () => setStep('welcome')},
		undefined,
		step === 'welcome' || step === 'import' || step === 'service',
	);

	if (step === 'backlog') return <AddSpace onCancel={toService} />;
	if (step === 'atlassian') return <ProfileWizard onCancel={toService} />;

	if (step === 'welcome') {
		return (
			<WizardFrame title="Welcome to bl-tui">
				<Text>bl-tui keeps your Backlog API keys and Atlassian tokens in the system keyring,</Text>
				<Text>checks them against their servers, and switches between them.</Text>
				<Text> </Text>
				<Text>Nothing is set up yet. Enter starts a short guided setup.</Text>
				{candidates === undefined ? <SpinnerLine label="Looking for credentials to import…" /> : null}
				{candidates && candidates.length > 0 ? (
					<Text color={theme.accent}>Found {candidates.length} credential(s) you can import.</Text>
				) : null}
			</WizardFrame>
		);
	}

	if (step === 'import') {
		return (
			<WizardFrame title="Import credentials found on this machine">
				{(candidates ?? []).map((candidate, index) => {
					const outcome = outcomes[index];
					return (
						<Box key={`${candidate.source}-${candidate.space.origin}`}>
							<Text bold={index === pointer} color={index === pointer ? theme.selected : undefined} wrap="truncate-end">
								{index === pointer ? '› ' : '  '}[{chosen.has(index) ? 'x' : ' '}] {spaceLabel(candidate.space)} <Text color={theme.muted}>from {candidate.source}</Text>{' '}
							</Text>
							{outcome?.state === 'verifying' ? <SpinnerLine label="" /> : null}
							{outcome?.state === 'imported' ? <Text color={theme.ok}>✓ imported</Text> : null}
							{outcome?.state === 'failed' ? <Text color={theme.error}>✗ {outcome.word}</Text> : null}
						</Box>
					);
				})}
				<Text> </Text>
				<Text color={theme.muted}>
					{finished ? (imported ? 'Enter to open your spaces' : 'Nothing imported. Enter to set up a space by hand') : 'Each one is verified before it is saved.'}
				</Text>
			</WizardFrame>
		);
	}

	return (
		<WizardFrame title="What do you want to set up first?">
			<Choice options={services} selected={service.selected} />
		</WizardFrame>
	);
}
