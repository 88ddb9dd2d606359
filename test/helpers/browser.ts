/**
 * A real browser for end-to-end tests: Debian's headless Chromium driven by playwright-core (no
 * browser download). It does what a user does on Backlog's approval page.
 */
import {existsSync} from 'node:fs';
import {chromium} from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

export function hasChromium(): boolean {
	return existsSync(chromiumPath);
}

export type BrowserOutcome = {
	/** Where the browser ended up: the loopback callback, with its query. */
	url: string;
	/** The text of the page shown there. */
	text: string;
};

/** Opens the authorize URL, clicks Approve (or Deny), and waits for the loopback's page. */
export async function approveInBrowser(url: string, {deny = false, timeoutMs = 20_000}: {deny?: boolean; timeoutMs?: number} = {}): Promise<BrowserOutcome> {
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
		timeout: timeoutMs,
	});
	try {
		const page = await browser.newPage();
		page.setDefaultTimeout(timeoutMs);
		await page.goto(url);
		await page.getByRole('button', {name: deny ? 'Deny' : 'Approve'}).click();
		await page.waitForURL(/\/callback\?/);
		await page.waitForLoadState('load');
		return {url: page.url(), text: await page.locator('body').innerText()};
	} finally {
		await browser.close();
	}
}
