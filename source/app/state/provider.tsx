/**
 * State and actions in two contexts: a screen that only dispatches does not redraw when the
 * lists change, and a screen that draws never needs to know how an action reaches the core.
 */
import {createContext, useContext, useMemo, useReducer, useRef, type ReactNode} from 'react';
import type {Session} from '../../core/session-types.js';
import {createActions, type Actions, type ExitCode} from './actions.js';
import {reducer, type AppState} from './state.js';

const StateContext = createContext<AppState | undefined>(undefined);
const ActionsContext = createContext<Actions | undefined>(undefined);

type Props = {session: Session; initial: AppState; onExit: (code: ExitCode) => void; children: ReactNode};

export function AppStateProvider({session, initial, onExit, children}: Props) {
	const [state, dispatch] = useReducer(reducer, initial);
	const latest = useRef(state);
	latest.current = state;
	const exit = useRef(onExit);
	exit.current = onExit;
	const actions = useMemo(() => createActions(dispatch, session, () => latest.current, code => exit.current(code)), [session]);
	return (
		<ActionsContext.Provider value={actions}>
			<StateContext.Provider value={state}>{children}</StateContext.Provider>
		</ActionsContext.Provider>
	);
}

export function useAppState(): AppState {
	const state = useContext(StateContext);
	if (!state) throw new Error('useAppState needs an AppStateProvider');
	return state;
}

export function useActions(): Actions {
	const actions = useContext(ActionsContext);
	if (!actions) throw new Error('useActions needs an AppStateProvider');
	return actions;
}
