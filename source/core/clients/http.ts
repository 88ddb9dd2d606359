/**
 * The one HTTP layer every client shares: a keep-alive undici agent, a timeout on every request,
 * network failures as typed errors, and a `--debug` trace with secrets redacted.
 */
import type {LookupFunction} from 'node:net';
import {setFlagsFromString} from 'node:v8';
import type {Agent, Dispatcher} from 'undici';
import {BlTuiError} from '../errors.js';
import {redactText, redactUrl} from '../redact.js';
import {clockTime} from '../time.js';
import type {RateLimit} from '../types.js';

export type HttpOptions = {
	/** Per request, connect to last byte. */
	timeoutMs?: number;
	/** Receives one line per request and per response (`--debug`). */
	trace?: (line: string) => void;
	/** Replaces DNS resolution (tests). */
	lookup?: LookupFunction;
};

export type HttpRequest = {
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	signal?: AbortSignal;
	/** Extra secret strings to keep out of traces and messages. */
	secrets?: string[];
};

export type HttpResponse = {
	status: number;
	/** Lower-case names. */
	headers: Record<string, string>;
	text: string;
	/** The parsed body, when it was JSON. */
	json?: unknown;
	latencyMs: number;
	rateLimit?: RateLimit;
};

export const defaultTimeoutMs = 10_000;

type Client = {agent: Agent; request: (options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>};

export class Http {
	#client?: Promise<Client>;
	readonly #options: HttpOptions;
	readonly #timeoutMs: number;
	readonly #trace?: (line: string) => void;

	constructor(options: HttpOptions = {}) {
		this.#options = options;
		this.#timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
		this.#trace = options.trace;
	}

	// undici is half the start-up of a command that needs no network (`auth token`): load it on the first request
	async #connect(): Promise<Client> {
		// undici parses HTTP in WebAssembly; V8 optimising it in the background raised the app's peak by 35 MiB on Node 20
		if (!this.#client) setFlagsFromString('--liftoff-only');
		// undici's index also loads fetch, WebSocket, caches and mocks: the agent and its request are half the code, and all we use
		this.#client ??= Promise.all([import('undici/lib/dispatcher/agent.js'), import('undici/lib/api/api-request.js')]).then(([{default: Agent}, {default: request}]) => {
			const agent = new Agent({
				// `auth status --all` checks dozens of spaces at once, often on one origin, three requests each
				connections: 256,
				keepAliveTimeout: 10_000,
				headersTimeout: this.#timeoutMs,
				bodyTimeout: this.#timeoutMs,
				connect: {timeout: this.#timeoutMs, ...(this.#options.lookup ? {lookup: this.#options.lookup} : {})},
			});
			return {agent, request: async options => request.call(agent, options)};
		});
		return this.#client;
	}

	async request(url: string, init: HttpRequest = {}): Promise<HttpResponse> {
		const method = (init.method ?? 'GET').toUpperCase();
		const secrets = [...(init.secrets ?? []), ...headerSecrets(init.headers)];
		const shown = redactText(redactUrl(url), secrets);
		const trace = (line: string) => this.#trace?.(redactText(line, secrets));

		trace(`→ ${method} ${shown}${describeAuthorization(init.headers)}`);
		const {request} = await this.#connect();
		const timeout = AbortSignal.timeout(this.#timeoutMs);
		const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
		const started = performance.now();
		try {
			if (init.signal?.aborted) throw init.signal.reason;
			const {origin, pathname, search} = new URL(url);
			const response = await request({origin, path: `${pathname}${search}`, method: method as 'GET', headers: init.headers, body: init.body, signal});
			const text = await response.body.text();
			const latencyMs = Math.round(performance.now() - started);
			const headers = flattenHeaders(response.headers);
			const rateLimit = parseRateLimit(headers);
			trace(`← ${response.statusCode} ${method} ${shown} ${latencyMs} ms${describeRateLimit(rateLimit)}`);
			return {status: response.statusCode, headers, text, json: parseJson(text, headers['content-type']), latencyMs, rateLimit};
		} catch (error) {
			const failure = networkError(error, url, {
				cancelled: init.signal?.aborted === true,
				timedOut: timeout.aborted,
				timeoutMs: this.#timeoutMs,
				secrets,
			});
			trace(`✗ ${method} ${shown} ${Math.round(performance.now() - started)} ms: ${failure.code}: ${failure.message}`);
			throw failure;
		}
	}

	async close(): Promise<void> {
		if (this.#client) await (await this.#client).agent.close();
	}
}

/** The X-RateLimit-Limit/Remaining/Reset headers, when all three are there. */
export function parseRateLimit(headers: Record<string, string | string[] | undefined>): RateLimit | undefined {
	const read = (name: string) => {
		const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
		const first = Array.isArray(value) ? value[0] : value;
		if (first === undefined || first.trim() === '') return undefined;
		const number = Number(first);
		return Number.isFinite(number) ? number : undefined;
	};

	const limit = read('x-ratelimit-limit');
	const remaining = read('x-ratelimit-remaining');
	const reset = read('x-ratelimit-reset');
	if (limit === undefined || remaining === undefined || reset === undefined) return undefined;
	return {limit, remaining, reset};
}


function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}

	return flat;
}

function parseJson(text: string, contentType = ''): unknown {
	const looksJson = /json/i.test(contentType) || /^\s*[{[]/.test(text);
	if (!looksJson) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function headerSecrets(headers: Record<string, string> = {}): string[] {
	return Object.entries(headers)
		.filter(([name]) => name.toLowerCase() === 'authorization')
		.flatMap(([, value]) => [value, value.replace(/^\S+\s+/, '')]);
}

function describeAuthorization(headers: Record<string, string> = {}): string {
	const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization');
	if (!entry) return '';
	const scheme = entry[1].split(/\s+/, 1)[0];
	return ` (Authorization: ${scheme} ***)`;
}

function describeRateLimit(rateLimit?: RateLimit): string {
	if (!rateLimit) return '';
	return ` rate-limit ${rateLimit.remaining}/${rateLimit.limit} resets ${clockTime(rateLimit.reset)}`;
}

type FailureContext = {cancelled: boolean; timedOut: boolean; timeoutMs: number; secrets: string[]};

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
const timeoutCodes = new Set([
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'UND_ERR_CONNECT_TIMEOUT',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
]);
const tlsReasons: Array<[RegExp, string]> = [
	[/SELF_SIGNED|self[- ]signed/i, 'the certificate is self-signed'],
	[/CERT_HAS_EXPIRED|expired/i, 'the certificate has expired'],
	[/ALTNAME|hostname|does not match/i, 'the certificate is for another host'],
	[/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|UNKNOWN_PROTOCOL/i, 'the server does not speak TLS there (http vs https?)'],
	[/UNABLE_TO_(GET|VERIFY)|LOCAL_ISSUER|CERT_UNTRUSTED|CERT_/i, 'the certificate is not trusted'],
];

/** Every failure of the transport itself (no HTTP response) as a BlTuiError, with no secret in it. */
export function networkError(error: unknown, url: string, context: FailureContext): BlTuiError {
	const {host, hostPort} = describeHost(url);
	if (context.cancelled) {
		return new BlTuiError('cancelled', `Cancelled the request to ${host}.`, {hint: 'It was stopped before it finished.'});
	}

	const codes = errorCodes(error);
	const has = (test: (code: string) => boolean) => codes.some(test);
	if (context.timedOut || has(code => timeoutCodes.has(code) || code === 'TimeoutError')) {
		return new BlTuiError('timeout', `${host} did not answer within ${formatSeconds(context.timeoutMs)}.`, {
			hint: 'The server or the network is slow or unreachable: try again, or check your VPN, proxy or firewall.',
		});
	}

	if (has(code => dnsCodes.has(code))) {
		return new BlTuiError('dns', `Cannot find the host ${host}.`, {
			hint: 'Check the host spelling, and that your network and DNS work.',
		});
	}

	if (has(code => code === 'ECONNREFUSED')) {
		return new BlTuiError('refused', `${hostPort} refused the connection.`, {
			hint: `Nothing listens at ${hostPort}: check the host and port, and that the server is up.`,
		});
	}

	const tlsText = codes.join(' ');
	if (has(code => /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH)/.test(code))) {
		const reason = tlsReasons.find(([pattern]) => pattern.test(tlsText))?.[1] ?? 'the TLS handshake failed';
		return new BlTuiError('tls', `The secure connection to ${host} failed: ${reason}.`, {
			hint: 'Check the address (https or http) and the server certificate; behind a TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS at its CA file.',
		});
	}

	const detail = oneLine(redactText(error instanceof Error ? error.message : String(error), context.secrets));
	return new BlTuiError('network', `Network error talking to ${host}${detail ? `: ${detail}` : ''}.`, {
		hint: 'Check your connection, proxy and firewall, then try again.',
	});
}

function describeHost(url: string): {host: string; hostPort: string} {
	try {
		const parsed = new URL(url);
		const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
		return {host: parsed.host, hostPort: `${parsed.hostname}:${port}`};
	} catch {
		return {host: 'the server', hostPort: 'the server'};
	}
}

/** `code` and `name` of the error, its causes and, for happy-eyeballs failures, each attempt. */
function errorCodes(error: unknown, depth = 0): string[] {
	if (depth > 5 || typeof error !== 'object' || error === null) return [];
	const {code, name, cause, errors} = error as {code?: unknown; name?: unknown; cause?: unknown; errors?: unknown};
	const own = [code, name].filter((value): value is string => typeof value === 'string');
	const nested = Array.isArray(errors) ? errors.flatMap(inner => errorCodes(inner, depth + 1)) : [];
	return [...own, ...nested, ...errorCodes(cause, depth + 1)];
}

function formatSeconds(ms: number): string {
	return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

function oneLine(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
