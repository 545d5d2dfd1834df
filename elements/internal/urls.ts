/** Schemes an image may come from; `data:` only for images. */
const IMAGE_SCHEMES = new Set(['http:', 'https:', 'blob:'])

/**
 * `value` as the URL of an image, or `undefined` when it is none we show: an http(s) or blob URL
 * (relative ones resolve against the page), or a `data:image/…` URL. `javascript:` and other
 * schemes are refused.
 */
export function imageUrl(value: unknown): string | undefined {
  const raw = typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { url?: unknown }).url === 'string' ? (value as { url: string }).url : undefined
  const text = raw?.trim()
  if (!text) return undefined
  if (/^data:image\//i.test(text)) return text
  try {
    return IMAGE_SCHEMES.has(new URL(text, document.baseURI).protocol) ? text : undefined
  } catch {
    return undefined // not a URL at all
  }
}
