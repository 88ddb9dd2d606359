/** How many checks run at once: every space of a large setup in one round, without opening hundreds of sockets. */
export const defaultConcurrency = 64;

/** Runs `fn` over `items` with at most `limit` at once; results keep the items' order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await fn(items[index], index);
		}
	};

	await Promise.all(Array.from({length: Math.min(Math.max(1, limit), items.length)}, worker));
	return results;
}
