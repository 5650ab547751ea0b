// The fleet's Redis: loopback by default; a Redis on another machine without a password is
// refused with a message saying what to do (as the HTTP server refuses a LAN bind without a token).
import { describe, expect, it } from 'vitest';
import { checkRedisSettings, redactUrl, redisSettingsFromFlag, RedisSettingsError } from '../../src/fleet/redis-settings.js';
import { main } from '../../src/cli/main.js';

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => { out += t; }, err: (t: string) => { err += t; }, isTty: false }, out: () => out, err: () => err };
}

describe('Redis settings', () => {
  it('default to the local Redis and accept loopback without a password', () => {
    expect(redisSettingsFromFlag(true, {}).url).toBe('redis://127.0.0.1:6379');
    for (const url of ['redis://localhost:6380', 'redis://127.0.0.5', 'redis://[::1]:6379/2']) expect(() => checkRedisSettings({ url })).not.toThrow();
  });

  it('refuse a Redis on another machine without a password, and take one from the URL or SDFL_REDIS_PASSWORD', () => {
    expect(() => checkRedisSettings({ url: 'redis://10.1.2.3:6379' })).toThrow(RedisSettingsError);
    expect(() => checkRedisSettings({ url: 'redis://lab-redis.example:6379' })).toThrow(/without a password.*SDFL_REDIS_PASSWORD/);
    expect(checkRedisSettings({ url: 'rediss://:s3cret@10.1.2.3:6380' })).toMatchObject({ host: '10.1.2.3', port: 6380, tls: true, password: 's3cret' });
    expect(redisSettingsFromFlag('redis://10.1.2.3', { SDFL_REDIS_PASSWORD: 'from-env' }).password).toBe('from-env');
    expect(() => checkRedisSettings({ url: 'http://127.0.0.1' })).toThrow(/redis:\/\//);
    expect(redactUrl('redis://user:pw@host:1')).toBe('redis://user:[redacted]@host:1');
  });

  it('the CLI exits 2 naming --redis, and a worker needs a queue', async () => {
    const remote = capture();
    expect(await main(['fleet', 'worker', '--redis', 'redis://192.168.7.9:6379'], remote.io)).toBe(2);
    expect(remote.err()).toMatch(/^error: invalid value for --redis: refusing to use the Redis at 192\.168\.7\.9:6379 without a password/);
    const none = capture();
    expect(await main(['fleet', 'worker'], none.io)).toBe(2);
    expect(none.err()).toMatch(/give --redis URL/);
    const bench = capture();
    expect(await main(['bench', '--objective', 'branin', '--redis', 'redis://10.0.0.1', '--quiet'], bench.io)).toBe(2);
    expect(bench.err()).toMatch(/--redis: refusing/);
  });
});
