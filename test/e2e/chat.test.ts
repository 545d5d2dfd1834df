import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { expectValue, useGallery, waitFor } from './_browser.js'

// Slow enough words that Stop lands in the middle of a reply.
process.env.CHAT_PAUSE_MS = '120'

/** The persisted chat's parts, found by role and name as a user finds them. */
function chatOf(page: Page, label = 'Echo bot') {
  const root = page.locator('g-chat-interface', { has: page.getByRole('log', { name: label }) })
  return {
    root,
    log: root.getByRole('log', { name: label }),
    box: root.getByRole('textbox', { name: 'Message' }),
    button: (name: string) => root.getByRole('button', { name, exact: true }),
    messages: () => root.locator('g-chatbot').evaluate((bot) => ((bot as unknown as { value: Array<{ role: string; content: string }> }).value ?? []).map((m) => `${m.role}: ${m.content}`)),
  }
}

async function expectMessages(read: () => Promise<string[]>, expected: string[]): Promise<void> {
  try {
    await waitFor(async () => JSON.stringify(await read()) === JSON.stringify(expected), `messages ${JSON.stringify(expected)}`)
  } catch {
    assert.deepEqual(await read(), expected)
  }
}

/** Waits until a message of the chat contains `text` (Markdown renders in shadow roots: read what the log holds). */
async function expectShown(chat: ReturnType<typeof chatOf>, text: string): Promise<void> {
  try {
    await waitFor(async () => (await chat.messages()).some((m) => m.includes(text)), `a message containing ${JSON.stringify(text)}`)
  } catch {
    assert.fail(`no message contains ${JSON.stringify(text)}: ${JSON.stringify(await chat.messages())}`)
  }
}

async function send(chat: ReturnType<typeof chatOf>, text: string, reply: string): Promise<void> {
  await waitFor(async () => !(await chat.button('Stop').count()), 'no reply streaming')
  await chat.box.fill(text)
  await chat.box.press('Enter')
  await expectShown(chat, reply)
  await waitFor(async () => !(await chat.button('Stop').count()), 'the reply to end')
}

describe('example: chat', () => {
  const gallery = useGallery()

  it('streams a reply; Submit empties the box and is off until the reply ends; Shift+Enter is a new line', async () => {
    const page = await gallery.open('chat/')
    const chat = chatOf(page)
    await chat.box.fill('hello')
    await chat.box.press('Shift+Enter')
    await chat.box.pressSequentially('world')
    await expectValue(chat.box, 'hello\nworld')
    await chat.box.press('Enter')
    await expectValue(chat.box, '')
    await chat.button('Stop').waitFor()
    assert.equal(await chat.button('Submit').isDisabled(), true)
    await expectShown(chat, 'You said: hello\nworld (message 1)')
    await waitFor(async () => !(await chat.button('Stop').count()), 'the reply to end')
    assert.equal(await chat.button('Submit').isDisabled(), false)
  })

  it('Stop keeps what arrived; Retry answers again; Undo takes the exchange back into the box; an edit answers from there', async () => {
    const page = await gallery.open('chat/')
    const chat = chatOf(page)
    await chat.box.fill('one two three four five six')
    await chat.box.press('Enter')
    await expectShown(chat, 'You said:')
    await chat.button('Stop').click()
    await waitFor(async () => !(await chat.button('Stop').count()), 'Stop to end the reply')
    const stopped = await chat.messages()
    assert.equal(stopped.length, 2)
    assert.ok(!stopped[1]!.endsWith('(message 1)'), `the reply stopped early: ${stopped[1]}`)
    // No word may arrive after Stop. A like is the session's next event: it runs after the stopped
    // reply has ended, and its answer comes after every frame of that reply.
    await chat.log.getByRole('button', { name: 'Like', exact: true }).last().click()
    await expectValue(page.getByLabel('Feedback'), 'Liked message 2')
    assert.deepEqual(await chat.messages(), stopped)

    await chat.button('Retry').click()
    await expectMessages(chat.messages, ['user: one two three four five six', 'assistant: You said: one two three four five six (message 1)'])

    await send(chat, 'second', 'You said: second (message 2)')
    await chat.button('Undo').click()
    await expectMessages(chat.messages, ['user: one two three four five six', 'assistant: You said: one two three four five six (message 1)'])
    await expectValue(chat.box, 'second')

    await chat.box.fill('')
    await chat.log.locator('[part~=message-user]').first().dblclick()
    await expectValue(chat.box, 'one two three four five six')
    await chat.box.fill('edited')
    await chat.box.press('Enter')
    await expectMessages(chat.messages, ['user: edited', 'assistant: You said: edited (message 1)'])
  })

  it('starts from an example; a like reaches a listener with the message index', async () => {
    const page = await gallery.open('chat/')
    const chat = chatOf(page)
    const starters = chat.root.locator('[part=examples]')
    await starters.getByRole('button', { name: 'Hello there' }).click()
    await expectShown(chat, 'You said: Hello there (message 1)')
    assert.equal(await starters.count(), 0, 'the starters are gone once the chat has begun')
    await send(chat, 'like me', 'You said: like me')
    await chat.log.getByRole('button', { name: 'Like', exact: true }).last().click()
    await expectValue(page.getByLabel('Feedback'), 'Liked message 4')
  })

  it('persist keeps the history across a reload; another browser has its own; without persist a reload starts again', async () => {
    const page = await gallery.open('chat/')
    const chat = chatOf(page)
    await send(chat, 'remember this', 'You said: remember this')
    const session = chatOf(page, 'Session bot')
    await send(session, 'forget this', 'You said: forget this')
    await page.reload()
    await expectShown(chatOf(page), 'You said: remember this')
    await expectMessages(chatOf(page, 'Session bot').messages, [])
    const other = await gallery.open('chat/')
    await expectMessages(chatOf(other).messages, [])
  })

  it('keeps several conversations: new, switch, delete', async () => {
    const page = await gallery.open('chat/')
    const chat = chatOf(page)
    await send(chat, 'first topic', 'You said: first topic')
    const list = page.getByRole('navigation', { name: 'Conversations' })
    await list.getByRole('button', { name: 'New conversation', exact: true }).click()
    await expectMessages(chat.messages, [])
    await list.getByRole('button', { name: 'Untitled', exact: true }).waitFor()
    await send(chat, 'second topic', 'You said: second topic')
    await list.getByRole('button', { name: 'first topic', exact: true }).click()
    await expectShown(chat, 'You said: first topic')
    await page.reload()
    const again = chatOf(page)
    await expectShown(again, 'You said: first topic')
    const nav = page.getByRole('navigation', { name: 'Conversations' })
    await nav.getByRole('button', { name: 'Delete first topic' }).click()
    await expectShown(again, 'You said: second topic')
    assert.equal(await nav.getByRole('button', { name: 'first topic', exact: true }).count(), 0)
  })
})
