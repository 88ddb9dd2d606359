// Loader hooks for the module-loading test: appends the URL of every module the process loads to a file.
import {appendFileSync} from 'node:fs';

let logFile;

export function initialize(data) {
	logFile = data.logFile;
}

export async function load(url, context, nextLoad) {
	appendFileSync(logFile, `${url}\n`);
	return nextLoad(url, context);
}
