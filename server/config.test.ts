import { describe, it, expect } from 'vitest';
import { loadConfig } from './config';

describe('config', () => {
  it('TRUST_PROXY: none by default; a comma list of addresses, CIDRs or range names; anything else refused', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.5, 192.168.0.0/16,::1 ,loopback' }).trustProxy).toEqual(['10.0.0.5', '192.168.0.0/16', '::1', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow();
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow();
  });
});
