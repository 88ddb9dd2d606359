/**
 * The app path of cli.ts: loaded only when the full-screen app is asked for, so commands never
 * pay for Ink or React.
 */
import type {CommandContext} from './commands/context.js';

export async function startApp({context, demo}: {context: CommandContext; demo: boolean}): Promise<number> {
	if (!context.stdin.isTTY || !context.stdout.isTTY) {
		context.stderr.write('bl-tui needs a terminal for the full-screen app. Use the commands instead: bl-tui auth list, bl-tui auth status, bl-tui --help\n');
		return 2;
	}

	// the app's chunk is read and compiled while the session comes up
	const app = import('./app/main.js');
	const sandbox = demo ? await (await import('./demo.js')).startDemo(context.env) : undefined;
	try {
		const session = sandbox?.session ?? (await context.session());
		const {runApp} = await app;
		return await runApp({session, stdin: context.stdin, stdout: context.stdout, env: {...context.env, ...(context.options.color === false ? {NO_COLOR: '1'} : {})}, demo});
	} finally {
		await sandbox?.close();
	}
}
