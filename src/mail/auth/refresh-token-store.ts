import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** The refresh token in use for one credential, and the first token (seed) it descends from. */
export interface StoredRefreshToken {
  token: string;
  /** Fingerprint of the seed given in the environment when this chain began. */
  seed: string;
}

/**
 * Where rotated refresh tokens live. Small on purpose so the system of record can move
 * (Redis today) without touching the sign-in code.
 */
export interface RefreshTokenStore {
  load(credentialId: string): Promise<StoredRefreshToken | undefined>;
  save(credentialId: string, value: StoredRefreshToken): Promise<void>;
  /** Runs `fn` while no other process refreshes this credential (a token is spent once). */
  exclusive<T>(credentialId: string, fn: () => Promise<T>): Promise<T>;
}

/** AES-256-GCM with a random IV; the credential ID is bound in as associated data. */
export class TokenCipher {
  private readonly key: Buffer;

  constructor(keyText: string) {
    const key = /^[0-9a-fA-F]{64}$/.test(keyText)
      ? Buffer.from(keyText, 'hex')
      : Buffer.from(keyText, 'base64');
    if (key.length !== 32)
      throw new Error('the token encryption key must be 32 bytes (64 hex digits or base64)');
    this.key = key;
  }

  encrypt(plain: string, associated: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associated));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
      .join(':');
  }

  decrypt(sealed: string, associated: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed token');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(associated));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }
}

/** One Redis hash under the instance prefix: field = credential ID, value = sealed JSON. */
export class RedisRefreshTokenStore implements RefreshTokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly cipher: TokenCipher,
    private readonly lockMs = 30_000,
  ) {}

  async exclusive<T>(credentialId: string, fn: () => Promise<T>): Promise<T> {
    const lock = `${this.key}-lock:${credentialId}`;
    const owner = randomUUID();
    const deadline = Date.now() + this.lockMs;
    while ((await this.redis.set(lock, owner, 'PX', this.lockMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new Error(`refresh of ${credentialId} is held by another process`);
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      return await fn();
    } finally {
      // Release only our own lock (it may have expired and been taken by another process).
      await this.redis.eval(RELEASE, 1, lock, owner);
    }
  }

  async load(credentialId: string): Promise<StoredRefreshToken | undefined> {
    const sealed = await this.redis.hget(this.key, credentialId);
    if (sealed === null) return undefined;
    const value = JSON.parse(this.cipher.decrypt(sealed, credentialId)) as StoredRefreshToken;
    return value;
  }

  async save(credentialId: string, value: StoredRefreshToken): Promise<void> {
    await this.redis.hset(this.key, credentialId, this.cipher.encrypt(JSON.stringify(value), credentialId));
  }
}

const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";
