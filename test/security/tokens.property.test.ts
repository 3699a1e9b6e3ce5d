/**
 * Property tests of every token an attacker can send back: session ids, remember-me cookies,
 * emailed link tokens and API tokens. Whatever the bytes, nothing throws, nothing but the exact
 * value issued is accepted, and a real value with any one character changed is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLinkTokens } from '../../src/accounts/link-tokens.js';
import { systemRandom } from '../../src/clock.js';
import { ApiTokens } from '../../src/core/api-tokens.js';
import type { RequestView } from '../../src/core/request-view.js';
import { generateSplitToken, isSecret, parseSplitToken } from '../../src/core/token.js';
import { MemoryApiTokenStore } from '../../src/stores/memory/index.js';
import { createTestClock, memoryStores } from '../../src/testing/index.js';
import { createHarness } from '../support/harness.js';
import { anyString, headerValue, mutate, PROPERTY_TIMEOUT_MS, runs } from './support/fuzz.js';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Strings near the token shapes: the right lengths and alphabet, a dot in the right place. */
const nearToken = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/),
  fc.stringMatching(/^[A-Za-z0-9_+/=.-]{60,70}$/),
  fc.stringMatching(/^lk_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
  anyString(120),
);

const oneChar = fc.string({ minLength: 1, maxLength: 1 });

describe('token shapes', () => {
  it('parseSplitToken and isSecret never throw, and accept only the exact shapes', () => {
    let accepted = 0;
    fc.assert(
      fc.property(nearToken, (value) => {
        const split = parseSplitToken(value);
        if (split !== null) {
          accepted += 1;
          if (`${split.selector}.${split.validator}` !== value) throw new Error(value);
          if (!BASE64URL.test(split.selector) || split.selector.length !== 22)
            throw new Error(value);
        }
        if (isSecret(value) && !/^[A-Za-z0-9_-]{43}$/.test(value)) throw new Error(value);
      }),
      { numRuns: runs(5_000) },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('every generated token parses back to itself', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 48, maxLength: 48 }), (bytes) => {
        let offset = 0;
        const token = generateSplitToken((size) => {
          const chunk = bytes.slice(offset, offset + size);
          offset += size;
          return chunk;
        });
        expect(parseSplitToken(token.value)).toEqual({
          selector: token.selector,
          validator: token.validator,
        });
      }),
      { numRuns: runs(2_000) },
    );
  });
});

describe('remember-me cookies', () => {
  it(
    'any value, or a real one with one character changed, logs no one in and never gives a 5xx',
    async () => {
      const h = createHarness();
      const client = h.client();
      await client.get('/login/1?remember=1');
      const remember = client.cookies.get('remember_token')?.value ?? '';
      expect(parseSplitToken(remember)).not.toBeNull();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            nearToken.map((value) => ({ value, real: false })),
            fc
              .tuple(fc.nat(), oneChar)
              .map(([at, by]) => ({ value: mutate(remember, at, by), real: true })),
          ),
          async ({ value }) => {
            const cookie = `remember_token=${encodeURIComponent(value)}`;
            const reply = await h.app.request('/whoami', { headers: { cookie } });
            if (reply.status !== 200) throw new Error(`status ${reply.status} for ${value}`);
            const body = (await reply.json()) as { name: string | null };
            if (body.name !== null) throw new Error(`${value} logged ${body.name} in`);
          },
        ),
        { numRuns: runs(1_000) },
      );
      // A wrong validator for a known selector is theft: every token of the user is gone, so
      // even the genuine cookie no longer works.
      const after = await h.app.request('/whoami', {
        headers: { cookie: `remember_token=${remember}` },
      });
      expect(await after.json()).toMatchObject({ name: null });
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('emailed link tokens', () => {
  it('read and take never throw and accept only the link issued, for its purpose', async () => {
    const clock = createTestClock();
    const links = createLinkTokens(memoryStores().tokens, clock.now, systemRandom);
    const token = await links.issue('u1', 'reset', 3_600_000);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          nearToken,
          fc.tuple(fc.nat(), oneChar).map(([at, by]) => mutate(token, at, by)),
        ),
        fc.constantFrom('confirm', 'reset', 'email-change' as const),
        async (value, purpose) => {
          if ((await links.read(value, purpose)) !== null) throw new Error(value);
          if ((await links.take(value, purpose)) !== null) throw new Error(value);
        },
      ),
      { numRuns: runs(3_000) },
    );
    expect(await links.read(token, 'confirm')).toBeNull();
    expect((await links.take(token, 'reset'))?.userId).toBe('u1');
    expect(await links.take(token, 'reset')).toBeNull();
  });
});

describe('API tokens', () => {
  it('verify never throws and accepts only the key issued', async () => {
    const keys = new ApiTokens({ store: new MemoryApiTokenStore() });
    const { token: key } = await keys.issue('u1', { name: 'ci', scopes: ['profile:read'] });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          nearToken,
          fc.tuple(fc.nat(), oneChar).map(([at, by]) => mutate(key, at, by)),
          fc.constantFrom(undefined, null, '', 'lk_', key.slice(3), `${key} `, key.toUpperCase()),
        ),
        async (value) => {
          if ((await keys.verify(value)) !== null) throw new Error(String(value));
        },
      ),
      { numRuns: runs(3_000) },
    );
    expect((await keys.verify(key))?.userId).toBe('u1');
  });

  it('the request loader never throws on any Authorization header and loads no one for a bad key', async () => {
    const keys = new ApiTokens({ store: new MemoryApiTokenStore() });
    const { token: key } = await keys.issue('u1', { name: 'ci' });
    const load = keys.requestLoader((id) => ({ id }));
    const view = (authorization: string) =>
      ({
        header: (name: string) => (name === 'authorization' ? authorization : null),
      }) as RequestView;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          headerValue(200),
          nearToken.map((token) => `Bearer ${token}`),
          fc.tuple(fc.nat(), oneChar).map(([at, by]) => `Bearer ${mutate(key, at, by)}`),
          fc.constantFrom(
            'Bearer',
            'Bearer ',
            `Basic ${key}`,
            `Bearer ${key} ${key}`,
            `Bearer\t${key}x`,
          ),
        ),
        async (authorization) => {
          if ((await load(view(authorization))) !== null) throw new Error(authorization);
        },
      ),
      { numRuns: runs(3_000) },
    );
    expect(await load(view(`Bearer ${key}`))).toEqual({ id: 'u1' });
  });
});
