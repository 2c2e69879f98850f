// Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", and iOS browsers other
// than Safari name themselves (CriOS, FxiOS, EdgiOS) beside Safari's tokens.
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\b(?:Headless)?Chrome\/|\bCriOS\/|\bChromium\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\/|\bMobile\/\w+ Safari\//, 'Safari'],
  [/^curl\//i, 'curl'],
  [/^okhttp\//i, 'OkHttp'],
  [/^python-requests\//i, 'Python requests'],
]

// iPad before Mac: an iPad in desktop mode says "Macintosh" but not "iPad", and reads as a Mac.
const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMacintosh\b|\bMac OS X\b/, 'Mac'],
  [/\bLinux\b/, 'Linux'],
]

/**
 * A short human label for a User-Agent: "Safari on iPhone", "Chrome on Windows", "Firefox",
 * "iPhone", or "Unknown device". Only browser and operating system, never versions: the label
 * says which device a session is, not how to fingerprint it. Pure.
 *
 * @example
 * deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) … Version/17.4 Mobile/15E148 Safari/604.1')
 * // 'Safari on iPhone'
 */
export function deviceLabel(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown device'
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1]
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1]
  if (browser && system) return `${browser} on ${system}`
  return browser ?? system ?? 'Unknown device'
}
