// `npm run media`: the readme's pictures, taken from real runs of the built app in tmux (100×30)
// and drawn as SVG terminal pictures, so they can be made again whenever the screens change.
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli.js');
const columns = 100;
const rows = 30;
const socket = `bl-tui-media-${process.pid}-${randomBytes(4).toString('hex')}`;
const spinner = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

// Ink draws only the last frame when it thinks it runs in CI, and nothing of the user's own
// spaces, profiles or config may reach the pictures
function terminalEnv() {
	const env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name.startsWith('CI_') || name === 'TMUX' || name === 'NO_COLOR' || name === 'FORCE_COLOR') continue;
		if (/^(BL_|BACKLOG_|ATLASSIAN_|BITBUCKET_)/.test(name) || name === 'XDG_CONFIG_HOME') continue;
		env[name] = value;
	}

	return {...env, TERM: 'xterm-256color', COLORTERM: 'truecolor'};
}

const env = terminalEnv();

function tmux(...args) {
	return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {env, encoding: 'utf8'});
}

const quote = word => `'${word.replaceAll("'", "'\\''")}'`;
const stripAnsi = text => text.replaceAll(/\u001B\[[\d;:?]*[A-Za-z]|\u001B\][^\u0007\u001B]*(\u0007|\u001B\\)/g, '');

/** One run of the app in its own tmux session; `[exit N]` is printed when it ends. */
class Run {
	constructor(name, args, extraEnv = {}) {
		this.name = name;
		const assignments = Object.entries(extraEnv).map(([key, value]) => `${key}=${quote(value)}`);
		const line = `cd ${quote(root)} && env ${assignments.join(' ')} ${quote(process.execPath)} ${quote(cli)} ${args.map(quote).join(' ')}; echo "[exit $?]"; sleep 3600`;
		tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), line);
	}

	keys(...keys) {
		tmux('send-keys', '-t', this.name, ...keys);
	}

	type(text) {
		tmux('send-keys', '-t', this.name, '-l', text);
	}

	paste(text) {
		tmux('set-buffer', '-b', 'paste', text);
		tmux('paste-buffer', '-p', '-d', '-b', 'paste', '-t', this.name);
	}

	/** The screen with its colours, as the user sees it now. */
	capture() {
		return tmux('capture-pane', '-p', '-e', '-t', this.name);
	}

	/**
	 * Waits for the plain screen to pass `check` and then hold still for `steadyMs` (some parts,
	 * such as the key hints, follow a render later); returns the coloured capture.
	 */
	async waitUntil(check, what, timeoutMs = 15_000, steadyMs = 400) {
		const deadline = Date.now() + timeoutMs;
		let passed;
		let since = 0;
		for (;;) {
			const screen = this.capture();
			if (!check(stripAnsi(screen))) passed = undefined;
			else if (screen !== passed) [passed, since] = [screen, Date.now()];
			else if (Date.now() - since >= steadyMs) return screen;
			if (Date.now() > deadline) throw new Error(`${this.name}: timed out waiting for ${what}; the screen:\n${stripAnsi(screen)}`);
			await new Promise(resolve => setTimeout(resolve, 100));
		}
	}

	async waitFor(...texts) {
		return this.waitUntil(screen => texts.every(text => screen.includes(text)), texts.join(' + '));
	}

	/** Esc out of whatever is open, then `q`, and insists on a clean exit. */
	async quit(escapes = 0) {
		for (let index = 0; index < escapes; index++) {
			const before = stripAnsi(this.capture());
			this.keys('Escape');
			await this.waitUntil(screen => screen !== before, 'Esc to step back', 15_000, 0);
		}

		if (escapes > 0) await this.waitFor('↑↓ move');
		this.keys('q');
		const screen = stripAnsi(await this.waitUntil(screen => /\[exit \d+\]/.test(screen), 'the app to exit', 15_000, 0));
		const status = /\[exit (\d+)\]/.exec(screen)[1];
		if (status !== '0') throw new Error(`${this.name}: the app exited ${status}:\n${screen}`);
		tmux('kill-session', '-t', this.name);
	}
}

const shots = [
	{
		name: 'spaces',
		title: 'bl-tui --demo',
		async take() {
			const run = new Run('spaces', ['--demo']);
			const screen = await run.waitUntil(
				screen => screen.includes('rate-limited') && screen.includes('unauthorized') && (screen.match(/✓ \d+ms/g) ?? []).length >= 3 && !spinner.test(screen),
				'every live check to settle',
				30_000,
			);
			await run.quit();
			return screen;
		},
	},
	{
		name: 'wizard',
		title: 'bl-tui --demo · a: add a space',
		async take() {
			const run = new Run('wizard', ['--demo']);
			await run.waitFor('unauthorized');
			run.keys('a');
			await run.waitFor('How do you want to log in?');
			run.keys('Enter');
			await run.waitFor('Space (a key such as acme');
			run.type('https://Nakatomi.backlog.jp/dashboard');
			await run.waitFor('→ https://nakatomi.backlog.jp');
			run.keys('Enter');
			await run.waitFor('EditApiSettings.action');
			const key = 'demo-key-that-is-never-shown';
			run.paste(key);
			const screen = await run.waitUntil(screen => screen.includes('•'.repeat(key.length)) && !screen.includes(key), 'the pasted key, masked');
			await run.quit(3);
			return screen;
		},
	},
	{
		name: 'setup',
		title: 'bl-tui · first run',
		async take() {
			const home = mkdtempSync(path.join(tmpdir(), 'bl-tui-media-'));
			try {
				const run = new Run('setup', [], {HOME: home, BL_TUI_CONFIG_DIR: path.join(home, 'config'), BL_TUI_STORAGE: 'file'});
				const screen = await run.waitUntil(screen => screen.includes('Nothing is set up yet') && !screen.includes('Looking for'), 'the welcome, done looking for imports');
				await run.quit();
				return screen;
			} finally {
				rmSync(home, {recursive: true, force: true});
			}
		},
	},
	{
		name: 'profiles',
		title: 'bl-tui --demo · Profiles',
		async take() {
			const run = new Run('profiles', ['--demo']);
			await run.waitFor('unauthorized');
			run.keys('Tab');
			const screen = await run.waitUntil(screen => screen.includes('[Profiles]') && !/Loading|not checked/.test(screen) && !spinner.test(screen), 'the Profiles tab, checked');
			await run.quit();
			return screen;
		},
	},
	{
		name: 'help',
		title: 'bl-tui --demo · ?',
		async take() {
			const run = new Run('help', ['--demo']);
			await run.waitUntil(screen => screen.includes('unauthorized') && !spinner.test(screen), 'every live check to settle', 30_000);
			run.keys('?');
			const screen = await run.waitFor('Keys · Spaces', 'close help');
			await run.quit(1);
			return screen;
		},
	},
];

// A dark terminal palette for the 16 ANSI colours (normal, then bright)
const palette = ['#484f58', '#ff7b72', '#3fb950', '#d29922', '#58a6ff', '#bc8cff', '#39c5cf', '#b1bac4', '#8b949e', '#ffa198', '#56d364', '#e3b341', '#79c0ff', '#d2a8ff', '#56d4dd', '#f0f6fc'];
const background = '#0d1117';
const foreground = '#c9d1d9';

function color256(index) {
	if (index < 16) return palette[index];
	if (index < 232) {
		const levels = [0, 95, 135, 175, 215, 255];
		const cube = index - 16;
		return rgb(levels[Math.floor(cube / 36)], levels[Math.floor(cube / 6) % 6], levels[cube % 6]);
	}

	const gray = 8 + (index - 232) * 10;
	return rgb(gray, gray, gray);
}

const rgb = (red, green, blue) => `#${[red, green, blue].map(value => Math.max(0, Math.min(255, value)).toString(16).padStart(2, '0')).join('')}`;

/** Applies one SGR sequence's parameters to `style`, the way a terminal would. */
function applySgr(style, parameters) {
	const codes = parameters === '' ? [0] : parameters.split(/[;:]/).map(Number);
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index];
		if (code === 0) Object.assign(style, {fg: undefined, bg: undefined, bold: false, dim: false, italic: false, underline: false, inverse: false});
		else if (code === 1) style.bold = true;
		else if (code === 2) style.dim = true;
		else if (code === 3) style.italic = true;
		else if (code === 4) style.underline = true;
		else if (code === 7) style.inverse = true;
		else if (code === 22) Object.assign(style, {bold: false, dim: false});
		else if (code === 23) style.italic = false;
		else if (code === 24) style.underline = false;
		else if (code === 27) style.inverse = false;
		else if (code >= 30 && code <= 37) style.fg = palette[code - 30];
		else if (code >= 90 && code <= 97) style.fg = palette[code - 90 + 8];
		else if (code === 39) style.fg = undefined;
		else if (code >= 40 && code <= 47) style.bg = palette[code - 40];
		else if (code >= 100 && code <= 107) style.bg = palette[code - 100 + 8];
		else if (code === 49) style.bg = undefined;
		else if (code === 38 || code === 48) {
			const key = code === 38 ? 'fg' : 'bg';
			if (codes[index + 1] === 5) {
				style[key] = color256(codes[index + 2]);
				index += 2;
			} else if (codes[index + 1] === 2) {
				style[key] = rgb(codes[index + 2], codes[index + 3], codes[index + 4]);
				index += 4;
			}
		}
	}
}

// Terminal cells a character takes: two for East Asian wide and emoji, none for combining marks
function cellWidth(character) {
	const code = character.codePointAt(0);
	if (/\p{Mn}|\p{Me}|\u200B|\u200D|\uFE0F/u.test(character)) return 0;
	if ((code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1faff) || (code >= 0x20000 && code <= 0x3fffd)) return 2;
	return 1;
}

/** The capture as lines of styled runs: {column, width, text, style}. */
function parseScreen(screen) {
	const style = {};
	applySgr(style, '0');
	return screen.replace(/\n$/, '').split('\n').slice(0, rows).map(line => {
		const runs = [];
		let column = 0;
		for (const part of line.split(/(\u001B\[[\d;:?]*[A-Za-z]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\))/)) {
			if (part.startsWith('\u001B')) {
				if (part.endsWith('m') && part[1] === '[') applySgr(style, part.slice(2, -1));
				continue;
			}

			for (const character of part.replaceAll(/[\u0000-\u001F\u007F]/g, '')) {
				const width = cellWidth(character);
				const last = runs.at(-1);
				if (last && width > 0 && sameStyle(last.style, style) && last.column + last.width === column) {
					last.text += character;
					last.width += width;
				} else if (last && width === 0) {
					last.text += character;
				} else {
					runs.push({column, width, text: character, style: {...style}});
				}

				column += width;
			}
		}

		return runs;
	});
}

/** Path data of the box-drawing characters Ink's borders use, for a cell at (left, top). */
const boxPaths = Object.fromEntries(
	Object.entries({'─': 'lr', '│': 'tb', '╭': 'rb~', '╮': 'lb~', '╰': 'tr~', '╯': 'tl~', '┌': 'rb', '┐': 'lb', '└': 'tr', '┘': 'tl', '├': 'tbr', '┤': 'tbl', '┬': 'lrb', '┴': 'lrt', '┼': 'lrtb'}).map(([character, arms]) => [
		character,
		(left, top, cell) => {
			const [x, y] = [left + cell.width / 2, top + cell.height / 2];
			const ends = {l: [left, y], r: [left + cell.width, y], t: [x, top], b: [x, top + cell.height]};
			const f = value => Number(value.toFixed(1));
			if (arms.endsWith('~')) {
				const [from, to] = [ends[arms[0]], ends[arms[1]]];
				const radius = cell.width / 2;
				const near = ([endX, endY]) => [f(x + Math.sign(endX - x) * radius), f(y + Math.sign(endY - y) * radius)];
				return `M${f(from[0])} ${f(from[1])}L${near(from).join(' ')}Q${f(x)} ${f(y)} ${near(to).join(' ')}L${f(to[0])} ${f(to[1])}`;
			}

			return [...arms].map(arm => `M${f(x)} ${f(y)}L${ends[arm].map(f).join(' ')}`).join('');
		},
	]),
);

const sameStyle = (a, b) => a.fg === b.fg && a.bg === b.bg && a.bold === b.bold && a.dim === b.dim && a.italic === b.italic && a.underline === b.underline && a.inverse === b.inverse;
const escapeXml = text => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** An SVG picture of a terminal window showing the coloured capture `screen`. */
function renderSvg(screen, title) {
	const cell = {width: 8.4, height: 18};
	const fontSize = 14;
	const pad = 14;
	const bar = 32;
	const width = Math.round(columns * cell.width + pad * 2);
	const height = Math.round(rows * cell.height + pad * 2 + bar);
	const shapes = [];
	const texts = [];
	const lines = {};
	parseScreen(screen).forEach((runs, row) => {
		const top = bar + pad + row * cell.height;
		for (const run of runs) {
			let {fg = foreground, bg} = run.style;
			if (run.style.inverse) [fg, bg] = [bg ?? background, fg];
			const x = (pad + run.column * cell.width).toFixed(1);
			const length = (run.width * cell.width).toFixed(1);
			if (bg) shapes.push(`<rect x="${x}" y="${top}" width="${length}" height="${cell.height}" fill="${bg}"/>`);
			const style = [`fill="${fg}"`];
			if (run.style.bold) style.push('font-weight="bold"');
			if (run.style.dim) style.push('opacity="0.6"');
			if (run.style.italic) style.push('font-style="italic"');
			if (run.style.underline) style.push('text-decoration="underline"');
			// each word placed on its own cells: renderers differ on spaces, and fallback glyphs on width
			let column = run.column;
			for (const word of run.text.split(/( +|[─│╭╮╰╯┌┐└┘├┤┬┴┼]+)/)) {
				const cells = [...word].reduce((sum, character) => sum + cellWidth(character), 0);
				if (boxPaths[word[0]]) {
					// lines drawn, not typed, so borders join across rows as in a terminal
					lines[fg] = (lines[fg] ?? '') + [...word].map((character, index) => boxPaths[character](pad + (column + index) * cell.width, top, cell)).join('');
				} else if (word !== '' && !word.startsWith(' ')) {
					const place = [`x="${(pad + column * cell.width).toFixed(1)}"`, `y="${(top + cell.height * 0.75).toFixed(1)}"`, `textLength="${(cells * cell.width).toFixed(1)}"`, 'lengthAdjust="spacingAndGlyphs"'];
					texts.push(`<text ${[...place, ...style].join(' ')}>${escapeXml(word)}</text>`);
				}

				column += cells;
			}
		}
	});
	const dots = ['#ff5f57', '#febc2e', '#28c840'].map((fill, index) => `<circle cx="${pad + 6 + index * 20}" cy="${bar / 2 + 2}" r="6" fill="${fill}"/>`).join('');
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
		`<rect width="${width}" height="${height}" rx="8" fill="${background}"/>`,
		dots,
		`<text x="${width / 2}" y="${bar / 2 + 6}" text-anchor="middle" fill="#8b949e" font-family="ui-sans-serif, system-ui, sans-serif" font-size="13">${escapeXml(title)}</text>`,
		...shapes,
		...Object.entries(lines).map(([color, d]) => `<path d="${d}" stroke="${color}" stroke-width="1.2" fill="none"/>`),
		`<g font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace" font-size="${fontSize}">`,
		...texts,
		'</g>',
		'</svg>',
		'',
	].join('\n');
}

if (!existsSync(cli)) throw new Error('dist/cli.js is missing: npm run media builds it first');
if (spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status !== 0) throw new Error('tmux is needed to take the pictures');
const only = process.argv.slice(2);
const mediaDir = path.join(root, 'media');
mkdirSync(mediaDir, {recursive: true});
try {
	for (const shot of shots) {
		if (only.length > 0 && !only.includes(shot.name)) continue;
		const screen = await shot.take();
		if (process.env.MEDIA_DEBUG) console.log(stripAnsi(screen));
		writeFileSync(path.join(mediaDir, `${shot.name}.svg`), renderSvg(screen, shot.title));
		console.log(`media/${shot.name}.svg`);
	}
} finally {
	spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
	// tmux leaves its socket file behind when the server is killed
	rmSync(path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid()}`, socket), {force: true});
}
