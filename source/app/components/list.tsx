import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {useTheme} from '../hooks/use-theme.js';

export type ListRow = {id: string; label: string; marked: boolean; status?: ReactNode};

type Props = {rows: ListRow[]; selected?: string; height: number; empty: string};

/** Rows with a `›` pointer on the selected one and `*` on the marked one, scrolled to keep the selection in view. */
export function List({rows, selected, height, empty}: Props) {
	const theme = useTheme();
	if (rows.length === 0) return <Text color={theme.muted}>{empty}</Text>;
	const index = Math.max(0, rows.findIndex(row => row.id === selected));
	const visible = Math.max(1, height);
	const start = Math.max(0, Math.min(index - Math.floor(visible / 2), rows.length - visible));
	return (
		<Box flexDirection="column">
			{rows.slice(start, start + visible).map(row => {
				const isSelected = row.id === selected;
				return (
					<Box key={row.id}>
						<Box flexGrow={1} flexShrink={1}>
							<Text wrap="truncate-end" bold={isSelected} color={isSelected ? theme.selected : undefined}>
								{isSelected ? '›' : ' '}
								{row.marked ? '*' : ' '} {row.label}
							</Text>
						</Box>
						<Box flexShrink={0} marginLeft={1}>
							{row.status}
						</Box>
					</Box>
				);
			})}
		</Box>
	);
}
