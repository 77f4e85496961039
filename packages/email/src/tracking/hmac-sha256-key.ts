/**
 * HMAC-SHA256 (RFC 2104 / FIPS 180-4) for one reused key, in plain JS. The key's inner and outer
 * pad blocks are hashed once, at construction; each MAC then costs the message blocks plus one
 * outer block — about 1 µs for a tracking token, against ~3 µs per `createHmac` call through
 * node:crypto, whose cost is mostly creating the native object. Differentially tested against
 * node:crypto; servers verify with node:crypto, so a fault here could only make tokens fail.
 */

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
const BLOCK = 64;

export class HmacSha256Key {
  private readonly innerState = new Int32Array(8);
  private readonly outerState = new Int32Array(8);
  // Scratch space, reused: one MAC at a time (JS is single-threaded and mac() never yields).
  private readonly state = new Int32Array(8);
  private readonly w = new Int32Array(64);
  private readonly tail = new Uint8Array(2 * BLOCK);

  constructor(secret: Uint8Array) {
    let key = secret;
    if (key.length > BLOCK) key = sha256(key);
    const pad = new Uint8Array(BLOCK);
    pad.set(key);
    for (let i = 0; i < BLOCK; i++) pad[i]! ^= 0x36;
    this.innerState.set(INITIAL);
    compress(this.innerState, this.w, pad, 0);
    for (let i = 0; i < BLOCK; i++) pad[i]! ^= 0x36 ^ 0x5c;
    this.outerState.set(INITIAL);
    compress(this.outerState, this.w, pad, 0);
  }

  /** Writes the first `outLength` (≤ 32) bytes of HMAC(key, message[0..length)) to out[outOffset…]. */
  mac(
    message: Uint8Array,
    length: number,
    out: Uint8Array,
    outOffset: number,
    outLength = 32,
  ): void {
    const { state, w, tail } = this;
    state.set(this.innerState);
    const whole = length - (length % BLOCK);
    for (let at = 0; at < whole; at += BLOCK) compress(state, w, message, at);
    const rest = length - whole;
    tail.fill(0);
    tail.set(message.subarray(whole, length));
    tail[rest] = 0x80;
    const tailBlocks = rest + 9 > BLOCK ? 2 : 1;
    writeBitLength(tail, tailBlocks * BLOCK, BLOCK + length);
    compress(state, w, tail, 0);
    if (tailBlocks === 2) compress(state, w, tail, BLOCK);

    // Outer hash: opad block (precomputed) then the 32-byte inner digest, padded to one block.
    tail.fill(0, 0, BLOCK);
    for (let i = 0; i < 8; i++) writeWord(tail, i * 4, state[i]!);
    tail[32] = 0x80;
    writeBitLength(tail, BLOCK, BLOCK + 32);
    state.set(this.outerState);
    compress(state, w, tail, 0);
    for (let i = 0; i < outLength; i++)
      out[outOffset + i] = (state[i >>> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
  }
}

/** Plain SHA-256 of a whole buffer (keys longer than a block; message keys). */
export function sha256(message: Uint8Array): Uint8Array {
  const state = Int32Array.from(INITIAL);
  const w = new Int32Array(64);
  const whole = message.length - (message.length % BLOCK);
  for (let at = 0; at < whole; at += BLOCK) compress(state, w, message, at);
  const rest = message.length - whole;
  const tailBlocks = rest + 9 > BLOCK ? 2 : 1;
  const tail = new Uint8Array(tailBlocks * BLOCK);
  tail.set(message.subarray(whole));
  tail[rest] = 0x80;
  writeBitLength(tail, tail.length, message.length);
  for (let at = 0; at < tail.length; at += BLOCK) compress(state, w, tail, at);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) writeWord(out, i * 4, state[i]!);
  return out;
}

function writeWord(out: Uint8Array, at: number, word: number): void {
  out[at] = word >>> 24;
  out[at + 1] = word >>> 16;
  out[at + 2] = word >>> 8;
  out[at + 3] = word;
}

/** Big-endian bit length in the last 8 bytes of the padded tail (messages here stay far below 2^32 bits). */
function writeBitLength(tail: Uint8Array, end: number, byteLength: number): void {
  const bits = byteLength * 8;
  writeWord(tail, end - 8, Math.floor(bits / 0x100000000));
  writeWord(tail, end - 4, bits >>> 0);
}

function compress(state: Int32Array, w: Int32Array, block: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    w[i] = (block[j]! << 24) | (block[j + 1]! << 16) | (block[j + 2]! << 8) | block[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}
