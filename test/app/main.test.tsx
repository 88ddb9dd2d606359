import {EventEmitter} from 'node:events';
import {PassThrough, Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {noTerminalMessage, runApp} from '../../source/app/main.js';
import {createFakeSession, okCheck} from '../helpers/fake-session.js';
import {stripAnsi, waitFor} from './render-app.js';

const enterAlternate = '\u001B[?1049h';
const leaveAlternate = '\u001B[?1049l';

function terminal() {
	const stdin = Object.assign(new PassThrough(), {isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin}) as unknown as NodeJS.ReadStream & PassThrough;
	let written = '';
	const stdout = Object.assign(
		new Writable({
			write(chunk, _encoding, done) {
				written += String(chunk);
				done();
			},
		}),
		{isTTY: true, columns: 100, rows: 30},
	) as unknown as NodeJS.WriteStream;
	let errors = '';
	const stderr = Object.assign(
		new Writable({
			write(chunk, _encoding, done) {
				errors += String(chunk);
				done();
			},
		}),
		{isTTY: false},
	) as unknown as NodeJS.WriteStream;
	return {stdin, stdout, stderr, written: () => written, errors: () => errors};
}

function session() {
	return createFakeSession({spaces: [{origin: 'https://acme.backlog.com', current: true}], answers: {verify: origin => okCheck(origin), verifyProfile: () => []}});
}

async function started(term: ReturnType<typeof terminal>) {
	await waitFor(
		() => stripAnsi(term.written()).includes('acme.backlog.com') && (term.stdin as unknown as EventEmitter).listenerCount('readable') > 0,
		() => `the app never drew; output:\n${stripAnsi(term.written())}`,
	);
}

describe('runApp', () => {
	it('refuses to start without a terminal and points at the commands', async () => {
		const term = terminal();
		const code = await runApp({session: session(), stdin: Object.assign(new PassThrough(), {isTTY: false}) as unknown as NodeJS.ReadStream, stdout: term.stdout, stderr: term.stderr, env: {}});
		expect(code).toBe(2);
		expect(term.errors()).toBe(`${noTerminalMessage}\n`);
		expect(term.written()).toBe('');
	});

	it('enters the alternate screen, and q leaves it with exit code 0', async () => {
		const term = terminal();
		const running = runApp({session: session(), stdin: term.stdin, stdout: term.stdout, stderr: term.stderr, env: {}});
		await started(term);
		expect(term.written().startsWith(enterAlternate)).toBe(true);
		term.stdin.write('q');
		expect(await running).toBe(0);
		expect(term.written().endsWith(leaveAlternate)).toBe(true);
		expect(term.written()).toContain('\u001B[?25h');
	});

	it('Ctrl+C exits 130 with the screen restored', async () => {
		const term = terminal();
		const running = runApp({session: session(), stdin: term.stdin, stdout: term.stdout, stderr: term.stderr, env: {}});
		await started(term);
		term.stdin.write('\u0003');
		expect(await running).toBe(130);
		expect(term.written().endsWith(leaveAlternate)).toBe(true);
	});

	it.each([
		['SIGTERM', 143],
		['SIGHUP', 129],
	] as const)('%s restores the screen and exits %i', async (signal, expected) => {
		const listeners = process.listenerCount(signal);
		const term = terminal();
		const running = runApp({session: session(), stdin: term.stdin, stdout: term.stdout, stderr: term.stderr, env: {}});
		await started(term);
		process.emit(signal, signal);
		expect(await running).toBe(expected);
		expect(term.written().endsWith(leaveAlternate)).toBe(true);
		expect(process.listenerCount(signal)).toBe(listeners);
	});

	it('a crash restores the screen first, then prints the error, and exits 1', async () => {
		const term = terminal();
		const running = runApp({session: session(), stdin: term.stdin, stdout: term.stdout, stderr: term.stderr, env: {}});
		await started(term);
		(process as EventEmitter).emit('uncaughtException', new Error('boom'));
		expect(await running).toBe(1);
		expect(term.written().endsWith(leaveAlternate)).toBe(true);
		expect(term.errors()).toContain('boom');
	});

	it('NO_COLOR turns colour off', async () => {
		const term = terminal();
		const running = runApp({session: session(), stdin: term.stdin, stdout: term.stdout, stderr: term.stderr, env: {NO_COLOR: '1'}});
		await started(term);
		await waitFor(
			() => stripAnsi(term.written()).includes('✓ 142ms'),
			() => 'no check drawn',
		);
		term.stdin.write('q');
		await running;
		expect(term.written()).not.toMatch(/\u001B\[(3[0-7]|9[0-7])m/);
	});
});
