/**
 * Keeping secrets out of everything bl-tui prints: debug traces, error messages, status output.
 */

const secretParameters = ['apiKey', 'access_token', 'refresh_token', 'client_secret', 'code'];
// Matches `name=value` after `?`, `&` or the start of a form body, up to the next `&` or `#`.
const parameterPattern = new RegExp(`(^|[?&])(${secretParameters.join('|')})=[^&#\\s]*`, 'gi');
const authorizationPattern = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;

/** The URL with the values of `apiKey`, `access_token`, `refresh_token`, `client_secret` and `code` replaced by `***`. */
export function redactUrl(url: string): string {
	return url.replace(parameterPattern, '$1$2=***');
}

/** The text with every given secret, secret query or form value and Authorization credential replaced by `***`. */
export function redactText(text: string, secrets: readonly string[] = []): string {
	let redacted = text;
	// longest first, so a secret that contains another is replaced whole
	for (const secret of [...secrets].filter(s => s.length > 0).sort((a, b) => b.length - a.length)) {
		redacted = redacted.split(secret).join('***');
	}

	return redactUrl(redacted).replace(authorizationPattern, '$1 ***');
}

/** `abcd...` for status output; a secret too short to show a quarter of safely gives just `...`. */
export function mask(secret: string): string {
	return secret.length >= 16 ? `${secret.slice(0, 4)}...` : '...';
}
