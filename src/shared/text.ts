const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Git stores names and messages as bytes. Most are UTF-8; when they are not (old Latin-1 commits,
 * odd file names) the bytes are decoded as Latin-1, which maps every byte to one character and so
 * keeps the text readable and lossless instead of replacing bytes with U+FFFD.
 */
export function decodeGitText(bytes: Uint8Array): string {
  // Pure ASCII is the common case and needs no validation.
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
}
