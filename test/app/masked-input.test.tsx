import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {cleanTyped, MaskedInput} from '../../source/app/components/masked-input.js';
import {stripAnsi} from './render-app.js';

describe('cleanTyped', () => {
	it('strips bracketed-paste markers with or without their ESC', () => {
		expect(cleanTyped('\u001B[200~abc\u001B[201~')).toEqual({text: 'abc', submit: false});
		expect(cleanTyped('[200~')).toEqual({text: '', submit: false});
		expect(cleanTyped('[201~')).toEqual({text: '', submit: false});
	});

	it('submits on a trailing newline and drops control bytes', () => {
		expect(cleanTyped('key\r')).toEqual({text: 'key', submit: true});
		expect(cleanTyped('key\n\u001B[201~')).toEqual({text: 'key', submit: true});
		expect(cleanTyped('a\u0000b\u0007c\u007Fd\te')).toEqual({text: 'abcde', submit: false});
		expect(cleanTyped('a\nb')).toEqual({text: 'ab', submit: false});
	});
});

describe('MaskedInput', () => {
	it('draws one bullet per character, never the secret', () => {
		const {lastFrame, unmount} = render(<MaskedInput value="sécret" />);
		expect(stripAnsi(lastFrame() ?? '')).toBe('••••••');
		unmount();
	});
});
