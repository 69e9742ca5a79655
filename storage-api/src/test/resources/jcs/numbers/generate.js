// Generates es-number-vectors.txt.gz: lines "hex-ieee,expected" where expected is
// Number.prototype.toString() of the double, i.e. the ECMAScript reference that RFC 8785 uses.
// Deterministic (seeded); rerun with:  node generate.js  (from this directory).
'use strict';
const fs = require('fs');
const zlib = require('zlib');

const buf = new ArrayBuffer(8);
const f64 = new Float64Array(buf);
const u64 = new BigUint64Array(buf);

// splitmix64, seeded, so the file is reproducible.
let state = 0x5eed_c0ffee_1234n;
function next64() {
  state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
  let z = state;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
  return z ^ (z >> 31n);
}
function nextInt(n) { return Number(next64() % BigInt(n)); }
function bitsOf(d) { f64[0] = d; return u64[0]; }
function fromBits(b) { u64[0] = b & 0xffffffffffffffffn; return f64[0]; }
function nextUp(d) { const b = bitsOf(d); return d >= 0 ? fromBits(b + 1n) : fromBits(b - 1n); }
function nextDown(d) { return -nextUp(-d); }

const lines = [];
const seen = new Set();
function emit(d) {
  if (!Number.isFinite(d)) return;
  const b = bitsOf(d);
  if (seen.has(b)) return;
  seen.add(b);
  lines.push(b.toString(16).padStart(16, '0') + ',' + d.toString());
}
function emitAround(d) {
  emit(d); emit(nextUp(d)); emit(nextDown(d)); emit(-d); emit(-nextUp(d)); emit(-nextDown(d));
}

// 1. Edge cases: zeros, extremes, layout boundaries of Number::toString (1e21, 1e-6/1e-7),
//    2^53 neighbourhood, every power of ten and of two with both neighbours.
[0, -0, Number.MIN_VALUE, Number.MAX_VALUE, Number.EPSILON, 2.2250738585072014e-308,
  2 ** 53, 2 ** 53 + 2, 2 ** 64, 1e21, 1e-6, 1e-7, 123456789012345680000, 0.1, 0.2, 0.3,
  1 / 3, 2 / 3, 4.35, 0.000001, 5e-324, 9007199254740993, 333333333.33333329, 1e30, 4.5,
  0.002, 1e-27, 295147905179352830000, 1.7976931348623157e308].forEach(emitAround);
for (let e = -324; e <= 308; e++) emitAround(Number('1e' + e));
for (let e = -1074; e <= 1023; e++) emitAround(2 ** e);
for (let i = 0; i <= 1000; i++) { emit(i); emit(-i); emit(i / 10); emit(i / 100); emit(i / 1000); }
// Subnormals near the bottom and the top of their range.
for (let i = 1n; i < 200n; i++) { emit(fromBits(i)); emit(fromBits(0x000fffffffffffffn - i)); }

// 2. Random bit patterns (NaN and infinities skipped).
while (lines.length < 40000) emit(fromBits(next64()));

// 3. Random short decimals (1 to 17 significant digits) over the whole exponent range:
//    these are exactly the values whose shortest form is short, where ties and closeness matter.
while (lines.length < 75000) {
  const k = 1 + nextInt(17);
  let digits = '';
  for (let i = 0; i < k; i++) digits += String(i === 0 ? 1 + nextInt(9) : nextInt(10));
  const e = -330 + nextInt(640);
  const d = Number(digits + 'e' + e);
  emit(nextInt(2) ? d : -d);
}

// 4. Random values around the layout switch points and random integers beyond 2^53.
while (lines.length < 85000) emit(1e20 + Number(next64() % 10n ** 22n) / 1e22 * 9e21);
while (lines.length < 92000) emit(1e-8 + Number(next64() % 10n ** 17n) / 1e17 * 2e-6);
while (lines.length < 100000) emit(Number(next64() >> BigInt(nextInt(64))));

const text = lines.join('\n') + '\n';
fs.writeFileSync('es-number-vectors.txt.gz', zlib.gzipSync(Buffer.from(text, 'ascii'), { level: 9, mtime: 0 }));
console.log(lines.length + ' lines, ' + text.length + ' bytes uncompressed, node ' + process.version);
