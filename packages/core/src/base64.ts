const encoder = new TextEncoder();

/** Base64 of the UTF-8 bytes of `text`. `btoa(text)` alone throws on anything outside Latin-1. */
export function utf8ToBase64(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
