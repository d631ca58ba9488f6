import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getApi } from './api'
import { App } from './App'
import './styles.css'

const root = createRoot(document.getElementById('root')!)
const api = getApi()
root.render(
  <StrictMode>
    {api ? (
      <App api={api} />
    ) : (
      <main className="screen">
        <h1>Zebra</h1>
        <p role="alert">
          This page needs its access token. Open the full URL that <code>npm run serve</code> printed (it ends
          in
          <code>?token=…</code>).
        </p>
      </main>
    )}
  </StrictMode>
)
