// Reads a JSON array of texts on standard input and prints, for each, what the two npm
// oracles make of it: sms-segments-calculator (encoding, segment count, the text of each
// segment) and split-sms (character set, the text of each part).
'use strict';
const { SegmentedMessage } = require('sms-segments-calculator');
const split = require('split-sms');

function calculator(text) {
  const m = new SegmentedMessage(text, 'auto');
  // Segment subclasses Array: copy before filtering, or its constructor adds header slots.
  const parts = Array.from(m.segments).map((seg) =>
    Array.from(seg).filter((c) => c && typeof c.raw === 'string' && !c.isUserDataHeader).map((c) => c.raw).join(''));
  return { encoding: m.encodingName, count: m.segmentsCount, parts };
}

function splitter(text) {
  const r = split.split(text);
  return { charset: r.characterSet, parts: r.parts.map((p) => p.content) };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const texts = JSON.parse(input);
  const out = texts.map((t) => ({ calculator: calculator(t), split: splitter(t) }));
  process.stdout.write(JSON.stringify(out));
});
