/**
 * The first key that appears twice in one object of a JSON text, compared after unescaping
 * (`"em\u0061il"` is `"email"`), or `undefined`. `JSON.parse` silently keeps the last duplicate;
 * another parser in the chain (a WAF, a logger, the shop) may keep the first, which is how
 * credentials get smuggled past a check. Auth bodies are tiny, so any duplicate is refused.
 * Pure; expects text that `JSON.parse` has already accepted. Iterative, so deep nesting is safe.
 */
export function findDuplicateKey(json: string): string | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = []
  let expectKey = false
  for (let i = 0; i < json.length; i++) {
    const ch = json[i]
    if (ch === '{') {
      open.push(new Set())
      expectKey = true
    } else if (ch === '[') {
      open.push(null)
    } else if (ch === '}' || ch === ']') {
      open.pop()
    } else if (ch === ',') {
      expectKey = open.at(-1) instanceof Set
    } else if (ch === '"') {
      const end = endOfString(json, i)
      const keys = open.at(-1)
      if (expectKey && keys) {
        const key = JSON.parse(json.slice(i, end + 1)) as string
        if (keys.has(key)) return key
        keys.add(key)
        expectKey = false
      }
      i = end
    }
  }
  return undefined
}

// Index of the quote closing the string that opens at `start`, skipping escaped characters.
function endOfString(json: string, start: number): number {
  let i = start + 1
  while (json[i] !== '"') i += json[i] === '\\' ? 2 : 1
  return i
}
