/**
 * The one table of key bindings. The router dispatches from it, and the footer hints and the
 * help overlay are generated from it, so what a key does and what the screen says it does agree.
 */
import type {Key} from 'ink';

export type Scope =
	| 'spaces'
	| 'profiles'
	| 'filter'
	| 'confirm'
	| 'logout-choice'
	| 'field'
	| 'choice'
	| 'wait'
	| 'done'
	| 'welcome'
	| 'import'
	| 'help'
	/** Nothing to act on (the terminal is too small): only quitting works. */
	| 'blocked';

export type Command =
	| 'interrupt'
	| 'quit'
	| 'help'
	| 'nextTab'
	| 'up'
	| 'down'
	| 'first'
	| 'last'
	| 'select'
	| 'add'
	| 'verify'
	| 'verifyAll'
	| 'replace'
	| 'logout'
	| 'filter'
	| 'submit'
	| 'back'
	| 'clear'
	| 'erase'
	| 'yes'
	| 'no'
	| 'credentials'
	| 'removeProfile'
	| 'bitbucketOnly'
	| 'toggle'
	| 'skip'
	| 'closeHelp';

type NamedKey = 'upArrow' | 'downArrow' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace' | 'delete';
export type KeySpec = {input?: string; key?: NamedKey; ctrl?: boolean};

export type Binding = {
	command: Command;
	keys: KeySpec[];
	/** How the key is written in hints: `↑/↓`, `enter`, `ctrl+u`. */
	label: string;
	description: string;
	scopes: readonly Scope[];
	/** Shown in the footer as well as in the help overlay. */
	hint?: boolean;
	/** The footer's wording, key included, when label + description is too long. */
	short?: string;
};

const lists: Scope[] = ['spaces', 'profiles'];
const menus: Scope[] = ['spaces', 'profiles', 'choice', 'import'];
// q, ? and Tab mean "quit", "help" and "next tab" only where no text is being typed
export const globalScopes: readonly Scope[] = ['spaces', 'profiles', 'welcome', 'help', 'blocked'];

export const bindings: readonly Binding[] = [
	{command: 'interrupt', keys: [{input: 'c', ctrl: true}], label: 'ctrl+c', description: 'quit at once', scopes: ['spaces', 'profiles', 'filter', 'confirm', 'logout-choice', 'field', 'choice', 'wait', 'done', 'welcome', 'import', 'help', 'blocked']},
	{command: 'up', keys: [{key: 'upArrow'}, {input: 'k'}], label: '↑/k', description: 'move up', scopes: menus},
	{command: 'down', keys: [{key: 'downArrow'}, {input: 'j'}], label: '↓/j', description: 'move down', scopes: menus, hint: true, short: '↑↓ move'},
	{command: 'first', keys: [{key: 'home'}, {input: 'g'}], label: 'home', description: 'first row', scopes: lists},
	{command: 'last', keys: [{key: 'end'}, {input: 'G'}], label: 'end', description: 'last row', scopes: lists},
	{command: 'select', keys: [{key: 'return'}], label: 'enter', description: 'switch to this space', scopes: ['spaces'], hint: true, short: 'enter switch'},
	{command: 'select', keys: [{key: 'return'}], label: 'enter', description: 'make this the default profile', scopes: ['profiles'], hint: true, short: 'enter default'},
	{command: 'select', keys: [{key: 'return'}], label: 'enter', description: 'choose', scopes: ['choice'], hint: true},
	{command: 'add', keys: [{input: 'a'}], label: 'a', description: 'add', scopes: lists, hint: true},
	{command: 'verify', keys: [{input: 'r'}], label: 'r', description: 're-verify the selected row', scopes: lists, hint: true, short: 'r verify'},
	{command: 'verifyAll', keys: [{input: 'R'}], label: 'R', description: 're-verify every row', scopes: lists},
	{command: 'replace', keys: [{input: 'e'}], label: 'e', description: 'replace the secret', scopes: lists, hint: true, short: 'e replace'},
	{command: 'logout', keys: [{input: 'd'}], label: 'd', description: 'log out', scopes: lists, hint: true},
	{command: 'filter', keys: [{input: '/'}], label: '/', description: 'filter', scopes: ['spaces'], hint: true},
	{command: 'toggle', keys: [{input: ' '}], label: 'space', description: 'select or unselect', scopes: ['import'], hint: true},
	{command: 'submit', keys: [{key: 'return'}], label: 'enter', description: 'import the selected', scopes: ['import'], hint: true},
	{command: 'skip', keys: [{input: 's'}], label: 's', description: 'skip', scopes: ['import'], hint: true},
	{command: 'submit', keys: [{key: 'return'}], label: 'enter', description: 'continue', scopes: ['welcome', 'done'], hint: true},
	{command: 'submit', keys: [{key: 'return'}], label: 'enter', description: 'next', scopes: ['field'], hint: true},
	{command: 'submit', keys: [{key: 'return'}], label: 'enter', description: 'keep the filter', scopes: ['filter'], hint: true},
	{command: 'clear', keys: [{input: 'u', ctrl: true}], label: 'ctrl+u', description: 'clear the field', scopes: ['field', 'filter'], hint: true},
	{command: 'erase', keys: [{key: 'backspace'}, {key: 'delete'}], label: 'backspace', description: 'delete a character', scopes: ['field', 'filter']},
	{command: 'yes', keys: [{input: 'y'}], label: 'y', description: 'yes', scopes: ['confirm'], hint: true},
	{command: 'no', keys: [{input: 'n'}, {key: 'escape'}], label: 'n/esc', description: 'no', scopes: ['confirm'], hint: true},
	{command: 'credentials', keys: [{input: 'c'}], label: 'c', description: 'remove the credentials, keep the profile', scopes: ['logout-choice'], hint: true, short: 'c credentials only'},
	{command: 'removeProfile', keys: [{input: 'p'}], label: 'p', description: 'remove the profile', scopes: ['logout-choice'], hint: true},
	{command: 'bitbucketOnly', keys: [{input: 'b'}], label: 'b', description: 'remove only Bitbucket', scopes: ['logout-choice'], hint: true},
	{command: 'back', keys: [{key: 'escape'}], label: 'esc', description: 'clear the filter', scopes: ['filter'], hint: true},
	{command: 'back', keys: [{key: 'escape'}], label: 'esc', description: 'back', scopes: ['field', 'choice', 'done', 'logout-choice'], hint: true},
	{command: 'back', keys: [{key: 'escape'}], label: 'esc', description: 'cancel', scopes: ['wait'], hint: true},
	{command: 'closeHelp', keys: [{key: 'escape'}, {input: '?'}], label: 'esc/?', description: 'close help', scopes: ['help'], hint: true},
	{command: 'nextTab', keys: [{key: 'tab'}], label: 'tab', description: 'next tab', scopes: lists, hint: true},
	{command: 'help', keys: [{input: '?'}], label: '?', description: 'help', scopes: ['spaces', 'profiles', 'welcome'], hint: true},
	{command: 'quit', keys: [{input: 'q'}], label: 'q', description: 'quit', scopes: globalScopes, hint: true},
];

function matches(spec: KeySpec, input: string, key: Key): boolean {
	if (spec.key) return key[spec.key] && Boolean(spec.ctrl) === key.ctrl;
	return spec.input === input && Boolean(spec.ctrl) === key.ctrl;
}

/** The command a keypress means in a scope, if any. */
export function commandFor(scope: Scope, input: string, key: Key): Command | undefined {
	return bindings.find(binding => binding.scopes.includes(scope) && binding.keys.some(spec => matches(spec, input, key)))?.command;
}

/** The bindings of a scope, in table order; `hint` keeps only those shown in the footer. */
export function bindingsFor(scope: Scope, options: {hint?: boolean} = {}): Binding[] {
	return bindings.filter(binding => binding.scopes.includes(scope) && binding.command !== 'interrupt' && (!options.hint || binding.hint));
}

/** What the footer shows for a binding. */
export function hintText(binding: Binding): string {
	return binding.short ?? `${binding.label} ${binding.description}`;
}

export const globalCommands: ReadonlySet<Command> = new Set(['interrupt', 'quit', 'help', 'nextTab', 'closeHelp']);

const separator = ' · ';
// always in reach: whatever else does not fit is in the `?` overlay
const kept: ReadonlySet<Command> = new Set(['help', 'quit', 'closeHelp', 'back']);

/** The footer's hints that fit in `width` columns, keeping help, quit and back at the end. */
export function footerLine(hints: ReadonlyArray<{command: Command; text: string}>, width: number): string {
	const tail = hints.filter(hint => kept.has(hint.command)).map(hint => hint.text);
	const shown: string[] = [];
	const length = (parts: string[]) => parts.join(separator).length;
	for (const hint of hints) {
		if (kept.has(hint.command)) continue;
		if (length([...shown, hint.text, ...tail]) > width) break;
		shown.push(hint.text);
	}

	return [...shown, ...tail].join(separator);
}
