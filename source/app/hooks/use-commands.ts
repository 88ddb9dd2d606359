/**
 * Screens say which scope of the key table they are in and what each command does there; the one
 * router (components/key-router.tsx) sends every keypress to the newest registration.
 */
import type {Key} from 'ink';
import {createContext, useContext, useLayoutEffect, useRef} from 'react';
import type {Command, Scope} from '../keys.js';

export type Handlers = Partial<Record<Command, () => void>>;
export type TextHandler = (input: string, key: Key) => void;

export type Registration = {scope: Scope; handlers: Handlers; onText?: TextHandler};

export class KeyRegistry {
	private readonly entries: Registration[] = [];
	private readonly listeners = new Set<() => void>();
	private readonly renders = new Set<() => void>();

	add(entry: Registration): () => void {
		this.entries.push(entry);
		this.changed();
		return () => {
			this.entries.splice(this.entries.indexOf(entry), 1);
			this.changed();
		};
	}

	update(entry: Registration, next: Registration) {
		const scopeChanged = entry.scope !== next.scope;
		Object.assign(entry, next);
		if (scopeChanged) this.changed();
		for (const listener of [...this.renders]) listener();
	}

	/** Calls `listener` once, the next time a registered screen has rendered. */
	onceRendered(listener: () => void): () => void {
		const once = () => {
			this.renders.delete(once);
			listener();
		};

		this.renders.add(once);
		return () => {
			this.renders.delete(once);
		};
	}

	top(): Registration | undefined {
		return this.entries.at(-1);
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	}

	private changed() {
		for (const listener of this.listeners) listener();
	}
}

export const KeyRegistryContext = createContext<KeyRegistry | undefined>(undefined);

/**
 * Registers the screen's handlers for `scope`. Layout effects, so the handlers are in place before
 * the frame that shows the screen is written: a test that waits for the frame can press at once.
 */
export function useCommands(scope: Scope, handlers: Handlers, onText?: TextHandler, active = true) {
	const registry = useContext(KeyRegistryContext);
	if (!registry) throw new Error('useCommands needs a KeyRouter');
	const entry = useRef<Registration>({scope, handlers, onText});
	// a screen that hands the keys to a wizard it shows steps aside while the wizard is up
	useLayoutEffect(() => (active ? registry.add(entry.current) : undefined), [registry, active]);
	useLayoutEffect(() => {
		registry.update(entry.current, {scope, handlers, onText});
	});
}
