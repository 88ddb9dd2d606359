import {useState} from 'react';
import type {Option} from '../components/choice.js';
import type {Handlers} from './use-commands.js';

/** Up/down over a menu; Enter hands the pointed-at value to `onChoose`. */
export function useChoice<T extends string>(options: ReadonlyArray<Option<T>>, onChoose: (value: T) => void, initial = 0) {
	const [selected, setSelected] = useState(initial);
	const handlers: Handlers = {
		up: () => setSelected(index => Math.max(0, index - 1)),
		down: () => setSelected(index => Math.min(options.length - 1, index + 1)),
		select: () => onChoose(options[Math.min(selected, options.length - 1)]!.value),
	};
	return {selected, handlers};
}
