import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.js';

const OLD = 'an-old-application-secret-key-0123456789';
const NEW = 'a-new-application-secret-key-9876543210';
const random = (size: number) => randomBytes(size);

describe('the secret box (AES-256-GCM under HKDF keys)', () => {
  it('opens what it sealed for the same context, and never shows the plain text', () => {
    const box = createSecretBox([NEW], random);
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'account-1');
    expect(sealed).toMatch(/^v1\.[\w-]{8}\.[\w-]{16}\.[\w-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'account-1')).toEqual({ plain: 'JBSWY3DPEHPK3PXP', stale: false });
    expect(box.seal('JBSWY3DPEHPK3PXP', 'account-1')).not.toBe(sealed);
  });

  it('refuses another context, a changed byte, an unknown key and malformed values as null', () => {
    const box = createSecretBox([NEW], random);
    const sealed = box.seal('secret', 'account-1');
    expect(box.open(sealed, 'account-2')).toBeNull();
    const [version, id, iv, body = ''] = sealed.split('.');
    const flipped = `${body.slice(0, -2)}${body.at(-2) === 'A' ? 'B' : 'A'}${body.at(-1)}`;
    expect(box.open([version, id, iv, flipped].join('.'), 'account-1')).toBeNull();
    expect(createSecretBox([OLD], random).open(sealed, 'account-1')).toBeNull();
    for (const bad of ['', 'v1', 'v2.a.b.c', 'v1.x.y.z', `${sealed}.extra`, 'v1..%%.@@']) {
      expect(box.open(bad, 'account-1'), bad).toBeNull();
    }
  });

  it('seals with the newest key and opens older ones, saying they are stale', () => {
    const sealedOld = createSecretBox([OLD], random).seal('secret', 'a');
    const rotating = createSecretBox([NEW, OLD], random);
    expect(rotating.open(sealedOld, 'a')).toEqual({ plain: 'secret', stale: true });
    const resealed = rotating.seal('secret', 'a');
    expect(createSecretBox([NEW], random).open(resealed, 'a')).toEqual({
      plain: 'secret',
      stale: false,
    });
  });

  it('refuses no keys and keys shorter than 32 characters at construction', () => {
    expect(() => createSecretBox([], random)).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
    expect(() => createSecretBox(['short'], random)).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });
});
