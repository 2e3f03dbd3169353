// Component tests of the renderer: vitest with happy-dom. Vite 8 transforms TSX with Oxc itself (no
// React plugin needed); the automatic runtime matches tsconfig.web.json's "jsx": "react-jsx".
import { defineConfig } from 'vitest/config'

export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic' },
  },
  test: {
    environment: 'happy-dom',
    include: ['test/renderer/**/*.test.{ts,tsx}'],
    setupFiles: ['test/renderer/setup.ts'],
    restoreMocks: true,
  },
})
