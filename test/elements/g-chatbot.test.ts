import { expect, fixture, html } from '@open-wc/testing'
import { appFixture, inShadow, record, until } from './_fixture.js'
import type { ChatMessage, GChatbot, GChatbotLikeDetail } from '../../elements/g-chatbot.js'
import type { GTextbox } from '../../elements/g-textbox.js'

const chat: ChatMessage[] = [
  { role: 'user', content: 'What is **2 + 2**?' },
  { role: 'assistant', content: 'It is `4`.' },
]
const messages = (el: GChatbot) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=message]')]
/** A message's text as a screen reader reads it, spaces collapsed. */
const text = (message: HTMLElement) => {
  const parts: string[] = []
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent!)
    for (const child of [...(node as Element).shadowRoot?.childNodes ?? [], ...node.childNodes]) walk(child)
  }
  walk(message.querySelector('[part=bubble]')!)
  return parts.join('').replace(/\s+/g, ' ').trim()
}

describe('<g-chatbot>', () => {
  it('is an ARIA log named "Chatbot" by default, with no messages', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot></g-chatbot>`)
    const log = inShadow(el, '[part=log]')
    expect(log.getAttribute('role')).to.equal('log')
    expect(log.getAttribute('aria-label')).to.equal('Chatbot')
    expect(el.value).to.deep.equal([])
    expect(messages(el)).to.have.length(0)
  })

  it('is named by its label', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot label="Support"></g-chatbot>`)
    expect(inShadow(el, '[part=log]').getAttribute('aria-label')).to.equal('Support')
  })

  it('shows each message with its role, its Markdown rendered', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot value=${JSON.stringify(chat)}></g-chatbot>`)
    await until(() => messages(el).length === 2 && text(messages(el)[1]!).includes('4'), 'the messages rendered')
    const [question, answer] = messages(el)
    expect(text(question!)).to.equal('You: What is 2 + 2?')
    expect(text(answer!)).to.equal('Assistant: It is 4.')
    expect(question!.getAttribute('part')).to.contain('message-user')
    const markdown = question!.querySelector('g-markdown')!
    await markdown.updateComplete
    expect(markdown.shadowRoot!.querySelector('strong')!.textContent).to.equal('2 + 2')
  })

  it('never lets a script or an event handler of a message reach the DOM', async () => {
    ;(window as { pwned?: boolean }).pwned = false
    const el = await fixture<GChatbot>(html`<g-chatbot></g-chatbot>`)
    el.value = [{ role: 'assistant', content: '<img src=x onerror="window.pwned = true"><script>window.pwned = true</script>[x](javascript:alert(1))' }]
    await el.updateComplete
    const markdown = el.shadowRoot!.querySelector('g-markdown')!
    await markdown.updateComplete
    const rendered = markdown.shadowRoot!.querySelector('[part=body]')!.innerHTML
    expect(rendered).not.to.match(/onerror|<script|javascript:/i)
    expect((window as { pwned?: boolean }).pwned).to.equal(false)
  })

  it('shows a message with metadata.title collapsed under its title', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot></g-chatbot>`)
    el.value = [{ role: 'assistant', content: 'Searched the web for *cats*.', metadata: { title: '🛠️ Used tool: search' } }]
    await el.updateComplete
    const thought = inShadow<HTMLDetailsElement>(el, '[part=thought]')
    expect(thought.open).to.equal(false)
    expect(thought.querySelector('summary')!.textContent!.trim()).to.equal('🛠️ Used tool: search')
    thought.querySelector('summary')!.click()
    await until(() => thought.open, 'the thought to open')
  })

  it('copies a message’s text with its copy button', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot value=${JSON.stringify(chat)}></g-chatbot>`)
    const copied: string[] = []
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void copied.push(t) } })
    try {
      const button = messages(el)[1]!.querySelector<HTMLButtonElement>('[part=copy]')!
      expect(button.getAttribute('aria-label')).to.equal('Copy message')
      button.click()
      await until(() => button.getAttribute('aria-label') === 'Copied', 'the button to say Copied')
      expect(copied).to.deep.equal(['It is `4`.'])
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard
      Object.defineProperty(Navigator.prototype, 'clipboard', clipboard)
    }
  })

  it('shows avatars when given', async () => {
    const dot = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'
    const el = await fixture<GChatbot>(html`<g-chatbot value=${JSON.stringify(chat)} avatars=${JSON.stringify([null, dot])}></g-chatbot>`)
    expect(messages(el)[0]!.querySelector('[part=avatar]')).to.equal(null)
    expect(messages(el)[1]!.querySelector<HTMLImageElement>('[part=avatar]')!.getAttribute('src')).to.equal(dot)
  })

  it('with likeable, fires like with the message index; dislike, or pressing again, as a user would expect', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot likeable value=${JSON.stringify(chat)}></g-chatbot>`)
    expect(messages(el)[0]!.querySelector('[part=like]')).to.equal(null)
    const likes = record<CustomEvent<GChatbotLikeDetail>>(el, 'like')
    const like = messages(el)[1]!.querySelector<HTMLButtonElement>('[part=like]')!
    const dislike = messages(el)[1]!.querySelector<HTMLButtonElement>('[part=dislike]')!
    like.click()
    await until(() => likes.length === 1, 'a like')
    expect(likes[0]!.detail.value).to.deep.equal({ index: 1, liked: true })
    expect(like.getAttribute('aria-pressed')).to.equal('true')
    dislike.click()
    await until(() => likes.length === 2, 'a dislike')
    expect(likes[1]!.detail.value).to.deep.equal({ index: 1, liked: false })
    expect([like.getAttribute('aria-pressed'), dislike.getAttribute('aria-pressed')]).to.deep.equal(['false', 'true'])
    dislike.click()
    await el.updateComplete
    expect(dislike.getAttribute('aria-pressed')).to.equal('false')
    expect(likes).to.have.length(2)
  })

  it('forgets the likes of messages that went (Undo, Clear, another conversation), and keeps them as a reply streams', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot likeable></g-chatbot>`)
    el.value = [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }]
    await el.updateComplete
    const like = () => el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Like"]')
    like()!.click()
    await el.updateComplete
    el.value = [...el.value.map((m) => ({ ...m })), { role: 'user', content: 'again' }, { role: 'assistant', content: 'ok' }]
    await el.updateComplete
    expect(el.shadowRoot!.querySelectorAll('button[aria-label="Like"][aria-pressed="true"]').length).to.equal(1)
    el.value = [{ role: 'user', content: 'hi' }]
    await el.updateComplete
    el.value = [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'a new reply' }]
    await el.updateComplete
    expect(like()!.getAttribute('aria-pressed')).to.equal('false')
  })

  it('renders only the last message again while it streams', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot value=${JSON.stringify(chat)}></g-chatbot>`)
    const first = () => el.shadowRoot!.querySelector('g-markdown')!.shadowRoot!.querySelector('p')!
    await until(() => !!el.shadowRoot!.querySelector('g-markdown')?.shadowRoot?.querySelector('p'), 'the first message rendered')
    const before = first()
    let reply = ''
    for (const word of ['Once', ' upon', ' a', ' time']) {
      reply += word
      el.value = [...JSON.parse(JSON.stringify(chat)), { role: 'assistant', content: reply }]
      await el.updateComplete
    }
    const last = messages(el).at(-1)!.querySelector('g-markdown')!
    await last.updateComplete
    expect(text(messages(el).at(-1)!)).to.equal('Assistant: Once upon a time')
    expect(first()).to.equal(before)
  })

  it('offers no copy or like on a reply while it is written, and offers them once it is done', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot likeable pending value=${JSON.stringify(chat)}></g-chatbot>`)
    await until(() => messages(el).length === 2, 'the messages rendered')
    const actions = (message: HTMLElement) => message.querySelector<HTMLElement>('[part=actions]')!
    const shown = (message: HTMLElement) => getComputedStyle(actions(message)).visibility === 'visible'
    await until(() => !shown(messages(el)[1]!), 'the streaming reply’s actions hidden')
    expect(shown(messages(el)[0]!), 'the question’s copy button').to.equal(true)
    el.pending = false
    await until(() => shown(messages(el)[1]!), 'the finished reply’s actions shown')
  })

  it('sends a like to the server: the index reaches ctx.event.value', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-chatbot name="bot" likeable value=${JSON.stringify(chat)}></g-chatbot>
      <g-on triggers="bot.like" fn="event_json" outputs="out"></g-on>
      <g-textbox name="out" label="Out"></g-textbox>
    </g-app>`)
    const bot = app.querySelector('g-chatbot')!
    messages(bot)[1]!.querySelector<HTMLButtonElement>('[part=dislike]')!.click()
    const out = app.querySelector<GTextbox>('g-textbox')!
    await until(() => out.value !== '', 'the listener’s result')
    expect(JSON.parse(out.value)).to.deep.equal({ source: 'bot', trigger: 'like', value: { index: 1, liked: false } })
  })

  it('streams a generator’s reply into the chat', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-chatbot name="bot" value=${JSON.stringify([{ role: 'user', content: 'Hi' }])}></g-chatbot>
      <g-button name="go" fn="stream_reply" inputs="bot" outputs="bot">Go</g-button>
    </g-app>`)
    const bot = app.querySelector('g-chatbot')!
    inShadow<HTMLButtonElement>(app.querySelector('g-button')!, 'button').click()
    await until(() => bot.value.at(-1)?.content === 'Hello there, friend.', 'the whole reply')
    await bot.updateComplete
    await until(() => text(messages(bot).at(-1)!) === 'Assistant: Hello there, friend.', 'the reply shown')
  })

  it('is accessible', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot label="Support" likeable value=${JSON.stringify([...chat, { role: 'assistant', content: 'done', metadata: { title: 'Thought' } }])}></g-chatbot>`)
    await el.updateComplete
    await expect(el).to.be.accessible()
  })

  it('follows a growing reply while scrolled to the end, and stays where the user scrolled up to', async () => {
    const el = await fixture<GChatbot>(html`<g-chatbot style="--g-chatbot-height: 8rem"></g-chatbot>`)
    const log = inShadow(el, '[part=log]')
    const long = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`).join('\n\n')
    const atEnd = () => log.scrollTop + log.clientHeight >= log.scrollHeight - 2
    el.value = [{ role: 'user', content: 'go' }, { role: 'assistant', content: long(20) }]
    await until(() => log.scrollHeight > log.clientHeight * 2 && atEnd(), 'the log at the end of a long reply')
    el.value = [el.value[0]!, { role: 'assistant', content: long(40) }]
    await until(() => text(messages(el)[1]!).includes('line 39') && atEnd(), 'the log following the reply')
    log.scrollTop = 0
    log.dispatchEvent(new Event('scroll')) // as the user's scroll does, at the next frame
    el.value = [el.value[0]!, { role: 'assistant', content: long(60) }]
    await until(() => text(messages(el)[1]!).includes('line 59'), 'the longer reply')
    await el.updateComplete
    expect(log.scrollTop).to.equal(0)
  })
})
