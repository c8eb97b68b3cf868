// Opens a report file in headless Chromium with every network request refused, REPEATS times, and prints
// JSON: the milliseconds from navigation start until the figures and the power plot are painted
// (body[data-ready-ms], set by web/src/report.js) and the main thread is free again, and any request tried.
// Usage: node ui-tti.mjs <report.html> <repeats>   (playwright-core from NODE_PATH; Chromium from CHROMIUM)
import { chromium } from 'playwright-core';

const [file, repeats = '5'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const runs = [];
const requests = [];
for (let i = 0; i < Number(repeats); i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const page = await context.newPage();
  await page.route(/^(?!file:)/, (route) => { requests.push(route.request().url()); return route.abort(); });
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  const ready = Number(await page.getAttribute('body', 'data-ready-ms'));
  // Interactive: a task posted now runs (nothing long left on the main thread), e.g. the zoom buttons answer.
  const idle = await page.evaluate(() => new Promise((r) => setTimeout(() => r(performance.now()), 0)));
  const points = await page.getAttribute('[data-testid=power-plot]', 'data-points');
  runs.push({ ready_ms: ready, interactive_ms: Math.round(idle), points_per_node: Number(points) });
  await context.close();
}
await browser.close();
const med = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
console.log(JSON.stringify({ runs, median_ready_ms: med('ready_ms'), median_interactive_ms: med('interactive_ms'), requests }));
