import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// end-to-end tests spawn the built binary and terminals; two cores are all we have
		maxWorkers: 2,
		// screen tests render Ink in-process, as app-entry.ts does after telling Ink it is not in CI
		env: {CI: '0', CONTINUOUS_INTEGRATION: '0'},
	},
});
