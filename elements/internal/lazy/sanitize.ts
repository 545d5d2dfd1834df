import createDOMPurify from 'dompurify'

/**
 * HTML sanitizing (DOMPurify), loaded the first time an element needs it. An instance of our own,
 * so that the hook below never touches a DOMPurify the host page uses.
 */
const purify = createDOMPurify(window)

purify.addHook('afterSanitizeAttributes', (node) => {
  // Links leave the app in a new tab, and give the page they open no handle on this one.
  if (node.nodeName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  }
  // Sanitized content shows, it does not ask: no fields to type a password into. Task-list boxes stay, read-only.
  if (node.nodeName === 'INPUT') {
    if (node.getAttribute('type') === 'checkbox') node.setAttribute('disabled', '')
    else node.remove()
  }
})

/** `html` without scripts, event-handler attributes or `javascript:` URLs; safe to put in the DOM. */
export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, { FORCE_BODY: true, FORBID_TAGS: ['form', 'button', 'textarea', 'select'] })
}
