import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyHistogram, logBins, recordMicros, summarize } from '../../src/bench/histogram.js';
import { latencySvg, xmlEscape } from '../../src/bench/plot.js';

/**
 * A small XML well-formedness check (no dependency): one root, every tag closed in order, attributes
 * quoted and not repeated, no raw `<` or `&` outside tags and entities. Returns the element names seen.
 */
function checkWellFormed(xml: string): string[] {
  let s = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const seen: string[] = [];
  let roots = 0;
  while (s.length > 0) {
    const lt = s.indexOf('<');
    const text = lt < 0 ? s : s.slice(0, lt);
    assert.ok(!/&(?!(?:lt|gt|amp|quot|apos|#\d+);)/.test(text), `bad entity in text: ${text.slice(0, 40)}`);
    if (stack.length === 0) assert.equal(text.trim(), '', 'text outside the root element');
    if (lt < 0) break;
    s = s.slice(lt);
    const m = /^<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/.exec(s);
    assert.ok(m, `malformed tag at: ${s.slice(0, 60)}`);
    const [whole, closing, name, attrs, selfClosing] = m!;
    const names = [...attrs!.matchAll(/([\w:-]+)="/g)].map((a) => a[1]);
    assert.equal(new Set(names).size, names.length, `repeated attribute in <${name}>`);
    for (const v of attrs!.matchAll(/="([^"]*)"/g)) assert.ok(!/&(?!(?:lt|gt|amp|quot|apos|#\d+);)/.test(v[1]!), `bad entity in attribute of <${name}>`);
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else {
      if (stack.length === 0) roots++;
      seen.push(name!);
      if (!selfClosing) stack.push(name!);
    }
    s = s.slice(whole.length);
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'exactly one root element');
  return seen;
}

test('the checker itself rejects broken XML', () => {
  assert.throws(() => checkWellFormed('<svg><g></svg>'));
  assert.throws(() => checkWellFormed('<svg a="1" a="2"/>'));
  assert.throws(() => checkWellFormed('<svg>a & b</svg>'));
  assert.throws(() => checkWellFormed('<svg/><svg/>'));
  assert.deepEqual(checkWellFormed('<?xml version="1.0"?>\n<svg><text x="1">a &amp; b</text></svg>'), ['svg', 'text']);
});

test('the latency plot is well-formed SVG with a bar per non-empty bin and percentile marks', () => {
  const h = latencyHistogram();
  for (let k = 1; k <= 5000; k++) recordMicros(h, 50 + (k % 977) * 13);
  for (let k = 0; k < 20; k++) recordMicros(h, 250_000);
  const bins = logBins(h);
  const svg = latencySvg('fanout <plain> & "irc"', bins, summarize(h));
  const elements = checkWellFormed(svg);
  assert.equal(elements[0], 'svg');
  assert.ok(svg.includes('xmlns="http://www.w3.org/2000/svg"'));
  assert.equal(elements.filter((e) => e === 'rect').length, 1 + bins.filter((b) => b.count > 0).length, 'background plus one bar per bin');
  assert.ok(svg.includes('fanout &lt;plain&gt; &amp; &quot;irc&quot;'));
  for (const p of ['p50', 'p99', 'p99.9']) assert.ok(svg.includes(`>${p} `), p);
});

test('an empty histogram plots "no samples"', () => {
  const h = latencyHistogram();
  const svg = latencySvg('empty', logBins(h), summarize(h));
  checkWellFormed(svg);
  assert.ok(svg.includes('no samples'));
});

test('xmlEscape escapes the five XML specials', () => {
  assert.equal(xmlEscape(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
});
