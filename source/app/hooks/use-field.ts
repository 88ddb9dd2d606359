import type {Key} from 'ink';
import {useCallback, useRef, useState} from 'react';
import {cleanTyped} from '../components/masked-input.js';

export type FieldControl = {
	value: string;
	set: (value: string) => void;
	/** Handlers for the `field` scope of the key table. */
	handlers: {submit: () => void; clear: () => void; erase: () => void};
	onText: (input: string, key: Key) => void;
};

/**
 * The editing half of a field: typing and pasting append (cleaned), Backspace deletes, Ctrl+U
 * clears, Enter or a pasted trailing newline submits. A ref keeps fast typing from losing keys.
 */
export function useField(onSubmit: (value: string) => void, initial = ''): FieldControl {
	const [value, setValue] = useState(initial);
	const latest = useRef(initial);
	const submitRef = useRef(onSubmit);
	submitRef.current = onSubmit;

	const set = useCallback((next: string) => {
		latest.current = next;
		setValue(next);
	}, []);

	const submit = () => submitRef.current(latest.current);
	return {
		value,
		set,
		handlers: {
			submit,
			clear: () => set(''),
			erase: () => set([...latest.current].slice(0, -1).join('')),
		},
		onText(input, key) {
			if (key.ctrl || (key.meta && !input.startsWith('['))) return;
			const typed = cleanTyped(input);
			if (typed.text !== '') set(latest.current + typed.text);
			if (typed.submit) submit();
		},
	};
}
