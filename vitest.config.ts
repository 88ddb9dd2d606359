import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// end-to-end tests spawn the built binary and terminals; two cores are all we have
		maxWorkers: 2,
	},
});
