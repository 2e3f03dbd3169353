// Runs in the renderer: the entry. Connects the store to main, then renders the window.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { connectImporter } from './store/actions.ts'

connectImporter()

const root = document.getElementById('root')
if (!root) throw new Error('renderer/index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
