// The browser view's render of a large tree, against its floor, in one browser, interleaved:
//   node render-bench.mjs <endpoint URL> [rounds=7]
// ui: /ui loaded afresh; the page's own marks (ms since the navigation started: script running,
//     /events open, the /?type=json snapshot parsed, the tree laid out) and the snapshot-to-DOM
//     time (the snapshot into the model, the DOM built, laid out).
// floor: the same snapshot fetched and parsed, then one plain <div> of four text <span>s a key
//     built and laid out: the least any page does to show these keys, on the same machine then.
// Prints one JSON line a round, then the medians.
import { chromium } from 'playwright-core';

const [url, roundsArg = '7'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const browser = await chromium.launch({
  executablePath: process.env.UI_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ui = [];
const floor = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  for (let i = 0; i < rounds + 1; i++) { // the first round warms the browser up and is not counted
    const page = await context.newPage();
    await page.goto(url + '/ui');
    await page.waitForSelector('body[data-state=live]', { timeout: 60000 });
    const d = await page.evaluate(() => ({ ...document.body.dataset }));
    await page.close();
    const [script, stream, snapshot] = d.marks.split(',').map(Number);
    const u = { keys: Number(d.keys), script, stream, snapshot, laidOut: Number(d.renderedAt), toDom: Number(d.renderMs) };
    const plain = await context.newPage();
    await plain.goto(url + '/health');
    const f = await plain.evaluate(async (base) => {
      const t0 = performance.now();
      const json = await (await fetch(base + '/?type=json', { cache: 'no-store' })).json();
      const t1 = performance.now();
      const frag = document.createDocumentFragment();
      for (const k of Object.keys(json)) {
        const row = document.createElement('div');
        for (const text of [k, json[k].value, String(json[k].age), String(json[k].ttl ?? '')]) {
          const s = document.createElement('span');
          s.textContent = text;
          row.append(s);
        }
        frag.append(row);
      }
      document.body.replaceChildren(frag);
      document.body.offsetHeight;
      return { fetchParse: Math.round(t1 - t0), toDom: Math.round(performance.now() - t1) };
    }, url);
    await plain.close();
    if (i > 0) {
      ui.push(u);
      floor.push(f);
      console.log(JSON.stringify({ round: i, ui: u, floor: f }));
    }
  }
} finally {
  await browser.close();
}
const m = (xs, k) => median(xs.map((x) => x[k]));
console.log(JSON.stringify({
  median: {
    keys: m(ui, 'keys'),
    ui_snapshot_to_dom_ms: m(ui, 'toDom'),
    floor_snapshot_to_dom_ms: m(floor, 'toDom'),
    ui_laid_out_since_navigation_ms: m(ui, 'laidOut'),
    ui_script_ms: m(ui, 'script'),
    ui_stream_open_ms: m(ui, 'stream'),
    ui_snapshot_parsed_ms: m(ui, 'snapshot'),
    floor_fetch_parse_ms: m(floor, 'fetchParse'),
  },
}));
