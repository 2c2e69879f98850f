// Vite's `?raw` suffix imports a file's text (the deploy check reads wrangler.toml this way).
declare module '*?raw' {
  const text: string
  export default text
}
