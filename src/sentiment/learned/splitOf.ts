export type Split = 'train' | 'dev' | 'test';

/**
 * Which part of the data an answer belongs to, from a hash of its text alone: adding or
 * reordering answers never moves the others, and training, tests and the bench agree.
 * FNV-1a (32 bits) over the UTF-8 bytes of the NFC text, mod 100: <70 train, 70-84 dev, >=85 test.
 */
export function splitOf(text: string): Split {
  const bucket = fnv1a(text.normalize('NFC')) % 100;
  return bucket < 70 ? 'train' : bucket < 85 ? 'dev' : 'test';
}

export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
