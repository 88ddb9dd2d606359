/**
 * The frame around every screen: header and tabs, the screen, the last notice, the key hints.
 * At most `rows - 1` lines tall: Ink redraws a full-height frame by clearing the screen.
 */
import {Box} from 'ink';
import {useEffect, type ReactNode} from 'react';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import type {Scope} from '../keys.js';
import {HelpScreen} from '../screens/help.js';
import {minimumSize, TooSmall} from '../screens/too-small.js';
import {useActions, useAppState} from '../state/provider.js';
import {Header} from './header.js';
import {useActiveScope} from './key-router.js';
import {KeyHints} from './key-hints.js';
import {NoticeLine} from './notice-line.js';

type Props = {children: (size: {height: number; width: number}) => ReactNode; under: Scope};

export function Shell({children, under}: Props) {
	const {columns, rows} = useTerminalSize();
	const state = useAppState();
	const actions = useActions();
	const scope = useActiveScope();

	useEffect(() => {
		void actions.loadSpaces();
		void actions.loadProfiles();
	}, [actions]);

	if (columns < minimumSize.columns || rows < minimumSize.rows) return <TooSmall columns={columns} rows={rows} />;

	const height = rows - 1;
	const bodyHeight = height - 4;
	return (
		<Box flexDirection="column" height={height} width={columns} overflow="hidden">
			<Header state={state} />
			<Box height={bodyHeight} flexDirection="column" overflow="hidden">
				<Box display={state.help ? 'none' : 'flex'} flexGrow={1}>
					{children({height: bodyHeight, width: columns})}
				</Box>
				{state.help ? <HelpScreen under={under} /> : null}
			</Box>
			<NoticeLine notice={state.notice} />
			<KeyHints scope={scope} />
		</Box>
	);
}
