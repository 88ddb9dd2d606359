/**
 * The Spaces tab: every space with its live check, the selected one's status on the right.
 * Opening it checks every credential at once; leaving it cancels what is still in flight.
 */
import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import type {SpaceView} from '../../core/session-types.js';
import {CheckBadge} from '../components/check-badge.js';
import {Field} from '../components/field.js';
import {List} from '../components/list.js';
import {StatusPanel} from '../components/status-panel.js';
import {useCommands} from '../hooks/use-commands.js';
import {useField} from '../hooks/use-field.js';
import {useTheme} from '../hooks/use-theme.js';
import {useActions, useAppState} from '../state/provider.js';
import {spaceLabel} from '../format.js';

type Mode = 'list' | 'filter' | 'confirm';

export function matchesFilter(space: SpaceView, filter: string): boolean {
	const typed = filter.trim().toLowerCase();
	if (typed === '') return true;
	return [space.origin, space.spaceKey, space.name ?? '', space.user?.name ?? ''].some(text => text.toLowerCase().includes(typed));
}

export function SpacesScreen({height, width}: {height: number; width: number}) {
	const theme = useTheme();
	const state = useAppState();
	const actions = useActions();
	const [mode, setMode] = useState<Mode>('list');
	const filterField = useField(() => setMode('list'), state.filter);

	useEffect(() => {
		void actions.loadSpaces();
	}, [actions]);

	// every check of this visit shares one signal: leaving the screen cancels them all
	const [controller] = useState(() => new AbortController());
	useEffect(() => () => controller.abort(), [controller]);
	useEffect(() => {
		if (state.spacesLoaded) void actions.checkSpaces(controller.signal);
	}, [state.spacesLoaded, actions, controller]);

	useEffect(() => {
		actions.setFilter(filterField.value);
	}, [filterField.value, actions]);

	const rows = state.spaces.filter(space => matchesFilter(space, state.filter));
	const index = rows.findIndex(space => space.origin === state.selectedSpace);
	const selected = index === -1 ? rows[0] : rows[index];
	const moveTo = (at: number) => {
		const row = rows[Math.max(0, Math.min(rows.length - 1, at))];
		if (row) actions.selectSpace(row.origin);
	};

	const whenSelected = (run: (space: SpaceView) => void) => () => {
		if (selected) run(selected);
	};

	useCommands(
		mode === 'list' ? 'spaces' : mode,
		mode === 'filter'
			? {
					...filterField.handlers,
					back() {
						filterField.set('');
						setMode('list');
					},
				}
			: mode === 'confirm'
				? {
						yes: whenSelected(space => {
							setMode('list');
							void actions.logoutSpace(space.origin);
						}),
						no: () => setMode('list'),
					}
				: {
						up: () => moveTo(index - 1),
						down: () => moveTo(index + 1),
						first: () => moveTo(0),
						last: () => moveTo(rows.length - 1),
						select: whenSelected(space => void actions.switchSpace(space.origin)),
						add: () => actions.show({name: 'add-space'}),
						verify: whenSelected(space => void actions.checkSpace(space.origin, controller.signal)),
						verifyAll: () => void actions.checkSpaces(controller.signal),
						replace: whenSelected(space => {
							if (space.authMethod === 'oauth') actions.show({name: 'add-space', method: 'oauth'});
							else actions.show({name: 'replace-secret', origin: space.origin});
						}),
						logout: whenSelected(space => {
							if (space.fromEnvironment) actions.notify({tone: 'info', text: `${spaceLabel(space)} comes from environment variables: unset them to log out.`});
							else setMode('confirm');
						}),
						filter: () => setMode('filter'),
					},
		mode === 'filter' ? filterField.onText : undefined,
	);

	const listWidth = Math.max(26, Math.min(44, Math.floor(width * 0.42)));
	const showFilter = mode === 'filter' || state.filter !== '';
	const listHeight = height - (showFilter ? 1 : 0) - (mode === 'confirm' ? 2 : 0);
	return (
		<Box height={height} width={width}>
			<Box flexDirection="column" width={listWidth} flexShrink={0} marginRight={1}>
				{showFilter ? (
					<Text>
						<Text color={theme.accent}>/</Text>
						<Field value={filterField.value} focused={mode === 'filter'} />
					</Text>
				) : null}
				{state.spacesLoaded ? (
					<List
						rows={rows.map(space => ({id: space.origin, label: spaceLabel(space), marked: space.current, status: <CheckBadge check={state.spaceChecks[space.origin]} />}))}
						selected={selected?.origin}
						height={listHeight}
						empty={state.spaces.length === 0 ? 'No spaces yet. Press a to add one.' : 'No space matches the filter.'}
					/>
				) : (
					<Text color={theme.muted}>Loading…</Text>
				)}
				{mode === 'confirm' && selected ? (
					<Box flexDirection="column" marginTop={1}>
						<Text color={theme.warn} wrap="truncate-end">
							Log out of {spaceLabel(selected)}? y/n
						</Text>
					</Box>
				) : null}
			</Box>
			{selected ? <StatusPanel space={selected} check={state.spaceChecks[selected.origin]} /> : null}
		</Box>
	);
}
