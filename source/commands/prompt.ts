/**
 * Line prompts for the command face, with no Ink: a visible one, and a masked one that echoes
 * nothing, so a pasted secret never lands on screen or in the scrollback.
 */

export async function prompt(label: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<string> {
	// loaded on the first prompt: scripts never see one
	const {createInterface} = await import('node:readline');
	const rl = createInterface({input, output, terminal: input.isTTY});
	try {
		return await new Promise<string>((resolve, reject) => {
			// never removeAllListeners('close'): readline's own listener detaches it from the terminal, else later prompts echo (secrets too)
			rl.once('close', () => reject(new Error('Input closed.')));
			rl.question(label, answer => resolve(answer.trim()));
		});
	} finally {
		rl.close();
	}
}

export async function promptSecret(label: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<string> {
	output.write(label);
	const raw = input.isRaw;
	input.setRawMode?.(true);
	input.resume();
	input.setEncoding('utf8');
	let value = '';
	try {
		return await new Promise<string>((resolve, reject) => {
			const onData = (chunk: string) => {
				// bracketed-paste markers are not part of the secret
				for (const character of chunk.replaceAll('\u001B[200~', '').replaceAll('\u001B[201~', '')) {
					if (character === '\r' || character === '\n') {
						input.off('data', onData);
						resolve(value.trim());
						return;
					}

					if (character === '\u0003') {
						input.off('data', onData);
						reject(Object.assign(new Error('Cancelled.'), {name: 'AbortError'}));
						return;
					}

					if (character === '\u007F' || character === '\b') value = value.slice(0, -1);
					else if (character === '\u0015') value = '';
					else if (character >= ' ') value += character;
				}
			};

			input.on('data', onData);
		});
	} finally {
		input.setRawMode?.(raw);
		input.pause();
		output.write('\n');
	}
}

/** All of stdin, for `--with-token` and pipes; trailing newlines dropped. */
export async function readAll(input: NodeJS.ReadStream): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
	return Buffer.concat(chunks).toString('utf8').trim();
}
