/** Said when the app is asked for without a terminal; shared by the entry and the app itself. */
export const noTerminalMessage = 'bl-tui needs a terminal for the full-screen app. Use the commands instead: bl-tui auth list, bl-tui auth status, bl-tui --help';
