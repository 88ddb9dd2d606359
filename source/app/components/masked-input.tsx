/**
 * Secret entry. Ink has no paste events and ink-text-input would keep control letters and the
 * terminal's bracketed-paste markers in the value, so the cleaning is ours.
 */
import {Field} from './field.js';

// ESC [ 200~ / 201~ around a bracketed paste; Ink hands them over with or without the ESC
const pasteMarkers = /\u001B?\[20[01]~/g;
// C0 controls and DEL; a newline is handled before this as "submit"
const controlBytes = /[\u0000-\u001F\u007F]/g;

export type Typed = {text: string; submit: boolean};

/** What a chunk of input adds to a field, and whether it ended with Enter (a pasted newline). */
export function cleanTyped(input: string): Typed {
	const withoutMarkers = input.replace(pasteMarkers, '');
	const submit = /[\r\n]$/.test(withoutMarkers);
	return {text: withoutMarkers.replace(/\u001B\[[\d;]*[A-Za-z~]/g, '').replace(controlBytes, ''), submit};
}

export function maskedText(value: string): string {
	return '•'.repeat([...value].length);
}

type Props = {value: string; focused?: boolean; placeholder?: string};

/** Shows one `•` per character typed; the secret itself is never drawn. */
export function MaskedInput({value, focused = true, placeholder}: Props) {
	return <Field value={value} shown={maskedText(value)} focused={focused} placeholder={placeholder} />;
}
