import {Text} from 'ink';
import {useCommands} from '../hooks/use-commands.js';

export const minimumSize = {columns: 60, rows: 15};

/** Below 60×15 nothing fits: say so, and let q still quit. */
export function TooSmall({columns, rows}: {columns: number; rows: number}) {
	useCommands('blocked', {});
	return (
		<Text>
			Terminal too small: needs at least {minimumSize.columns}×{minimumSize.rows} (now {columns}×{rows})
		</Text>
	);
}
