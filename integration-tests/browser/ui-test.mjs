// The browser view's checks, in headless Chromium (Debian's, driven by playwright-core), against
// the real trees UiIT starts. Prints one line per check: "ok NAME", or "fail NAME: why"; and
// "bench NAME VALUE" for the figures BENCHMARKS.md reports. Exits 0 once every check has run.
//
// Environment: UI_URL (a tree: worker1/fetcher reads UI_FETCHER_FILE, worker2 is pid UI_KILL_PID,
// bulk holds thousands of keys, the root counts load.ticks every 5 ms), UI_SECRET_URL and
// UI_SECRET (a JVM with a secret), UI_SHOT (where to save a screenshot), UI_CHROMIUM.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const env = process.env;
const url = env.UI_URL;

function report(line) {
  console.log(line);
}

async function check(name, body) {
  try {
    await body();
    report(`ok ${name}`);
  } catch (e) {
    report(`fail ${name}: ${String(e && e.message || e).split('\n')[0].slice(0, 300)}`);
  }
}

function assert(cond, why) {
  if (!cond) throw new Error(why);
}

const browser = await chromium.launch({
  executablePath: env.UI_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking'],
  timeout: 60000,
});

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const dialogs = [];
  const errors = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url + '/ui');
  await page.waitForSelector('body[data-state=live]', { timeout: 30000 });
  const node = (path) => page.locator(`details.node[data-path="${path}"]`);
  const badge = (path) => node(path).locator(':scope > summary .state');
  const cell = (key) => page.locator(`tr[data-key="${key}"] td.v`);

  await check('tree', async () => {
    for (const path of ['', 'worker1', 'worker1/fetcher', 'worker2', 'bulk']) {
      await node(path).waitFor({ timeout: 10000 });
    }
    for (const path of ['worker1', 'worker1/fetcher', 'worker2', 'bulk']) {
      const text = await badge(path).textContent();
      assert(text === 'running', `${path} shows [${text}], not running`);
    }
    const summary = await page.locator('#summary').textContent();
    assert(/running 5/.test(summary), `summary [${summary}]`);
    const probe = await node('worker1').locator(':scope > summary').textContent();
    assert(probe.includes('probe db critical'), `worker1's header [${probe}] lacks its critical probe`);
    assert(summary.includes('worker1 probe db critical'), `summary [${summary}] lacks the critical probe`);
    const pid = await node('worker2').locator(':scope > summary .meta').first().textContent();
    assert(pid.includes('pid ' + env.UI_KILL_PID), `worker2's header [${pid}] lacks its pid`);
  });

  await check('scale', async () => {
    const data = await page.evaluate(() => ({ ...document.body.dataset }));
    const rows = await page.locator('tr[data-key^="bulk/shard."]').count();
    assert(Number(data.keys) >= 3600, `${data.keys} keys in the page`);
    assert(rows >= 3500, `${rows} rows of bulk/shard.*`);
    report(`bench ui.render.keys ${data.keys}`);
    report(`bench ui.render.since_navigation_ms ${data.renderedAt}`);
    report(`bench ui.render.snapshot_to_dom_ms ${data.renderMs}`);
    const [script, stream, snapshot] = data.marks.split(',');
    report(`bench ui.render.script_started_ms ${script}`);
    report(`bench ui.render.stream_open_ms ${stream}`);
    report(`bench ui.render.snapshot_parsed_ms ${snapshot}`);
  });

  await check('xss', async () => {
    const img = await cell('worker1/fetcher/xss.img').textContent();
    const script = await cell('worker1/fetcher/xss.script').textContent();
    assert(img === '<img src=x onerror=alert(1)>', `xss.img shows [${img}]`);
    assert(script === '</script><script>alert(2)</script>', `xss.script shows [${script}]`);
    assert(await page.locator('#tree img, #tree script').count() === 0, 'markup from a value');
    assert(await page.locator('script').count() === 1, 'a script element beside app.js');
    await page.waitForTimeout(300);
    assert(dialogs.length === 0, `a dialog opened: ${dialogs}`);
    assert(errors.length === 0, `page errors: ${errors}`);
  });

  await check('change', async () => {
    const value = 'changed-' + Date.now();
    const t0 = Date.now();
    writeFileSync(env.UI_FETCHER_FILE, value);
    // The bound: a grandchild's change shows within a second, without a reload.
    await page.waitForFunction(
      (v) => { const c = document.querySelector('tr[data-key="worker1/fetcher/fetched"] td.v'); return c && c.textContent === v; },
      value, { timeout: 1000, polling: 'raf' });
    report(`bench ui.grandchild_change_ms ${Date.now() - t0}`);
  });

  await check('busy', async () => {
    // The root reports load.ticks every 5 ms (100 a second or more): the page keeps painting.
    const r = await page.evaluate(() => new Promise((resolve) => {
      const c = () => document.querySelector('tr[data-key="load.ticks"] td.v');
      const first = Number(c().textContent);
      const start = performance.now();
      let last = start;
      let frames = 0;
      let gap = 0;
      const tick = (t) => {
        frames++;
        gap = Math.max(gap, t - last);
        last = t;
        if (t - start < 3000) requestAnimationFrame(tick);
        else resolve({ frames, gap, seconds: (t - start) / 1000, changes: Number(c().textContent) - first });
      };
      requestAnimationFrame(tick);
    }));
    report(`bench ui.busy.changes_per_s ${(r.changes / r.seconds).toFixed(0)}`);
    report(`bench ui.busy.frames_per_s ${(r.frames / r.seconds).toFixed(0)}`);
    report(`bench ui.busy.longest_frame_gap_ms ${r.gap.toFixed(0)}`);
    assert(r.changes >= 100, `only ${r.changes} changes shown in ${r.seconds} s`);
    assert(r.gap < 1000, `the page froze for ${r.gap.toFixed(0)} ms`);
  });

  await check('filter', async () => {
    await page.fill('#filter', 'shard.349');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-key]').length === 11, null, { timeout: 5000 });
    const keys = await page.locator('tr[data-key]').evaluateAll((rows) => rows.map((r) => r.dataset.key));
    assert(keys.every((k) => k.startsWith('bulk/shard.349')), `filter left ${keys}`);
    await page.fill('#filter', '');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-key]').length > 3600, null, { timeout: 5000 });
  });

  await check('curl', async () => {
    await page.locator('tr[data-key="worker1/fetcher/fetched"] th.k').click();
    const line = await page.locator('code.line').first().textContent();
    const expected = `curl -s '${url}/?prefix=worker1/fetcher/fetched'`;
    assert(line === expected, `[${line}], not [${expected}]`);
    const answer = await (await fetch(`${url}/?prefix=worker1/fetcher/fetched`)).text();
    assert(answer.startsWith('worker1/fetcher/fetched: changed-'), `the line gets [${answer}]`);
    // It stays open while the tree is drawn again (a filter typed, then cleared, redraws it all).
    await page.fill('#filter', 'fetcher/fetched');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-key]').length < 100, null, { timeout: 5000 });
    await page.fill('#filter', '');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-key]').length > 3600, null, { timeout: 5000 });
    const open = await page.locator('code.line').count();
    assert(open === 1, `${open} curl lines open after a redraw, not 1`);
  });

  await check('deeplink', async () => {
    const deep = await context.newPage();
    await deep.goto(url + '/ui#worker1/fetcher');
    await deep.waitForSelector('body[data-state=live]', { timeout: 30000 });
    const top = await deep.locator('#tree > details.node').getAttribute('data-path');
    assert(top === 'worker1/fetcher', `the page opens at [${top}]`);
    assert(await deep.locator('details.node[data-path="worker2"]').count() === 0, 'worker2 shown');
    const crumbs = await deep.locator('#crumbs').textContent();
    assert(crumbs.includes('worker1') && crumbs.includes('fetcher'), `crumbs [${crumbs}]`);
    await deep.click('#crumbs a[href="#"]');
    await deep.waitForSelector('#tree > details.node[data-path=""]', { timeout: 5000 });
    await deep.close();
  });

  await check('killed', async () => {
    process.kill(Number(env.UI_KILL_PID), 'SIGKILL');
    await page.waitForFunction(
      () => { const b = document.querySelector('details.node[data-path="worker2"] > summary .state'); return b && b.textContent === 'exited'; },
      null, { timeout: 30000 });
    const header = await node('worker2').locator(':scope > summary').textContent();
    assert(header.includes('exit 137'), `worker2's header [${header}]`);
    const tone = await badge('worker2').getAttribute('class');
    assert(tone.includes('bad'), `the exited badge is [${tone}]`);
    const summary = await page.locator('#summary .fail').first().textContent();
    assert(summary.startsWith('worker2 exited 137'), `the first failure is [${summary}]`);
    if (env.UI_SHOT) {
      await page.locator('#tree').evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: env.UI_SHOT });
    }
  });

  if (env.UI_SECRET_URL) {
    await check('secret', async () => {
      const guarded = await context.newPage();
      await guarded.goto(env.UI_SECRET_URL + '/ui');
      await guarded.waitForSelector('#login:not([hidden])', { timeout: 30000 });
      await guarded.fill('#secret', 'not-the-secret');
      await guarded.click('#login button');
      await guarded.waitForSelector('#refused:not([hidden])', { timeout: 10000 });
      assert(await guarded.locator('tr[data-key]').count() === 0, 'keys shown for a wrong secret');
      await guarded.fill('#secret', env.UI_SECRET);
      await guarded.click('#login button');
      await guarded.waitForSelector('body[data-state=live]', { timeout: 10000 });
      const role = await guarded.locator('tr[data-key="role"] td.v').textContent();
      assert(role === 'guarded', `role [${role}]`);
      assert(await guarded.locator('#login').isHidden(), 'the prompt stays');
      // Asked once: a reload goes straight in, the secret sent as the header on every request.
      const sent = [];
      guarded.on('request', (r) => sent.push([r.url(), r.headers()['hermes-secret']]));
      await guarded.reload();
      await guarded.waitForSelector('body[data-state=live]', { timeout: 10000 });
      assert(await guarded.locator('#login').isHidden(), 'asked again after a reload');
      const data = sent.filter(([u]) => !u.includes('/ui'));
      assert(data.length >= 2 && data.every(([, s]) => s === env.UI_SECRET), `sent ${JSON.stringify(data.map(([u, s]) => [u, !!s]))}`);
      await guarded.close();
    });
  }
} finally {
  await browser.close();
}
