/**
 * Every failure the user can meet is a BlTuiError: a one-line message, a hint that says what to
 * do, and a short word for places with no room (a list row).
 */
export type ErrorCode =
	// input and local state
	| 'invalid-input'
	| 'not-configured'
	| 'no-default-profile'
	| 'config-corrupt'
	| 'config-version'
	| 'storage'
	| 'locked'
	// remote: authentication and permission
	| 'unauthorized'
	| 'two-step'
	| 'ip-not-allowed'
	| 'licence'
	| 'forbidden'
	| 'captcha'
	| 'needs-login'
	// remote: where and how
	| 'wrong-domain'
	| 'not-found'
	| 'rate-limited'
	| 'server'
	| 'bad-response'
	// network
	| 'dns'
	| 'refused'
	| 'timeout'
	| 'tls'
	| 'network'
	| 'cancelled'
	// OAuth flow
	| 'oauth-denied'
	| 'oauth-state'
	| 'oauth-timeout'
	| 'port-in-use'
	| 'oauth-token';

const words: Record<ErrorCode, string> = {
	'invalid-input': 'invalid',
	'not-configured': 'not set up',
	'no-default-profile': 'no default',
	'config-corrupt': 'corrupt config',
	'config-version': 'newer config',
	storage: 'storage',
	locked: 'locked',
	unauthorized: 'unauthorized',
	'two-step': '2-step needed',
	'ip-not-allowed': 'IP blocked',
	licence: 'licence',
	forbidden: 'forbidden',
	captcha: 'CAPTCHA',
	'needs-login': 'login again',
	'wrong-domain': 'wrong domain',
	'not-found': 'not found',
	'rate-limited': 'rate-limited',
	server: 'server error',
	'bad-response': 'bad response',
	dns: 'DNS',
	refused: 'refused',
	timeout: 'timeout',
	tls: 'TLS',
	network: 'network',
	cancelled: 'cancelled',
	'oauth-denied': 'denied',
	'oauth-state': 'bad state',
	'oauth-timeout': 'timed out',
	'port-in-use': 'port in use',
	'oauth-token': 'token error',
};

export type ErrorDetails = {
	hint?: string;
	/** HTTP status, when the error came from a response. */
	status?: number;
	/** Backlog's error code from `{"errors":[{"code"}]}`, when there was one. */
	apiCode?: number;
	/** Epoch seconds when a rate limit resets. */
	resetAt?: number;
	cause?: unknown;
};

export class BlTuiError extends Error {
	override readonly name = 'BlTuiError';
	readonly code: ErrorCode;
	readonly hint?: string;
	readonly status?: number;
	readonly apiCode?: number;
	readonly resetAt?: number;

	constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
		super(message, details.cause === undefined ? undefined : {cause: details.cause});
		this.code = code;
		this.hint = details.hint;
		this.status = details.status;
		this.apiCode = details.apiCode;
		this.resetAt = details.resetAt;
	}

	/** A word or two for a list row. */
	get word(): string {
		return words[this.code];
	}

	toJSON() {
		return {
			code: this.code,
			message: this.message,
			hint: this.hint,
			status: this.status,
			apiCode: this.apiCode,
			resetAt: this.resetAt,
		};
	}
}

export function isBlTuiError(error: unknown): error is BlTuiError {
	return error instanceof BlTuiError;
}

/** Wraps anything thrown into a BlTuiError so callers only ever handle one shape. */
export function toBlTuiError(error: unknown): BlTuiError {
	if (error instanceof BlTuiError) return error;
	if (error instanceof Error && error.name === 'AbortError') {
		return new BlTuiError('cancelled', 'Cancelled.', {cause: error});
	}

	const message = error instanceof Error ? error.message : String(error);
	return new BlTuiError('network', message, {cause: error});
}
