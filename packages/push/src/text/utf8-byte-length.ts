const encoder = new TextEncoder();
/** Scratch space for counting: encodeInto is native (several times faster than a JS loop). */
let scratch = new Uint8Array(16 * 1024);

/**
 * UTF-8 length of a JS string as TextEncoder encodes it (lone surrogates become U+FFFD, 3 bytes).
 * No Node Buffer, so the builders run on any runtime.
 */
export function utf8ByteLength(text: string): number {
  // Worst case 3 bytes per UTF-16 code unit; grow the scratch so one call always consumes all.
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  return encoder.encodeInto(text, scratch).written;
}
