// Saves a screenshot of the browser view: node screenshot.mjs <endpoint URL> <out.png> [light|dark]
import { chromium } from 'playwright-core';

const [url, out, scheme = 'light'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.UI_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 1150 }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(url + '/ui');
  await page.waitForSelector('body[data-state=live]', { timeout: 30000 });
  await page.waitForTimeout(1500); // a changed value's highlight, ages moving
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
