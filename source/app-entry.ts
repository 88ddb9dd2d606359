/**
 * The app path of cli.ts: loaded only when the full-screen app is asked for, so commands never
 * pay for Ink or React.
 */
import {noTerminalMessage} from './app/messages.js';
import type {CommandContext} from './commands/context.js';

export async function startApp({context, demo}: {context: CommandContext; demo: boolean}): Promise<number> {
	if (!context.stdin.isTTY || !context.stdout.isTTY) {
		context.stderr.write(`${noTerminalMessage}\n`);
		return 2;
	}

	// Ink decides once, as it loads, to draw only the last frame when CI is set; a full-screen
	// session in a real terminal never wants that, even in a shell where CI=true was exported
	const ci = {CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION};
	process.env.CI = '0';
	process.env.CONTINUOUS_INTEGRATION = '0';
	// the app's chunk is read and compiled while the session comes up
	const app = import('./app/main.js');
	const restore = () => {
		for (const [name, value] of Object.entries(ci)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	};

	app.then(restore, restore);
	const sandbox = demo ? await (await import('./demo.js')).startDemo(context.env) : undefined;
	try {
		const session = sandbox?.session ?? (await context.session());
		const {runApp} = await app;
		return await runApp({session, stdin: context.stdin, stdout: context.stdout, env: {...context.env, ...(context.options.color === false ? {NO_COLOR: '1'} : {})}, demo});
	} finally {
		await sandbox?.close();
	}
}
