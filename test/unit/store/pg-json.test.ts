import { describe, expect, it } from 'vitest';
import { toPgJson } from '../../../src/store/db/pg-json.js';

describe('JSON for jsonb', () => {
  it('replaces NUL and lone surrogates, keeps pairs and ordinary text', () => {
    const json = toPgJson({ subject: 'a\u0000b', text: ['x\uD800y', 'z\uDC00', '😀 ok'], n: 3 });
    expect(JSON.parse(json)).toEqual({ subject: 'a\uFFFDb', text: ['x\uFFFDy', 'z\uFFFD', '😀 ok'], n: 3 });
    expect(json).not.toContain('\\u0000');
  });
});
