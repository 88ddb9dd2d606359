/**
 * The one place keys come in. A keypress becomes a named command from the key table; the newest
 * registered screen handles it, else the app's global handlers do, else a field gets the text.
 */
import {useInput, type Key} from 'ink';
import {createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode} from 'react';
import {KeyRegistry, KeyRegistryContext, type Handlers} from '../hooks/use-commands.js';
import {commandFor, globalCommands, type Scope} from '../keys.js';

const ScopeContext = createContext<Scope | undefined>(undefined);

/** The scope that keys go to now: what the footer describes. */
export function useActiveScope(): Scope | undefined {
	return useContext(ScopeContext);
}

type Props = {global: Handlers; children: ReactNode};

export function KeyRouter({global, children}: Props) {
	const registry = useMemo(() => new KeyRegistry(), []);
	const [scope, setScope] = useState<Scope | undefined>(undefined);
	const globals = useRef(global);
	globals.current = global;

	useEffect(() => {
		const update = () => {
			setScope(registry.top()?.scope);
		};

		update();
		return registry.subscribe(update);
	}, [registry]);

	const dispatch = (input: string, key: Key) => {
		if (input === 'c' && key.ctrl) {
			globals.current.interrupt?.();
			return;
		}

		const top = registry.top();
		if (!top) return;
		const command = commandFor(top.scope, input, key);
		if (command === undefined) {
			top.onText?.(input, key);
			return;
		}

		const handler = top.handlers[command] ?? (globalCommands.has(command) ? globals.current[command] : undefined);
		handler?.();
	};

	// Keys that arrive together (a fast typist, `down` + `enter` in one read) wait until the screen
	// has rendered what the previous key did, so none meets a stale screen; 50ms when nothing renders.
	const queue = useRef<Array<[string, Key]>>([]);
	const settling = useRef<(() => void) | undefined>(undefined);
	const drain = () => {
		const next = queue.current.shift();
		if (!next) {
			settling.current = undefined;
			return;
		}

		let done = false;
		const proceed = () => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			stopWaiting();
			setImmediate(drain);
		};

		const stopWaiting = registry.onceRendered(proceed);
		const timer = setTimeout(proceed, 50);
		settling.current = () => {
			done = true;
			clearTimeout(timer);
			stopWaiting();
		};

		dispatch(...next);
	};

	useEffect(
		() => () => {
			settling.current?.();
			queue.current = [];
		},
		[],
	);

	useInput((input, key) => {
		queue.current.push([input, key]);
		if (!settling.current) drain();
	});

	return (
		<KeyRegistryContext.Provider value={registry}>
			<ScopeContext.Provider value={scope}>{children}</ScopeContext.Provider>
		</KeyRegistryContext.Provider>
	);
}
