import {homedir} from 'node:os';
import path from 'node:path';

/** `--config-dir` > `BL_TUI_CONFIG_DIR` > `$XDG_CONFIG_HOME/bl-tui` > `~/.config/bl-tui`. */
export function resolveConfigDir(flag: string | undefined, env: NodeJS.ProcessEnv, home = homedir()): string {
	if (flag) return path.resolve(flag);
	if (env.BL_TUI_CONFIG_DIR) return path.resolve(env.BL_TUI_CONFIG_DIR);
	// the XDG spec says a relative XDG_CONFIG_HOME is invalid and to be ignored
	if (env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)) return path.join(env.XDG_CONFIG_HOME, 'bl-tui');
	return path.join(home, '.config', 'bl-tui');
}
