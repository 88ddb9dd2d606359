/**
 * Everything the screens draw that outlives one screen: the lists, the live checks, where the
 * user is. Wizards keep their half-typed fields to themselves.
 */
import type {ProfileView, SpaceView, StorageInfo} from '../../core/session-types.js';
import type {ProfileCheck, SpaceCheck} from '../../core/types.js';

export type Tab = 'spaces' | 'profiles';

export type View =
	| {name: 'main'}
	| {name: 'setup'}
	| {name: 'add-space'; method?: 'api-key' | 'oauth'; from?: 'setup'}
	| {name: 'replace-secret'; origin: string}
	| {name: 'add-profile'; from?: 'setup'}
	| {name: 'replace-token'; profile: string; bitbucket: boolean};

export type Check<T> = {state: 'checking'} | {state: 'done'; result: T};

export type Notice = {tone: 'ok' | 'error' | 'info'; text: string; hint?: string};

export type AppState = {
	tab: Tab;
	view: View;
	help: boolean;
	storage: StorageInfo;
	demo: boolean;
	spaces: SpaceView[];
	spacesLoaded: boolean;
	spaceChecks: Record<string, Check<SpaceCheck>>;
	/** The selected space by origin, so a reload or a filter keeps the selection. */
	selectedSpace?: string;
	filter: string;
	profiles: ProfileView[];
	profileChecks: Record<string, Check<ProfileCheck[]>>;
	selectedProfile?: string;
	notice?: Notice;
	/** BL_OAUTH_CLIENT_ID / BL_OAUTH_CLIENT_SECRET fill the OAuth wizard's fields. */
	oauthApp: {clientId?: string; clientSecret?: string};
};

export type Action =
	| {type: 'show'; view: View}
	| {type: 'tab'; tab: Tab}
	| {type: 'help'; open: boolean}
	| {type: 'notice'; notice?: Notice}
	| {type: 'spaces'; spaces: SpaceView[]}
	| {type: 'select-space'; origin?: string}
	| {type: 'filter'; filter: string}
	| {type: 'space-checking'; origins: string[]}
	| {type: 'space-checked'; check: SpaceCheck}
	| {type: 'profiles'; profiles: ProfileView[]}
	| {type: 'select-profile'; name?: string}
	| {type: 'profile-checking'; names: string[]}
	| {type: 'profile-checked'; name: string; checks: ProfileCheck[]};

type Options = {demo?: boolean; setup?: boolean; oauthApp?: AppState['oauthApp']};

export function initialState(storage: StorageInfo, options: Options = {}): AppState {
	return {
		tab: 'spaces',
		view: options.setup ? {name: 'setup'} : {name: 'main'},
		help: false,
		storage,
		demo: options.demo ?? false,
		spaces: [],
		spacesLoaded: false,
		spaceChecks: {},
		filter: '',
		profiles: [],
		profileChecks: {},
		oauthApp: options.oauthApp ?? {},
	};
}

function keepSelection<T>(selected: string | undefined, rows: T[], id: (row: T) => string, preferred?: T): string | undefined {
	if (selected !== undefined && rows.some(row => id(row) === selected)) return selected;
	const row = preferred ?? rows[0];
	return row === undefined ? undefined : id(row);
}

export function reducer(state: AppState, action: Action): AppState {
	switch (action.type) {
		case 'show': {
			return {...state, view: action.view, help: false};
		}

		case 'tab': {
			return {...state, tab: action.tab, notice: undefined};
		}

		case 'help': {
			return {...state, help: action.open};
		}

		case 'notice': {
			return {...state, notice: action.notice};
		}

		case 'spaces': {
			const current = action.spaces.find(space => space.current);
			const selectedSpace = keepSelection(state.selectedSpace, action.spaces, space => space.origin, current);
			return {...state, spaces: action.spaces, spacesLoaded: true, selectedSpace};
		}

		case 'select-space': {
			return {...state, selectedSpace: action.origin};
		}

		case 'filter': {
			return {...state, filter: action.filter};
		}

		case 'space-checking': {
			const spaceChecks = {...state.spaceChecks};
			for (const origin of action.origins) spaceChecks[origin] = {state: 'checking'};
			return {...state, spaceChecks};
		}

		case 'space-checked': {
			return {...state, spaceChecks: {...state.spaceChecks, [action.check.origin]: {state: 'done', result: action.check}}};
		}

		case 'profiles': {
			const preferred = action.profiles.find(profile => profile.isDefault);
			const selectedProfile = keepSelection(state.selectedProfile, action.profiles, profile => profile.name, preferred);
			return {...state, profiles: action.profiles, selectedProfile};
		}

		case 'select-profile': {
			return {...state, selectedProfile: action.name};
		}

		case 'profile-checking': {
			const profileChecks = {...state.profileChecks};
			for (const name of action.names) profileChecks[name] = {state: 'checking'};
			return {...state, profileChecks};
		}

		case 'profile-checked': {
			return {...state, profileChecks: {...state.profileChecks, [action.name]: {state: 'done', result: action.checks}}};
		}
	}
}
