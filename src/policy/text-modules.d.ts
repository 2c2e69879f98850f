// Wrangler's `[[rules]] type = "Text"` (wrangler.toml) bundles these files as their text content.
declare module '*.tsv' {
  const text: string
  export default text
}
