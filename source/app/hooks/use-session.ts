import {createContext, useContext} from 'react';
import type {Session} from '../../core/session-types.js';

export const SessionContext = createContext<Session | undefined>(undefined);

/** The core, as the app was given it: the real Session, or a fake in tests. */
export function useSession(): Session {
	const session = useContext(SessionContext);
	if (!session) throw new Error('useSession needs a SessionContext provider');
	return session;
}
