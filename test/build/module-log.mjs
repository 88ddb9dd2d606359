// Preload (`node --import`) for the module-loading test: logs every module to $BL_TUI_MODULE_LOG.
import {register} from 'node:module';

register('./module-log-hooks.mjs', import.meta.url, {data: {logFile: process.env.BL_TUI_MODULE_LOG}});
