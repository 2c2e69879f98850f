import { describe, expect, it } from 'vitest'
import { deviceLabel } from './device-label'

// Real User-Agent strings as the browsers send them (2025–2026 versions).
const CASES: { name: string; userAgent: string | undefined; label: string }[] = [
  {
    name: 'Safari on iPhone',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    label: 'Safari on iPhone',
  },
  {
    name: 'Chrome on iPhone (CriOS)',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
    label: 'Chrome on iPhone',
  },
  {
    name: 'Firefox on iPhone (FxiOS)',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15',
    label: 'Firefox on iPhone',
  },
  {
    name: 'Edge on iPhone (EdgiOS)',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/124.2478.71 Mobile/15E148 Safari/605.1.15',
    label: 'Edge on iPhone',
  },
  {
    name: 'Safari on iPad',
    userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    label: 'Safari on iPad',
  },
  {
    name: 'Safari on Mac',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    label: 'Safari on Mac',
  },
  {
    name: 'Chrome on Windows',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    label: 'Chrome on Windows',
  },
  {
    name: 'Edge on Windows',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
    label: 'Edge on Windows',
  },
  {
    name: 'Opera on Windows',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0',
    label: 'Opera on Windows',
  },
  { name: 'Firefox on Linux', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', label: 'Firefox on Linux' },
  {
    name: 'Chrome on Android',
    userAgent: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    label: 'Chrome on Android',
  },
  {
    name: 'Samsung Internet on Android',
    userAgent:
      'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
    label: 'Samsung Internet on Android',
  },
  {
    name: 'Chrome on ChromeOS',
    userAgent: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    label: 'Chrome on ChromeOS',
  },
  {
    name: 'headless Chromium on Linux',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
    label: 'Chrome on Linux',
  },
  { name: 'curl', userAgent: 'curl/8.5.0', label: 'curl' },
  { name: 'an app with only its system', userAgent: 'ShopApp/3.1 (iPhone; iOS 17.4)', label: 'iPhone' },
  { name: 'nothing known', userAgent: 'x'.repeat(512), label: 'Unknown device' },
  { name: 'empty', userAgent: '', label: 'Unknown device' },
  { name: 'absent', userAgent: undefined, label: 'Unknown device' },
]

describe('deviceLabel', () => {
  for (const { name, userAgent, label } of CASES) {
    it(name, () => expect(deviceLabel(userAgent)).toBe(label))
  }
})
