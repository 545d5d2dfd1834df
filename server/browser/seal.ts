import { webcrypto } from 'node:crypto'

const { subtle } = webcrypto
/** The token format: `g2.<base64url(iv ‖ AES-GCM(sealed-at, value))>`, bound to an app, a name and a key. */
const VERSION = 'g2'
const IV_BYTES = 12
const TAG_BYTES = 16
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * What a token is bound to: it opens only for the same app, browser state name and storage key.
 * A page chooses the name and the key, so the binding is what keeps a token from moving between
 * names, keys or apps; declared wiring is what keeps a page from choosing a function that opens it.
 */
export interface TokenBinding {
  /** The app, as its base path on the server (`/login/`): stable across restarts, distinct per mounted app. */
  app: string
  /** The browser state's name. */
  name: string
  /** Its localStorage key. */
  key: string
}

/** A token opened: its value, when it was sealed, and whether an older secret sealed it. */
export interface OpenedToken {
  value: unknown
  /** Sealed with an older secret: to reseal with the newest at the next write. */
  stale: boolean
  /** When it was sealed, in milliseconds since the epoch (whole seconds). */
  sealedAt: number
}

/** Seals values for the browser (AES-256-GCM, through Web Crypto) and opens what comes back. */
export interface Sealer {
  /** An opaque token: the value and the time, encrypted and authenticated, bound to `binding`. */
  seal(value: unknown, binding: TokenBinding, now?: number): Promise<string>
  /**
   * The value a token holds, or undefined when it cannot be opened (another secret, another
   * binding, tampering, garbage, an older format).
   */
  open(token: string, binding: TokenBinding): Promise<OpenedToken | undefined>
}

/** Whether `token` is of a format this server no longer opens (`g1`: bound to the key only). */
export function isOldFormat(token: unknown): boolean {
  return typeof token === 'string' && token.startsWith('g1.')
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
    async seal(value, binding, now = Date.now()) {
      const [key] = await keys
      const iv = webcrypto.getRandomValues(new Uint8Array(IV_BYTES))
      // The time goes inside, authenticated with the value: a page cannot make a token look younger.
      const data = encoder.encode(JSON.stringify([Math.floor(now / 1000), value ?? null]))
      const sealed = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: bound(binding) }, key!, data))
      return `${VERSION}.${Buffer.concat([iv, sealed]).toString('base64url')}`
    },
    async open(token, binding) {
      if (typeof token !== 'string' || !token.startsWith(`${VERSION}.`)) return undefined
      const bytes = Buffer.from(token.slice(VERSION.length + 1), 'base64url')
      if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined
      const iv = bytes.subarray(0, IV_BYTES)
      const additionalData = bound(binding)
      for (const [index, key] of (await keys).entries()) {
        let plain: ArrayBuffer
        try {
          plain = await subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key, bytes.subarray(IV_BYTES))
        } catch {
          continue // not sealed with this key (or altered): try the next, older one
        }
        const payload = JSON.parse(decoder.decode(plain)) as [number, unknown]
        return { value: payload[1], stale: index > 0, sealedAt: payload[0] * 1000 }
      }
      return undefined
    },
  }
}

// --- internal ---

/** The additional data of a token: its binding, as JSON so that no two bindings read the same. */
function bound({ app, name, key }: TokenBinding): Uint8Array {
  return encoder.encode(JSON.stringify([VERSION, app, name, key]))
}

async function deriveKey(secret: string): Promise<CryptoKey> {
  const material = await subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey'])
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('g-kit'), info: encoder.encode('browser state v2') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}
