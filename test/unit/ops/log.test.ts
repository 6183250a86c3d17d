import { Writable } from 'node:stream';
import { createLogger, isSecretKey, redact, redactString } from '../../../lib/log';

/** A stream that keeps what the logger's transport writes to it. */
function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, any>),
  };
}

/** lets the logger's stream pipeline deliver what was written */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe('redactString', () => {
  it('masks the password of a URL and keeps the user, host and path', () => {
    expect(redactString('GET http://admin:s3cret@couch:5984/medic/_changes failed')).toBe(
      'GET http://admin:***@couch:5984/medic/_changes failed',
    );
  });

  it('masks every URL in a string, https and passwords containing @ or %', () => {
    const out = redactString('from https://a:p%40ss@h1/x to http://b:we@rd@h2:5984 done');
    expect(out).toBe('from https://a:***@h1/x to http://b:***@h2:5984 done');
  });

  it('leaves URLs without a password alone', () => {
    expect(redactString('http://h:5984/medic and http://user@h/db')).toBe('http://h:5984/medic and http://user@h/db');
  });

  it('masks secret key/value pairs in free text and query strings', () => {
    expect(redactString('https://gw/send?to=1&access_token=abc123&x=1')).toBe('https://gw/send?to=1&access_token=***&x=1');
    expect(redactString('body {"password":"hunter2","ok":true}')).toBe('body {"password":"***","ok":true}');
    expect(redactString('Authorization: Basic dXNlcjpwYXNz')).toBe('Authorization: Basic ***');
    expect(redactString('api_key=XYZ rest')).toBe('api_key=*** rest');
  });

  it('is idempotent', () => {
    const once = redactString('http://a:b@h?token=t password: "p"');
    expect(redactString(once)).toBe(once);
  });
});

describe('isSecretKey', () => {
  it.each(['password', 'Password', 'PASSWORD', 'pass', 'db_pass', 'couchPassword', 'secret', 'client_secret', 'token', 'accessToken', 'authorization', 'Authorization', 'api_key', 'apiKey', 'x-api-key', 'APIKEY', 'value_key', 'password_key', 'cookie'])(
    '%s is a secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );
  it.each(['key', 'keys', 'doc_id', 'transition', 'passed', 'bypass', 'seq', 'message', 'username', 'tokenizer'])('%s is not', (key) =>
    expect(isSecretKey(key)).toBe(false),
  );
});

describe('redact', () => {
  it('masks secret keys at any depth, case-insensitively, and scrubs URL passwords in strings', () => {
    const input = {
      transition: 'mark_for_outbound',
      destination: { url: 'https://u:pw1@example.org/push', auth: { type: 'basic', username: 'u', Password: 'pw2' } },
      headers: [{ Authorization: 'Basic Zm9vOmJhcg==' }],
      gateway: { api_key: 'k3y', value_key: 'vk' },
    };
    expect(redact(input)).toEqual({
      transition: 'mark_for_outbound',
      destination: { url: 'https://u:***@example.org/push', auth: { type: 'basic', username: 'u', Password: '***' } },
      headers: [{ Authorization: '***' }],
      gateway: { api_key: '***', value_key: '***' },
    });
  });

  it('does not mutate its input', () => {
    const input = { password: 'p', nested: { url: 'http://a:b@h' } };
    redact(input);
    expect(input).toEqual({ password: 'p', nested: { url: 'http://a:b@h' } });
  });

  it('masks a string `auth` (node http style) but recurses into an auth object', () => {
    expect(redact({ auth: 'user:pass' })).toEqual({ auth: '***' });
    expect(redact({ auth: { username: 'u' } })).toEqual({ auth: { username: 'u' } });
  });

  it('turns errors into readable, redacted objects and survives cycles', () => {
    const err = Object.assign(new Error('connect http://a:topsecret@h failed'), { statusCode: 401, request: { headers: { authorization: 'Basic x' } } });
    const cyclic: Record<string, unknown> = { err };
    cyclic.self = cyclic;
    const out = redact(cyclic) as any;
    expect(out.self).toBe('[Circular]');
    expect(out.err.message).toBe('connect http://a:***@h failed');
    expect(out.err.statusCode).toBe(401);
    expect(out.err.request.headers.authorization).toBe('***');
    expect(JSON.stringify(out)).not.toContain('topsecret');
  });

  it('scrubs URL objects', () => {
    expect(redact({ u: new URL('http://a:hidden@h/db') })).toEqual({ u: 'http://a:***@h/db' });
  });
});

describe('createLogger', () => {
  const SECRETS = ['s3cretPW', 'nestedPW', 'errPW', 'tok3n', 'childPW'];

  it('writes JSON lines with timestamp, level, message and metadata, and no secret reaches the output', async () => {
    const out = capture();
    const log = createLogger({ stream: out.stream, level: 'info', json: true });
    log.info('connecting to http://admin:s3cretPW@couch:5984/medic', {
      transition: 'registration',
      doc_id: 'abc',
      seq: '12-g1',
      outbound: { destination: { auth: { username: 'u', password: 'nestedPW' } } },
    });
    log.error('push failed', { err: new Error('POST https://u:errPW@gw/x?token=tok3n: 500') });
    log.child({ couch_url: 'http://u:childPW@h:5984' }).warn('child line');
    await settle();

    const text = out.text();
    for (const secret of SECRETS) expect(text).not.toContain(secret);

    const [first, second, third] = out.lines();
    expect(first).toMatchObject({
      level: 'info',
      message: 'connecting to http://admin:***@couch:5984/medic',
      transition: 'registration',
      doc_id: 'abc',
      seq: '12-g1',
      outbound: { destination: { auth: { username: 'u', password: '***' } } },
    });
    expect(Number.isNaN(Date.parse(first.timestamp))).toBe(false);
    expect(second.level).toBe('error');
    expect(second.err.message).toBe('POST https://u:***@gw/x?token=*** 500');
    expect(third).toMatchObject({ level: 'warn', message: 'child line', couch_url: 'http://u:***@h:5984' });
  });

  it("redacts an error logged as the message, including its stack, and leaves the caller's object intact", async () => {
    const out = capture();
    const log = createLogger({ stream: out.stream, level: 'info', json: true });
    log.error(new Error('cannot reach http://a:stackPW@h'));
    const info = { message: 'as object', password: 'objPW' };
    log.info(info);
    await settle();
    expect(out.text()).not.toMatch(/stackPW|objPW/);
    const [first, second] = out.lines();
    expect(first.message).toBe('cannot reach http://a:***@h');
    expect(first.stack).toContain('http://a:***@h');
    expect(second.password).toBe('***');
    expect(info.password).toBe('objPW');
  });

  it('redacts pretty output too', async () => {
    const out = capture();
    const log = createLogger({ stream: out.stream, level: 'info', json: false });
    log.info('pretty http://a:prettyPW@h', { token: 'prettyTok', doc_id: 'd1' });
    await settle();
    expect(out.text()).toContain('info pretty http://a:***@h');
    expect(out.text()).toContain('doc_id=d1');
    expect(out.text()).not.toMatch(/prettyPW|prettyTok/);
  });

  it('honours the level, LOG_LEVEL and silent', async () => {
    const out = capture();
    const saved = process.env.LOG_LEVEL;
    try {
      process.env.LOG_LEVEL = 'warn';
      const log = createLogger({ stream: out.stream });
      log.info('dropped');
      log.warn('kept');
      createLogger({ stream: out.stream, level: 'debug' }).debug('debug kept');
      createLogger({ stream: out.stream, level: 'debug', silent: true }).error('silenced');
      createLogger({ stream: out.stream, level: 'silent' }).error('silenced by level');
      await settle();
    } finally {
      if (saved === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = saved;
    }
    expect(out.lines().map((l) => l.message)).toEqual(['kept', 'debug kept']);
  });

  it('falls back to info on an unknown level and says so', async () => {
    const out = capture();
    const log = createLogger({ stream: out.stream, level: 'loud' });
    log.debug('dropped');
    log.info('kept');
    await settle();
    const lines = out.lines();
    expect(lines.map((l) => l.message)).toEqual(['unknown log level, using info', 'kept']);
    expect(lines[0].requested_level).toBe('loud');
  });

  it('writes to stderr, never stdout, by default', async () => {
    const errWrite = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const outWrite = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let toStderr = '';
    let toStdout = '';
    try {
      createLogger({ level: 'info', json: true }).info('to stderr', { password: 'stderrPW' });
      await settle();
      // read the calls before mockRestore, which forgets them
      toStderr = errWrite.mock.calls.map((c) => String(c[0])).join('');
      toStdout = outWrite.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      errWrite.mockRestore();
      outWrite.mockRestore();
    }
    expect(toStderr).toContain('"message":"to stderr"');
    expect(toStderr).not.toContain('stderrPW');
    expect(toStdout).not.toContain('to stderr');
  });
});
