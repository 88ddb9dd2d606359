// undici publishes no types for its own files; these two are its public Agent and Dispatcher#request
declare module 'undici/lib/dispatcher/agent.js' {
	import {Agent} from 'undici';

	export default Agent;
}

declare module 'undici/lib/api/api-request.js' {
	import type {Dispatcher} from 'undici';

	export default function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
}
