import { describe, expect, it } from 'vitest'
import { clientBucket } from './rate-limit'

const CASES: [string, string][] = [
  ['198.51.100.7', '198.51.100.7'],
  [' 198.51.100.7 ', '198.51.100.7'],
  ['2001:db8:1:2:aa:bb:cc:dd', '2001:db8:1:2::/64'],
  ['2001:DB8:1:2::1', '2001:db8:1:2::/64'],
  ['2001:0db8:0001:0002:0000:0000:0000:0001', '2001:db8:1:2::/64'],
  ['2001:db8::1', '2001:db8:0:0::/64'],
  ['::1', '0:0:0:0::/64'],
  ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ['::ffff:198.51.100.7', '198.51.100.7'],
  ['::ffff:c633:6407', '198.51.100.7'],
  ['2001:db8::1::2', '2001:db8::1::2'], // not an address: its own bucket
  ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
  ['unknown-thing', 'unknown-thing'],
]

describe('clientBucket', () => {
  it.each(CASES)('%s → %s', (ip, bucket) => {
    expect(clientBucket(ip)).toBe(bucket)
  })
})
