/**
 * Form bodies as the app reads them: URL-encoded UTF-8 only, 64 KiB at most (declared or
 * streamed), strict decoding, names such as `__proto__` kept as plain names, repeated fields refused.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { FORM_BODY_LIMIT, field, formBody } from '../../app/http/form-body.js';

function echoApp(): Hono {
  const app = new Hono();
  app.use(formBody());
  app.post('/echo', (c) =>
    c.json(Object.fromEntries([...c.var.form].map(([k, v]) => [`=${k}`, v]))),
  );
  app.post('/one', (c) => c.text(field(c.var.form, 'name')));
  app.onError((error, c) =>
    error instanceof HTTPException ? c.text(error.message, error.status) : c.text('bug', 500),
  );
  return app;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function post(path: string, body: string | Uint8Array, headers: Record<string, string> = FORM) {
  return echoApp().request(path, { method: 'POST', body, headers });
}

describe('formBody', () => {
  it('decodes fields into a Map, with __proto__ and constructor as ordinary names', async () => {
    const reply = await post('/echo', '__proto__=x&constructor=y&email=a%40b.test&note=a+b%20c');
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({
      '=__proto__': ['x'],
      '=constructor': ['y'],
      '=email': ['a@b.test'],
      '=note': ['a b c'],
    });
  });

  it('accepts a charset=utf-8 parameter and an empty body without a Content-Type', async () => {
    const withCharset = await post('/one', 'name=%C3%A9', {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    });
    expect(await withCharset.text()).toBe('é');
    const empty = await echoApp().request('/one', { method: 'POST' });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('');
  });

  it('refuses a field sent twice with 400 naming it', async () => {
    const reply = await post('/one', 'name=a&name=b');
    expect(reply.status).toBe(400);
    expect(await reply.text()).toContain('"name"');
  });

  it('answers 413 to a declared or streamed body over 64 KiB', async () => {
    const big = `name=${'a'.repeat(FORM_BODY_LIMIT)}`;
    expect((await post('/one', big)).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('a'.repeat(4096)));
        controller.close();
      },
    });
    const streamed = await echoApp().request('/one', {
      method: 'POST',
      body: stream,
      headers: FORM,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await post('/one', `name=${'a'.repeat(FORM_BODY_LIMIT - 5)}`)).status).toBe(200);
  });

  it('answers 415 to JSON, multipart, another charset and compressed bodies', async () => {
    expect((await post('/one', '{}', { 'content-type': 'application/json' })).status).toBe(415);
    expect(
      (await post('/one', 'x', { 'content-type': 'multipart/form-data; boundary=x' })).status,
    ).toBe(415);
    expect(
      (await post('/one', 'name=x', { 'content-type': `${FORM['content-type']}; charset=latin1` }))
        .status,
    ).toBe(415);
    expect((await post('/one', 'name=x', { ...FORM, 'content-encoding': 'gzip' })).status).toBe(
      415,
    );
  });

  it('answers 400 to bad percent-encoding and to bytes that are not UTF-8', async () => {
    for (const body of ['name=%E0%A4%A', 'name=%', 'name=%FF%FE', '%ZZ=1']) {
      expect((await post('/one', body)).status, body).toBe(400);
    }
    const raw = new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe]);
    expect((await post('/one', raw)).status).toBe(400);
  });
});
