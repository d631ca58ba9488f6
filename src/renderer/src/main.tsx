import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getApi } from './api'
import { App } from './App'
import { Trans } from './i18n'
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
          <Trans i18nKey="tokenNeeded" components={{ 1: <code />, 3: <code /> }} />
        </p>
      </main>
    )}
  </StrictMode>
)
