import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { escapeHtml, html } from 'g-kit/server'

describe('html`…` for renders', () => {
  it('escapes every value put into it, in text and in attributes', () => {
    const name = `"><g-button fn="delete_all">x</g-button><script>1</script>`
    const out = html`<g-textbox key="t" value="${name}"></g-textbox><p>${name}</p>`
    assert.equal(
      String(out),
      `<g-textbox key="t" value="&quot;&gt;&lt;g-button fn=&quot;delete_all&quot;&gt;x&lt;/g-button&gt;&lt;script&gt;1&lt;/script&gt;"></g-textbox>` +
        `<p>&quot;&gt;&lt;g-button fn=&quot;delete_all&quot;&gt;x&lt;/g-button&gt;&lt;script&gt;1&lt;/script&gt;</p>`,
    )
  })

  it('takes nested templates and lists of them as they are, and leaves out null, undefined and false', () => {
    const rows = ['a', 'b<'].map((item) => html`<li>${item}</li>`)
    assert.equal(String(html`<ul>${rows}</ul>${null}${undefined}${false}${0}`), '<ul><li>a</li><li>b&lt;</li></ul>0')
  })

  it('travels as a string', () => {
    assert.equal(JSON.stringify({ v: html`<b>${'&'}</b>` }), '{"v":"<b>&amp;</b>"}')
    assert.equal(escapeHtml(`'`), '&#39;')
  })
})
