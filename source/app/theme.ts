/**
 * Colours by meaning. Screens ask for `theme.ok`, never for "green", so the no-colour theme
 * (NO_COLOR, --no-color) is one object away and every state still reads from its symbol.
 */
export type Theme = {
	color: boolean;
	accent?: string;
	ok?: string;
	warn?: string;
	error?: string;
	muted?: string;
	/** Marks the selected row; with no colour the row keeps its `›` pointer and is inverted. */
	selected?: string;
};

export const colourTheme: Theme = {
	color: true,
	accent: 'cyan',
	ok: 'green',
	warn: 'yellow',
	error: 'red',
	muted: 'gray',
	selected: 'cyan',
};

export const noColourTheme: Theme = {color: false};

/** NO_COLOR with any non-empty value, or FORCE_COLOR=0, turns colour off. */
export function themeFor(env: NodeJS.ProcessEnv, noColor = false): Theme {
	if (noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.FORCE_COLOR === '0') return noColourTheme;
	return colourTheme;
}
