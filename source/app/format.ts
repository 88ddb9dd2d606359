import {isCloudHost} from '../core/spaces.js';

/** `9s`, `4m 05s`, `1h 02m`: a countdown or an age, to the second under an hour. */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	const hours = Math.floor(seconds / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	const rest = seconds % 60;
	if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
	if (minutes > 0) return `${minutes}m ${String(rest).padStart(2, '0')}s`;
	return `${rest}s`;
}

/** `4:59` for the OAuth wait. */
export function formatClock(ms: number): string {
	const seconds = Math.max(0, Math.ceil(ms / 1000));
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function formatLatency(ms: number): string {
	return `${Math.round(ms)}ms`;
}

/**
 * How a space is named on screen: a cloud space by its host (acme.backlog.com and acme.backlog.jp
 * differ), others by the key their space API gave, else by origin without the scheme.
 */
export function spaceLabel(space: {origin: string; host?: string; spaceKey?: string}): string {
	const bare = space.origin.replace(/^https?:\/\//, '');
	if (space.host && isCloudHost(space.host)) return bare;
	if (space.spaceKey && space.spaceKey !== space.host) return space.spaceKey;
	return bare;
}
