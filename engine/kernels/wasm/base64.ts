const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const SEXTET = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes padded standard base64. The engine has neither `atob` (a DOM API) nor `Buffer`;
 * this only ever reads the generated WebAssembly modules, so it trusts its input.
 */
export function decodeBase64(text: string): Uint8Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    const quad =
      (SEXTET[text.charCodeAt(i)] << 18) |
      (SEXTET[text.charCodeAt(i + 1)] << 12) |
      (SEXTET[text.charCodeAt(i + 2)] << 6) |
      SEXTET[text.charCodeAt(i + 3)];
    bytes[out++] = quad >> 16;
    if (out < bytes.length) bytes[out++] = (quad >> 8) & 0xff;
    if (out < bytes.length) bytes[out++] = quad & 0xff;
  }
  return bytes;
}
