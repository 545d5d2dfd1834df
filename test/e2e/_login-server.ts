// The login example in a process of its own, so that a test can restart the server for real.
import { H3 } from 'h3'
import { listen } from 'g-kit/server'
import { app } from '../../examples/login/app.js'

const { url } = await listen(new H3().mount('/login', app.handler), { port: Number(process.env.PORT ?? 0) })
console.log(`ready ${url}login/`)
