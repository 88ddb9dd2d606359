/**
 * The full-screen app: providers, and which screen the state says is shown. No state of its own.
 */
import type {Session} from '../core/session-types.js';
import {KeyRouter} from './components/key-router.js';
import {Shell} from './components/shell.js';
import {SessionContext} from './hooks/use-session.js';
import {ThemeContext} from './hooks/use-theme.js';
import type {Scope} from './keys.js';
import {AddSpace} from './screens/add-space.js';
import {LoginWizard} from './screens/login-wizard.js';
import {ProfileWizard} from './screens/profile-wizard.js';
import {ProfilesScreen} from './screens/profiles.js';
import {SetupScreen} from './screens/setup.js';
import {SpacesScreen} from './screens/spaces.js';
import type {ExitCode} from './state/actions.js';
import {AppStateProvider, useActions, useAppState} from './state/provider.js';
import type {AppState} from './state/state.js';
import type {Theme} from './theme.js';

type Props = {session: Session; initial: AppState; theme: Theme; onExit: (code: ExitCode) => void};

export function App({session, initial, theme, onExit}: Props) {
	return (
		<SessionContext.Provider value={session}>
			<ThemeContext.Provider value={theme}>
				<AppStateProvider session={session} initial={initial} onExit={onExit}>
					<Keys />
				</AppStateProvider>
			</ThemeContext.Provider>
		</SessionContext.Provider>
	);
}

function Keys() {
	const actions = useActions();
	return (
		<KeyRouter global={{interrupt: actions.interrupt, quit: actions.quit, help: actions.openHelp, closeHelp: actions.closeHelp, nextTab: actions.nextTab}}>
			<Screen />
		</KeyRouter>
	);
}

function Screen() {
	const {view, tab, spaces, profiles} = useAppState();
	const actions = useActions();
	const toMain = () => actions.show({name: 'main'});
	const under: Scope = view.name === 'setup' ? 'welcome' : tab;
	return (
		<Shell under={under}>
			{size => {
				switch (view.name) {
					case 'setup': {
						return <SetupScreen />;
					}

					case 'add-space': {
						return <AddSpace method={view.method} onCancel={toMain} />;
					}

					case 'replace-secret': {
						const space = spaces.find(row => row.origin === view.origin);
						return space ? <LoginWizard replacing={space} onCancel={toMain} /> : null;
					}

					case 'add-profile': {
						return <ProfileWizard onCancel={toMain} />;
					}

					case 'replace-token': {
						const profile = profiles.find(row => row.name === view.profile);
						return profile ? <ProfileWizard replacing={{profile, bitbucket: view.bitbucket}} onCancel={toMain} /> : null;
					}

					case 'main': {
						return tab === 'spaces' ? <SpacesScreen {...size} /> : <ProfilesScreen {...size} />;
					}
				}
			}}
		</Shell>
	);
}
