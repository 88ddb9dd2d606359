import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {bindings, bindingsFor, commandFor, footerLine, hintText, type Scope} from '../../source/app/keys.js';

function key(overrides: Partial<Key> = {}): Key {
	return {
		upArrow: false,
		downArrow: false,
		leftArrow: false,
		rightArrow: false,
		pageDown: false,
		pageUp: false,
		home: false,
		end: false,
		return: false,
		escape: false,
		ctrl: false,
		shift: false,
		tab: false,
		backspace: false,
		delete: false,
		meta: false,
		super: false,
		hyper: false,
		capsLock: false,
		numLock: false,
		...overrides,
	};
}

describe('the key table', () => {
	it('maps keys to commands per scope', () => {
		expect(commandFor('spaces', '', key({downArrow: true}))).toBe('down');
		expect(commandFor('spaces', 'j', key())).toBe('down');
		expect(commandFor('spaces', 'q', key())).toBe('quit');
		expect(commandFor('spaces', 'R', key({shift: true}))).toBe('verifyAll');
		expect(commandFor('confirm', 'y', key())).toBe('yes');
		expect(commandFor('field', 'u', key({ctrl: true}))).toBe('clear');
		expect(commandFor('field', '', key({delete: true}))).toBe('erase');
	});

	it('lets no text key quit, open help or switch tabs while typing', () => {
		for (const scope of ['field', 'filter'] as Scope[]) {
			expect(commandFor(scope, 'q', key())).toBeUndefined();
			expect(commandFor(scope, '?', key())).toBeUndefined();
			expect(commandFor(scope, 'j', key())).toBeUndefined();
		}
	});

	it('binds Ctrl+C in every scope', () => {
		const scopes = new Set(bindings.flatMap(binding => binding.scopes));
		for (const scope of scopes) expect(commandFor(scope, 'c', key({ctrl: true}))).toBe('interrupt');
	});

	it('never binds one key to two commands in a scope', () => {
		const scopes = new Set(bindings.flatMap(binding => binding.scopes));
		for (const scope of scopes) {
			const seen = new Set<string>();
			for (const binding of bindings.filter(b => b.scopes.includes(scope))) {
				for (const spec of binding.keys) {
					const id = JSON.stringify(spec);
					expect(seen.has(id), `${scope}: ${id}`).toBe(false);
					seen.add(id);
				}
			}
		}
	});

	it('generates the footer from the same table', () => {
		expect(bindingsFor('confirm', {hint: true}).map(binding => hintText(binding))).toEqual(['y yes', 'n/esc no']);
	});
});

describe('footerLine', () => {
	const hints = bindingsFor('spaces', {hint: true}).map(binding => ({command: binding.command, text: hintText(binding)}));

	it('keeps help and quit in reach at 80 columns and fits the width', () => {
		const line = footerLine(hints, 80);
		expect(line.length).toBeLessThanOrEqual(80);
		expect(line.endsWith('? help · q quit')).toBe(true);
		expect(line.startsWith('↑↓ move · enter switch')).toBe(true);
	});

	it('shows every hint when there is room', () => {
		expect(footerLine(hints, 200).split(' · ')).toHaveLength(hints.length);
	});
});
