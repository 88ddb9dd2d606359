/**
 * What a keypress can make happen. Each action calls the core through the Session, then tells
 * the reducer what came back; failures become a notice with the error's hint, never a crash.
 */
import type {Dispatch} from 'react';
import {toBlTuiError} from '../../core/errors.js';
import type {ProfileView, Session, SpaceView} from '../../core/session-types.js';
import type {ProfileCheck, SpaceCheck} from '../../core/types.js';
import type {Action, AppState, Notice, View} from './state.js';
import {spaceLabel} from '../format.js';

export type Actions = ReturnType<typeof createActions>;

export type ExitCode = 0 | 130;

function aborted(signal?: AbortSignal): boolean {
	return signal?.aborted === true;
}

export function createActions(dispatch: Dispatch<Action>, session: Session, getState: () => AppState, onExit: (code: ExitCode) => void) {
	const notify = (notice?: Notice) => {
		dispatch({type: 'notice', notice});
	};

	const fail = (error: unknown) => {
		const {message, hint} = toBlTuiError(error);
		notify({tone: 'error', text: message, hint});
	};

	const loadSpaces = async () => {
		try {
			dispatch({type: 'spaces', spaces: await session.listSpaces()});
		} catch (error) {
			fail(error);
		}
	};

	const loadProfiles = async () => {
		try {
			dispatch({type: 'profiles', profiles: await session.listProfiles()});
		} catch (error) {
			fail(error);
		}
	};

	const checkProfile = async (profile: ProfileView, signal?: AbortSignal) => {
		dispatch({type: 'profile-checking', names: [profile.name]});
		let checks: ProfileCheck[];
		try {
			checks = await session.verifyProfile(profile.name, {bitbucket: profile.bitbucket !== undefined, signal});
		} catch (error) {
			checks = [{ok: false, profile: profile.name, product: 'jira', error: toBlTuiError(error)}];
		}

		if (!aborted(signal)) dispatch({type: 'profile-checked', name: profile.name, checks});
	};

	return {
		quit: () => onExit(0),
		interrupt: () => onExit(130),
		show: (view: View) => dispatch({type: 'show', view}),
		openHelp: () => dispatch({type: 'help', open: true}),
		closeHelp: () => dispatch({type: 'help', open: false}),
		nextTab: () => dispatch({type: 'tab', tab: getState().tab === 'spaces' ? 'profiles' : 'spaces'}),
		notify,
		loadSpaces,
		loadProfiles,
		selectSpace: (origin?: string) => dispatch({type: 'select-space', origin}),
		setFilter: (filter: string) => dispatch({type: 'filter', filter}),
		selectProfile: (name?: string) => dispatch({type: 'select-profile', name}),

		async switchSpace(origin: string) {
			try {
				const space = await session.useSpace(origin);
				await loadSpaces();
				notify({tone: 'ok', text: `Switched to ${spaceLabel(space)}.`});
			} catch (error) {
				fail(error);
			}
		},

		/** Checks every space at once; each row fills in as its answer lands. */
		async checkSpaces(signal?: AbortSignal) {
			dispatch({type: 'space-checking', origins: getState().spaces.map(space => space.origin)});
			try {
				await session.verifyAll(check => {
					if (!aborted(signal)) dispatch({type: 'space-checked', check});
				}, signal);
			} catch (error) {
				if (!aborted(signal)) fail(error);
			}
		},

		async checkSpace(origin: string, signal?: AbortSignal) {
			dispatch({type: 'space-checking', origins: [origin]});
			let check: SpaceCheck;
			try {
				check = await session.verifySpace(origin, signal);
			} catch (error) {
				check = {ok: false, origin, error: toBlTuiError(error)};
			}

			if (!aborted(signal)) dispatch({type: 'space-checked', check});
		},

		async logoutSpace(origin: string) {
			const space = getState().spaces.find(row => row.origin === origin);
			try {
				await session.logoutSpace(origin);
				await loadSpaces();
				notify({tone: 'ok', text: `Logged out of ${space ? spaceLabel(space) : origin}.`});
			} catch (error) {
				fail(error);
			}
		},

		/** After a wizard saved a verified space: show it, selected, with the check it passed. */
		async spaceAdded(space: SpaceView, check?: SpaceCheck) {
			await loadSpaces();
			if (check) dispatch({type: 'space-checked', check});
			dispatch({type: 'select-space', origin: space.origin});
			dispatch({type: 'tab', tab: 'spaces'});
			dispatch({type: 'show', view: {name: 'main'}});
			notify({tone: 'ok', text: `Added ${spaceLabel(space)}${space.current ? ', now the current space' : ''}.`});
		},

		async secretReplaced(check: SpaceCheck) {
			await loadSpaces();
			dispatch({type: 'space-checked', check});
			dispatch({type: 'show', view: {name: 'main'}});
			const space = getState().spaces.find(row => row.origin === check.origin);
			notify({tone: 'ok', text: `Replaced the secret of ${spaceLabel(space ?? check)}.`});
		},

		async makeDefault(name: string) {
			try {
				await session.useProfile(name);
				await loadProfiles();
				notify({tone: 'ok', text: `${name} is now the default profile.`});
			} catch (error) {
				fail(error);
			}
		},

		async checkProfiles(signal?: AbortSignal) {
			await Promise.all(getState().profiles.map(async profile => checkProfile(profile, signal)));
		},

		async checkProfile(name: string, signal?: AbortSignal) {
			const profile = getState().profiles.find(row => row.name === name);
			if (profile) await checkProfile(profile, signal);
		},

		async logoutProfile(name: string, what: 'credentials' | 'profile' | 'bitbucket') {
			try {
				const {defaultCleared} = await session.logoutProfile(name, what);
				await loadProfiles();
				const done = {credentials: `Removed the credentials of ${name}.`, profile: `Removed the profile ${name}.`, bitbucket: `Removed the Bitbucket credentials of ${name}.`}[what];
				notify({tone: 'ok', text: defaultCleared ? `${done} There is no default profile now.` : done});
			} catch (error) {
				fail(error);
			}
		},

		async tokenReplaced(name: string, check: ProfileCheck) {
			await loadProfiles();
			dispatch({type: 'profile-checked', name, checks: [check]});
			dispatch({type: 'show', view: {name: 'main'}});
			notify({tone: 'ok', text: `Replaced the ${check.product === 'bitbucket' ? 'Bitbucket' : 'Atlassian'} token of ${name}.`});
		},

		async profileAdded(profile: ProfileView, check: ProfileCheck) {
			await loadProfiles();
			dispatch({type: 'profile-checked', name: profile.name, checks: [check]});
			dispatch({type: 'select-profile', name: profile.name});
			dispatch({type: 'tab', tab: 'profiles'});
			dispatch({type: 'show', view: {name: 'main'}});
			notify({tone: 'ok', text: `Added the profile ${profile.name}${profile.isDefault ? ', the default' : ''}.`});
		},
	};
}
