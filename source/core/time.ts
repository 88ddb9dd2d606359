/** Local wall-clock time, HH:MM:SS, of an epoch-seconds instant. */
export function clockTime(epochSeconds: number): string {
	const date = new Date(epochSeconds * 1000);
	return [date.getHours(), date.getMinutes(), date.getSeconds()].map(n => String(n).padStart(2, '0')).join(':');
}
