import { webcrypto } from 'node:crypto'

const { subtle } = webcrypto
const VERSION = 'g1'
const IV_BYTES = 12
const encoder = new TextEncoder()

/** Seals values for the browser (AES-256-GCM, through Web Crypto) and opens what comes back. */
export interface Sealer {
  /** An opaque token: the value encrypted and authenticated, bound to `context` (the storage key). */
  seal(value: unknown, context: string): Promise<string>
  /**
   * The value a token holds, or undefined when it cannot be opened (another secret, another
   * context, tampering, garbage). `stale`: sealed with an older secret, to reseal with the newest.
   */
  open(token: string, context: string): Promise<{ value: unknown; stale: boolean } | undefined>
}

/**
 * A sealer for `secrets`, newest first: it seals with the first and opens with any. Each secret
 * becomes a key through HKDF-SHA-256, so a passphrase works as well as random bytes.
 */
export function createSealer(secrets: readonly string[]): Sealer {
  if (!secrets.length || secrets.some((secret) => typeof secret !== 'string' || secret.length < 16)) {
    throw new Error('[g-kit] secret: each secret must be a string of at least 16 characters')
  }
  const keys = Promise.all(secrets.map(deriveKey))
  return {
    async seal(value, context) {
      const [key] = await keys
      const iv = webcrypto.getRandomValues(new Uint8Array(IV_BYTES))
      const data = encoder.encode(JSON.stringify(value ?? null))
      const sealed = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, key!, data))
      return `${VERSION}.${Buffer.concat([iv, sealed]).toString('base64url')}`
    },
    async open(token, context) {
      if (typeof token !== 'string' || !token.startsWith(`${VERSION}.`)) return undefined
      const bytes = Buffer.from(token.slice(VERSION.length + 1), 'base64url')
      if (bytes.length <= IV_BYTES + 16) return undefined
      const iv = bytes.subarray(0, IV_BYTES)
      const additionalData = encoder.encode(context)
      for (const [index, key] of (await keys).entries()) {
        try {
          const plain = await subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key, bytes.subarray(IV_BYTES))
          return { value: JSON.parse(new TextDecoder().decode(plain)), stale: index > 0 }
        } catch {
          // Not sealed with this key (or altered): try the next, older one.
        }
      }
      return undefined
    },
  }
}

async function deriveKey(secret: string): Promise<CryptoKey> {
  const material = await subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey'])
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('g-kit'), info: encoder.encode('browser state v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}
