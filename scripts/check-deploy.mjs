// `npm run deploy` runs this first: it refuses to deploy while wrangler.toml's [env.production]
// still holds a placeholder (REPLACE-WITH-…, example.com). `node scripts/check-deploy.mjs [file]`.
import { readFileSync } from 'node:fs'
import { findPlaceholders, placeholderMessage } from './lib/deploy-check.mjs'

const file = process.argv[2] ?? 'wrangler.toml'
const message = placeholderMessage(findPlaceholders(readFileSync(file, 'utf8')), file)
if (message) {
  console.error(message)
  process.exit(1)
}
console.log(`gatehouse: ${file} [env.production] holds no placeholders`)
